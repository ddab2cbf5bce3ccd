import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { beginRun, completeRun, sealedRun, tempDbPath } from '../period/fixtures.js';
import { ClockSkewError, EvidenceStore } from '../../src/store/index.js';
import { cli } from '../cli/in-process.js';
import { recordFigures } from './figures.js';

/**
 * Clock skew between runs (issue 14, the suite's point 4): a run whose clock reads earlier than the last
 * sealed run's start. Before the guard the store sealed it silently: verify said ok, the report called the
 * earlier-dated run "latest" with a "previous" run that started a day after it. Now the store refuses it,
 * naming both times; nothing is written, the chain and the period stay as they were, and the next run with a
 * correct clock seals.
 */
const pass = [{ checkId: 'c.a', resourceId: 'r1', status: 'pass' as const }];
let tried = 0;
afterAll(() => recordFigures('clock-skew', { badInputsTried: tried }));

describe('clock skew between runs', () => {
  it('a run dated before the last sealed run is refused, naming both times; the chain and the period are intact', async () => {
    const db = tempDbPath();
    const store = EvidenceStore.open(db);
    try {
      sealedRun(store, { startedAt: '2026-03-10T12:00:00.000Z', results: pass });
      for (const skewed of ['2026-03-09T12:00:00.000Z', '2026-03-10T11:59:59.999Z']) {
        tried += 1;
        let error: unknown;
        try {
          beginRun(store, { startedAt: skewed, results: pass });
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(ClockSkewError);
        expect((error as Error).message).toContain(`a run starting at ${skewed}: sealed run 1 started later, at 2026-03-10T12:00:00.000Z`);
        expect((error as Error).message).toContain(db);
      }
      // Nothing was written: no run row, no dangling `running` row to be marked incomplete later.
      const raw = new Database(db, { readonly: true });
      expect(raw.prepare('SELECT id, status FROM runs ORDER BY id').all()).toEqual([{ id: 1, status: 'sealed' }]);
      raw.close();
      // The same instant is not skew (two runs in one millisecond); a later clock seals and chains.
      sealedRun(store, { startedAt: '2026-03-10T12:00:00.000Z', results: pass });
      const id = beginRun(store, { startedAt: '2026-03-11T12:00:00.000Z', results: pass });
      completeRun(store, id, { startedAt: '2026-03-11T12:00:00.000Z', results: pass });
      const verified = store.verify();
      expect(verified.ok).toBe(true);
      expect(verified.runs.map((r) => r.verdict)).toEqual(['valid', 'valid', 'valid']);
    } finally {
      store.close();
    }
    // The period reads each day from its own run, in order: 10 and 11 March evaluated, no day out of order.
    const period = await cli(['period', '--from', '2026-03-10', '--to', '2026-03-11', '--db', db, '--format', 'json']);
    expect(period.stderr).toBe('');
    expect(period.stdout).not.toMatch(/2026-03-09/);
    const report = await cli(['report', '--db', db, '--format', 'json']);
    const doc = JSON.parse(report.stdout) as { run: { id: number; startedAt: string }; previousRun: { id: number; startedAt: string } };
    expect(doc.run).toMatchObject({ id: 3, startedAt: '2026-03-11T12:00:00.000Z' });
    expect(Date.parse(doc.previousRun.startedAt)).toBeLessThanOrEqual(Date.parse(doc.run.startedAt));
    rmSync(dirname(db), { recursive: true, force: true });
  });
});
