import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditorQueries } from './estate-scale/queries.js';
import type { YearFigures } from './estate-scale/year.js';

/**
 * A query the benchmark cannot answer fails the benchmark: no figure is reported for a command that did not run
 * (query-child.ts refuses any exit code that is not an answer, and queries.ts any child that did not exit 0).
 */
describe('the benchmark\'s auditor queries', () => {
  it('reject when a command does not run (a file that is not an evidence store), instead of timing the error', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-bench-queries-'));
    try {
      const db = join(dir, 'year.db');
      writeFileSync(db, 'not a database');
      const year = { from: '2026-01-01', to: '2026-01-03', runIds: { first: 1, last: 3 } } as unknown as YearFigures;
      await expect(auditorQueries(dir, db, year, 1)).rejects.toThrow(/query child exited [1-9]/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
