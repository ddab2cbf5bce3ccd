import Table from 'cli-table3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactTable, compactTableLines, directCompactTable } from '../../src/report/long-table.js';

/** What one cli-table3 instance prints: the reference the chunked layout must equal byte for byte. */
function oneTable(head: string[], rows: string[][]): string {
  const t = new Table({ head, style: { head: [], border: [], compact: true } });
  for (const r of rows) t.push(r);
  return t.toString();
}

const row = (i: number): string[] => [
  `check.id.${i % 37}`,
  i % 11 === 0 ? `arn:aws:s3:::bucket-é—${i}` : `arn:aws:iam::111111111111:user/u${i}`,
  i % 5 === 0 ? 'FAIL' : 'ERROR',
  i % 7 === 0 ? `a reason that was wrapped\nonto a second line ${i}` : `reason ${'x'.repeat(i % 23)}`,
];

describe('compactTable', () => {
  it('prints exactly what a single cli-table3 table prints, across chunk boundaries', () => {
    const head = ['check', 'resource', 'status', 'reason'];
    for (const n of [0, 1, 499, 500, 501, 1000, 1234]) {
      const rows = Array.from({ length: n }, (_, i) => row(i));
      expect(compactTable(head, rows), `${n} rows`).toBe(oneTable(head, rows));
    }
  });

  it('gives the same table as lines (what a long report appends to its own lines), laid out directly or by cli-table3', () => {
    const head = ['check', 'resource', 'status', 'reason'];
    const rows = Array.from({ length: 40 }, (_, i) => row(i));
    const lines = compactTableLines(head, rows);
    expect(lines.length).toBeGreaterThan(40);
    expect(lines.join('\n')).toBe(oneTable(head, rows));
    const coloured = rows.map((r, i) => (i === 3 ? [`\u001b[31m${r[0]}\u001b[39m`, ...r.slice(1)] : r));
    expect(compactTableLines(head, coloured).join('\n')).toBe(oneTable(head, coloured));
  });

  it('keeps the widest cell of a later chunk uncut (widths come from every row, not the first chunk)', () => {
    const rows = Array.from({ length: 1200 }, (_, i) => ['c', i === 1100 ? 'the-longest-resource-id-of-all-rows' : 'r']);
    const out = compactTable(['check', 'resource'], rows);
    expect(out).toContain('the-longest-resource-id-of-all-rows');
    expect(out).toBe(oneTable(['check', 'resource'], rows));
  });
});

/** Cell text as reports hold it: ASCII, spaces, wrapped lines, and the non-ASCII a resource id or reason may carry. */
const cellText = fc
  .array(fc.constantFrom('a', 'Z', '0', ' ', '-', ':', '/', '\n', 'é', '—', '…', '漢', 'ｱ', '✓', '😀', 'ß', '\u0301'), { maxLength: 30 })
  .map((chars) => chars.join(''));

describe('directCompactTable', () => {
  it('prints byte for byte what cli-table3 prints, for generated tables (widths, wide characters, multi-line cells)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((columns) =>
          fc.tuple(fc.array(cellText, { minLength: columns, maxLength: columns }), fc.array(fc.array(cellText, { minLength: columns, maxLength: columns }), { maxLength: 25 })),
        ),
        ([head, rows]) => {
          expect(directCompactTable(head, rows)).toBe(oneTable(head, rows));
        },
      ),
      { numRuns: 300 },
    );
  });

  // Rows whose cells are all one line take a shorter path (no split per cell; issue 15): generated here without
  // newlines so that path meets wide characters and every width, beside rows that wrap.
  it('prints what cli-table3 prints for one-line rows, alone and mixed with multi-line rows, short and long', () => {
    const oneLine = cellText.map((t) => t.replace(/\n/g, ' '));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((columns) =>
          fc.tuple(
            fc.array(oneLine, { minLength: columns, maxLength: columns }),
            fc.array(fc.array(oneLine, { minLength: columns, maxLength: columns }), { maxLength: 30 }),
            fc.array(fc.array(cellText, { minLength: columns, maxLength: columns }), { maxLength: 3 }),
          ),
        ),
        ([head, single, multi]) => {
          const rows = [...single.slice(0, 15), ...multi, ...single.slice(15)];
          expect(directCompactTable(head, single)).toBe(oneTable(head, single));
          expect(compactTable(head, rows)).toBe(oneTable(head, rows));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('declines what it does not model (colour codes, tabs, carriage returns, ragged rows): cli-table3 prints those', () => {
    expect(directCompactTable(['a'], [['\u001b[31mred\u001b[39m']])).toBeNull();
    expect(directCompactTable(['a'], [['x\ty']])).toBeNull();
    expect(directCompactTable(['a'], [['x\r\ny']])).toBeNull();
    expect(directCompactTable(['a', 'b'], [['only one']])).toBeNull();
    const coloured = Array.from({ length: 600 }, (_, i) => [`\u001b[31mr${i}\u001b[39m`, 'x']);
    expect(compactTable(['a', 'b'], coloured)).toBe(oneTable(['a', 'b'], coloured));
  });
});
