// The colours module cli-table3 draws with (its optional dependency; no types): switched off and on below.
// @ts-expect-error -- untyped
import colors from '@colors/colors/safe';
import Table from 'cli-table3';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultStyleTable, tableColours } from '../../src/export/period-render.js';

/** What cli-table3 prints for `new Table({ head })`: the reference the direct layout must equal byte for byte. */
function cliTable3(head: string[], rows: string[][]): string {
  const t = new Table({ head });
  for (const r of rows) t.push(r);
  return t.toString();
}

/** Printable ASCII as a period's cells hold it (ids, counts, days, verdicts), empty and space-padded ones too. */
const asciiCell = fc.array(fc.constantFrom('a', 'Z', '0', '9', ' ', '-', '.', ':', '/', '(', ')', '|', '~'), { maxLength: 24 }).map((c) => c.join(''));
/** Cells the direct layout leaves to cli-table3: wide characters, combining marks, colour codes, tabs, new lines. */
const otherCell = fc.array(fc.constantFrom('a', ' ', 'é', '漢', '😀', '\u0301', '\u001b[31m', '\u001b[39m', '\t', '\n', '\r'), { minLength: 1, maxLength: 12 }).map((c) => c.join(''));

const table = (cell: fc.Arbitrary<string>) =>
  fc.integer({ min: 1, max: 6 }).chain((columns) =>
    fc.tuple(fc.array(asciiCell, { minLength: columns, maxLength: columns }), fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), { maxLength: 12 })),
  );

describe('the period table laid out directly (issue 15)', () => {
  const enabled = colors.enabled;
  afterEach(() => {
    colors.enabled = enabled;
  });

  it('is what cli-table3 prints, coloured and not, for printable ASCII cells', () => {
    for (const coloured of [true, false]) {
      colors.enabled = coloured;
      // The direct layout is the one in use (not cli-table3 drawing every table): it reproduces cli-table3's probe.
      expect(tableColours()?.border('│')).toBe(coloured ? '\u001b[90m│\u001b[39m' : '│');
      fc.assert(
        fc.property(table(asciiCell), ([head, rows]) => {
          expect(defaultStyleTable(head, rows)).toBe(cliTable3(head, rows));
        }),
        { numRuns: 150 },
      );
    }
  });

  it('hands cli-table3 the cells it does not model (wide, combining, colour codes, tabs, new lines) and a table without rows', () => {
    colors.enabled = true;
    fc.assert(
      fc.property(table(fc.oneof(asciiCell, otherCell)), ([head, rows]) => {
        expect(defaultStyleTable(head, rows)).toBe(cliTable3(head, rows));
      }),
      { numRuns: 150 },
    );
    expect(defaultStyleTable(['a', 'b'], [])).toBe(cliTable3(['a', 'b'], []));
  });

  it('a period row: grey borders with the corner inside the last segment, a red head, a rule between rows', () => {
    colors.enabled = true;
    const out = defaultStyleTable(['framework', 'n/a'], [['soc2-2017', '0'], ['iso27001-2022', '12']]);
    expect(out.split('\n')).toEqual([
      '\u001b[90m┌───────────────\u001b[39m\u001b[90m┬─────┐\u001b[39m',
      '\u001b[90m│\u001b[39m\u001b[31m framework     \u001b[39m\u001b[90m│\u001b[39m\u001b[31m n/a \u001b[39m\u001b[90m│\u001b[39m',
      '\u001b[90m├───────────────\u001b[39m\u001b[90m┼─────┤\u001b[39m',
      '\u001b[90m│\u001b[39m soc2-2017     \u001b[90m│\u001b[39m 0   \u001b[90m│\u001b[39m',
      '\u001b[90m├───────────────\u001b[39m\u001b[90m┼─────┤\u001b[39m',
      '\u001b[90m│\u001b[39m iso27001-2022 \u001b[90m│\u001b[39m 12  \u001b[90m│\u001b[39m',
      '\u001b[90m└───────────────\u001b[39m\u001b[90m┴─────┘\u001b[39m',
    ]);
    expect(out).toBe(cliTable3(['framework', 'n/a'], [['soc2-2017', '0'], ['iso27001-2022', '12']]));
  });
});
