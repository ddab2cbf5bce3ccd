import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';
import type { LogEntry } from '../period/index.js';
import type { PeriodExport } from './document.js';

const PERIOD_HEAD = ['framework', 'control', 'pass', 'fail', 'error', 'excepted', 'n/a', 'no evidence', 'first failure', 'longest streak', 'verdict'];

/** `period` as a table: one row per control with its verdict, then its episodes and gaps. */
export function renderPeriodTable(doc: PeriodExport): string {
  const rows = doc.controls.map((c) => {
    const t = c.tally;
    return [c.framework, c.controlId, String(t.pass), String(t.fail), String(t.error), String(t.excepted), String(t.not_applicable), String(t.no_evidence), c.firstFailure ?? '', c.longestFailingStreak ? `${c.longestFailingStreak.days}d` : '', c.verdict];
  });
  const lines = [`period ${doc.from} to ${doc.to} (audit days in ${doc.timezone}), ${doc.runs.length} sealed runs`, defaultStyleTable(PERIOD_HEAD, rows)];
  for (const c of doc.controls) {
    if (c.episodes.length === 0 && c.gaps.length === 0) continue;
    lines.push('', `${c.framework} ${c.controlId}: ${c.verdict}`);
    for (const e of c.episodes) {
      lines.push(`  failing ${e.start} → ${e.end ?? 'still failing'}${e.remediatedOn ? `, remediated ${e.remediatedOn} (${e.hoursToRemediate} h)` : ''}, ${e.failingDays} failing day(s)`);
    }
    for (const g of c.gaps) lines.push(`  gap ${g.day}: ${g.reason} — ${g.detail}`);
  }
  return lines.join('\n') + '\n';
}

/** `period --format csv`: one row per control. */
export function renderPeriodCsv(doc: PeriodExport): string {
  return stringify(
    doc.controls.map((c) => ({ framework: c.framework, control: c.controlId, ...c.tally, first_failure: c.firstFailure ?? '', longest_failing_streak: c.longestFailingStreak?.days ?? 0, episodes: c.episodes.length, gaps: c.gaps.length, verdict: c.verdict })),
    { header: true, columns: ['framework', 'control', 'pass', 'fail', 'error', 'excepted', 'not_applicable', 'no_evidence', 'first_failure', 'longest_failing_streak', 'episodes', 'gaps', 'verdict'] },
  );
}

const LOG_COLUMNS = ['day', 'kind', 'subject', 'resource', 'detail', 'owners'] as const;

export function renderLogCsv(entries: readonly LogEntry[]): string {
  return stringify(entries.map((e) => ({ ...e, resource: e.resource ?? '', owners: e.owners.join(' ') })), { header: true, columns: [...LOG_COLUMNS] });
}

/** The log as plain text, one heading per day. */
export function renderLogText(entries: readonly LogEntry[], from: string, to: string): string {
  if (entries.length === 0) return `${from} to ${to}: nothing changed\n`;
  const lines: string[] = [];
  let day = '';
  for (const e of entries) {
    if (e.day !== day) {
      day = e.day;
      lines.push('', day);
    }
    const who = e.owners.length ? ` [${e.owners.join(', ')}]` : '';
    lines.push(`  ${e.kind.replace(/_/g, ' ')}: ${e.subject}${e.resource ? ` ${e.resource}` : ''} — ${e.detail}${who}`);
  }
  return lines.slice(1).join('\n') + '\n';
}

/** What the direct layout below handles exactly as cli-table3 does: printable ASCII (one column per character). */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * What `new Table({ head })` of cli-table3 prints (its default style: a rule between rows, grey borders, a red
 * head, one space each side of a cell), laid out directly, byte for byte. cli-table3 builds an object per cell and
 * measures every cell several times with regular expressions built per call: ~35-60 ms for a year's ~150
 * controls, ~140 ms in a process's first `period` (issue 15). Cells other than printable ASCII, and a table
 * without rows, go to cli-table3. The colours are cli-table3's own: whether it colours (@colors/colors decides
 * from the terminal, FORCE_COLOR, --no-color) is read from a one-row table it draws first, and when neither
 * layout below matches that table exactly, cli-table3 draws the whole table. test/export/period-table.test.ts
 * compares the two on generated tables, coloured and not. (src/report/long-table.ts lays out compact uncoloured tables.)
 */
export function defaultStyleTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const columns = head.length;
  const direct =
    columns > 0 &&
    rows.length > 0 &&
    head.every((c) => PRINTABLE_ASCII.test(c)) &&
    rows.every((r) => r.length === columns && r.every((c) => PRINTABLE_ASCII.test(c)));
  const colours = direct ? tableColours() : null;
  if (colours === null) {
    const table = new Table({ head: [...head] });
    for (const r of rows) table.push([...r]);
    return table.toString();
  }
  return directTable(head, rows, colours);
}

type Colours = { readonly border: (s: string) => string; readonly head: (s: string) => string };
const plain = (s: string) => s;
const COLOURED: Colours = { border: (s) => `\u001b[90m${s}\u001b[39m`, head: (s) => `\u001b[31m${s}\u001b[39m` };
const UNCOLOURED: Colours = { border: plain, head: plain };

/** The colours cli-table3 draws with now: the layout that reproduces a one-row table it draws; null when neither does (exported for its test). */
export function tableColours(): Colours | null {
  const probeHead = ['head', 'h'];
  const probeRows = [['a', 'row cell'], ['', 'b']];
  const table = new Table({ head: probeHead });
  for (const r of probeRows) table.push(r);
  const drawn = table.toString();
  for (const colours of [COLOURED, UNCOLOURED]) if (directTable(probeHead, probeRows, colours) === drawn) return colours;
  return null;
}

function directTable(head: readonly string[], rows: readonly (readonly string[])[], colours: Colours): string {
  const widths = head.map((h) => h.length);
  for (const r of rows) for (let i = 0; i < widths.length; i += 1) if (r[i]!.length > widths[i]!) widths[i] = r[i]!.length;
  const last = widths.length - 1;
  // A rule: each column's segment coloured on its own, the right corner inside the last one (as cli-table3 draws it).
  const rule = (left: string, middle: string, right: string) =>
    widths.map((w, i) => colours.border((i === 0 ? left : middle) + '─'.repeat(w + 2) + (i === last ? right : ''))).join('');
  const bar = colours.border('│');
  const line = (cells: readonly string[], style: (s: string) => string) => {
    let out = '';
    for (let i = 0; i < widths.length; i += 1) out += bar + style(' ' + cells[i]! + ' '.repeat(widths[i]! - cells[i]!.length + 1));
    return out + bar;
  };
  const between = rule('├', '┼', '┤');
  const out = [rule('┌', '┬', '┐'), line(head, colours.head)];
  for (const r of rows) out.push(between, line(r, plain));
  out.push(rule('└', '┴', '┘'));
  return out.join('\n');
}
