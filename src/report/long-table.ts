import Table from 'cli-table3';
// cli-table3 has no types for its helpers; strlen is the width it measures cells with (ANSI and wide characters).
// @ts-expect-error -- untyped internal module of cli-table3 (0.6.x), the same function Table uses.
import { strlen } from 'cli-table3/src/utils.js';

/** cli-table3 lays out at most this many rows at once (its layout pass grows with rows²). */
const CHUNK_ROWS = 500;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/** What the direct layout below handles exactly as cli-table3 does: no ANSI colour codes, tabs or carriage returns. */
const UNSAFE = /[\u001b\t\r]/;

/** cli-table3's width of one line of a cell; ASCII lines are their length (string-width was most of a 32,000-row table). */
const lineWidth = (line: string): number => (PRINTABLE_ASCII.test(line) ? line.length : (strlen(line) as number));

/**
 * A compact cli-table3 table of any length, byte for byte what one `new Table({ head, compact })` prints, in
 * time linear in the rows.
 *
 * Every table whose cells it models is laid out here, short or long (a daily report's findings: 32,000 rows at
 * the estate benchmark's default size): cli-table3 builds a cell object per cell, re-measures
 * every cell's width with regular expressions several times and checks span conflicts per cell, which took
 * ~9 of a 15-second report (issue 15). The layout of a compact, uncoloured, unspanned table is simple and
 * fixed: column widths are the widest line of each column plus one space each side, every cell is padded
 * on the right, a row is as tall as its tallest cell, and only the head has a rule under it.
 * test/report/long-table.test.ts checks the output against cli-table3's, byte for byte, on generated tables;
 * cells this layout does not model (colour codes, tabs, carriage returns) go to cli-table3 (in chunks of
 * CHUNK_ROWS rows when longer).
 */
export function compactTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return compactTableLines(head, rows).join('\n');
}

/**
 * compactTable as a list of lines (compactTable's text is their join with newlines). A long report adds the lines to
 * its own, so its 52 MB are copied into one string once, not once per table and again for the report (issue 15).
 */
export function compactTableLines(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  // Short tables too: cli-table3 took ~1 ms a row, and a day's AWS Config disagreements (230 rows at the benchmark's
  // default size) cost more than its 32,000 findings laid out here (issue 15).
  const direct = directLines(head, rows);
  if (direct !== null) return direct;
  return [cliTable3(head, rows)];
}

function cliTable3(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const style = { head: [], border: [], compact: true };
  if (rows.length <= CHUNK_ROWS) {
    const t = new Table({ head: [...head], style });
    for (const r of rows) t.push([...r]);
    return t.toString();
  }
  return chunkedTable(head, rows, style);
}

/**
 * The direct layout of a compact table (what cli-table3 prints for it), or null when a cell holds what it does
 * not model (colour codes, tabs, carriage returns) or the rows and head differ in length.
 */
export function directCompactTable(head: readonly string[], rows: readonly (readonly string[])[]): string | null {
  return directLines(head, rows)?.join('\n') ?? null;
}

function directLines(head: readonly string[], rows: readonly (readonly string[])[]): string[] | null {
  const columns = head.length;
  if (columns === 0 || head.some((c) => UNSAFE.test(c))) return null;
  if (rows.some((r) => r.length !== columns || r.some((c) => UNSAFE.test(c)))) return null;
  return directTable(head, rows, columns);
}

/**
 * A row's cells with their widths, measured once: the widths size the columns and then pad the lines. A row whose
 * cells are all one line (nearly every finding) keeps its cells as they are; only a row with a multi-line cell is
 * split into lines (splitting every cell was an array per cell, 128,000 for a day's findings; issue 15).
 */
type MeasuredRow = { readonly cells: readonly string[]; readonly widths: number[] } | { readonly cells: null; readonly lines: string[][]; readonly widths: number[][] };

function measure(row: readonly string[], columns: number): MeasuredRow {
  let single = true;
  for (let i = 0; i < columns && single; i += 1) single = !(row[i] ?? '').includes('\n');
  if (single) {
    const widths: number[] = [];
    for (let i = 0; i < columns; i += 1) widths.push(lineWidth(row[i] ?? ''));
    return { cells: row, widths };
  }
  const lines: string[][] = [];
  const widths: number[][] = [];
  for (let i = 0; i < columns; i += 1) {
    const cellLines = (row[i] ?? '').split('\n');
    lines.push(cellLines);
    widths.push(cellLines.map(lineWidth));
  }
  return { cells: null, lines, widths };
}

/** Runs of spaces by length, made once: a findings table pads each of its ~100,000 cells, mostly to a few lengths. */
const SPACES: string[] = [];
const spaces = (n: number): string => SPACES[n] ?? (SPACES[n] = ' '.repeat(n));

function directTable(head: readonly string[], rows: readonly (readonly string[])[], columns: number): string[] {
  const measuredHead = measure(head, columns);
  const measured = rows.map((r) => measure(r, columns));
  const contentWidths = Array.from({ length: columns }, () => 0);
  const widen = (m: MeasuredRow) => {
    for (let i = 0; i < columns; i += 1) {
      if (m.cells !== null) {
        if (m.widths[i]! > contentWidths[i]!) contentWidths[i] = m.widths[i]!;
      } else for (const w of m.widths[i]!) if (w > contentWidths[i]!) contentWidths[i] = w;
    }
  };
  widen(measuredHead);
  for (const m of measured) widen(m);
  const rule = (left: string, middle: string, right: string) => left + contentWidths.map((w) => '─'.repeat(w + 2)).join(middle) + right;
  const out: string[] = [rule('┌', '┬', '┐')];
  const push = (m: MeasuredRow) => {
    if (m.cells !== null) {
      let line = '│';
      for (let i = 0; i < columns; i += 1) line += ' ' + (m.cells[i] ?? '') + spaces(contentWidths[i]! - m.widths[i]! + 1) + '│';
      out.push(line);
      return;
    }
    const height = Math.max(...m.lines.map((l) => l.length));
    for (let k = 0; k < height; k += 1) {
      let line = '│';
      for (let i = 0; i < columns; i += 1) {
        const text = m.lines[i]![k] ?? '';
        const width = m.widths[i]![k] ?? 0;
        line += ' ' + text + spaces(contentWidths[i]! - width + 1) + '│';
      }
      out.push(line);
    }
  };
  push(measuredHead);
  if (measured.length > 0) out.push(rule('├', '┼', '┤'));
  for (const m of measured) push(m);
  out.push(rule('└', '┴', '┘'));
  return out;
}

const cellWidth = (cell: string): number => Math.max(0, ...cell.split('\n').map((line) => strlen(line) as number));

/** cli-table3 in chunks of CHUNK_ROWS rows with the widths fixed from every cell, inner borders dropped where chunks meet. */
function chunkedTable(head: readonly string[], rows: readonly (readonly string[])[], style: object): string {
  const columns = Math.max(head.length, ...rows.map((r) => r.length));
  const colWidths = Array.from({ length: columns }, (_, i) => Math.max(cellWidth(head[i] ?? ''), ...rows.map((r) => cellWidth(r[i] ?? ''))) + 2);
  const parts: string[] = [];
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    const first = start === 0;
    const last = start + CHUNK_ROWS >= rows.length;
    const t = new Table({ ...(first ? { head: [...head] } : {}), colWidths, style });
    for (const r of rows.slice(start, start + CHUNK_ROWS)) t.push([...r]);
    const lines = t.toString().split('\n');
    parts.push(...lines.slice(first ? 0 : 1, last ? lines.length : lines.length - 1));
  }
  return parts.join('\n');
}
