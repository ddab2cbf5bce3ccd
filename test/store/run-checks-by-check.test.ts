import { copyFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EvidenceStore, SCHEMA_VERSION } from '../../src/store/index.js';
import { StoreQueries } from '../../src/store/queries.js';
import { hasRunChecksByCheck, RUN_CHECKS_BY_CHECK } from '../../src/store/schema-run-checks-by-check.js';
import { dayData, header, sealedRun, tempDb, user, USERS, withFlippedMfa } from './fixtures.js';
import { writeFlatStore } from './legacy-fixture.js';

const MFA = 'iam.user_mfa_enabled';
const IN_GROUP = 'iam.user_in_group';

/**
 * Schema 10 indexes run_checks by check (schema-run-checks-by-check.ts): one control's counts over a period are read
 * through it. A file at schema 9, which a read-only open does not migrate, is read by run_checks' key, with the same
 * answer; the first writer adds the index. Issue 15 (`sample` draws from a year of one control's counts).
 */
describe('run_checks by check (schema 10)', () => {
  let path: string;
  let dir: string;
  let cleanup: () => void;

  beforeEach(() => {
    ({ path, dir, cleanup } = tempDb());
    // Runs 1 and 2 sealed with version 1 (no lines), 3 to 6 with version 2; run 6 has no line of the group check.
    writeFlatStore(path, [USERS, withFlippedMfa(USERS, 1)]);
    const writer = EvidenceStore.open(path);
    sealedRun(writer, 3, withFlippedMfa(USERS, 0));
    sealedRun(writer, 4, [...USERS, user('dave', false)]);
    writer.beginRun(header(5)); // never completed: not evidence, no counts
    const day6 = dayData(6, USERS);
    writer.completeRun(writer.beginRun(header(6)), { ...day6, resultSets: day6.resultSets.filter((r) => r.checkId !== IN_GROUP) });
    writer.close();
  });
  afterEach(() => cleanup());

  /** A copy of the store as an agent at schema 9 left it: the same rows, without the index. */
  function schema9Copy(): string {
    const copy = `${dir}/schema9.db`;
    copyFileSync(path, copy);
    const raw = new Database(copy);
    raw.exec(`DROP INDEX ${RUN_CHECKS_BY_CHECK}`);
    raw.pragma('user_version = 9');
    raw.close();
    return copy;
  }

  const read = <T>(file: string, use: (store: EvidenceStore) => T): T => {
    const store = EvidenceStore.open(file, { readonly: true });
    try {
      return use(store);
    } finally {
      store.close();
    }
  };
  const inspect = (file: string, sql: string): unknown[] => {
    const raw = new Database(file, { readonly: true });
    try {
      return raw.prepare(sql).all();
    } finally {
      raw.close();
    }
  };

  it('a store at schema 10 has the index, and a few checks\' counts read through it are those of every check, filtered', () => {
    expect(SCHEMA_VERSION).toBe(10);
    const raw = new Database(path, { readonly: true });
    expect(hasRunChecksByCheck(raw)).toBe(true);
    raw.close();
    read(path, (store) => {
      for (const checks of [[MFA], [IN_GROUP], [MFA, IN_GROUP], ['no.such_check']]) {
        const expected = store.checkCounts(1, 6).filter((row) => checks.includes(row.checkId));
        expect(store.checkCounts(1, 6, checks), checks.join()).toEqual(expected);
      }
      // Both seal versions, in (run, check) order; run 5 (not sealed) has none, run 6 no group line.
      expect(store.checkCounts(1, 6, [IN_GROUP, MFA]).map((r) => `${r.runId} ${r.checkId}`)).toEqual([
        `1 ${IN_GROUP}`, `1 ${MFA}`, `2 ${IN_GROUP}`, `2 ${MFA}`, `3 ${IN_GROUP}`, `3 ${MFA}`, `4 ${IN_GROUP}`, `4 ${MFA}`, `6 ${MFA}`,
      ]);
      // Version-2 runs only (nothing to merge with version-1 rows): the index's (check, run) order is not the answer's.
      expect(store.checkCounts(3, 6, [MFA, IN_GROUP]).map((r) => `${r.runId} ${r.checkId}`)).toEqual([`3 ${IN_GROUP}`, `3 ${MFA}`, `4 ${IN_GROUP}`, `4 ${MFA}`, `6 ${MFA}`]);
      // Alice without MFA (run 3) and Dave without it (run 4): one failure more than the users of run 6.
      const fails = new Map(store.checkCounts(3, 6, [MFA]).map((r) => [r.runId, r.counts.fail]));
      expect([fails.get(3)! - fails.get(6)!, fails.get(4)! - fails.get(6)!]).toEqual([1, 1]);
    });
  });

  it('a few checks\' counts of a range of runs read only that range of the index, not every run\'s entries of each check', () => {
    const raw = new Database(path, { readonly: true });
    try {
      const v2 = new StoreQueries(raw).checkCountsForChecksSql()[1]!;
      const plan = (raw.prepare(`EXPLAIN QUERY PLAN ${v2}`).all(JSON.stringify([MFA]), 3, 3) as { detail: string }[]).map((r) => r.detail);
      // Without `+rc.run_id` SQLite moves the range onto runs through the join and searches the index by check alone.
      expect(plan).toContain(`SEARCH rc USING COVERING INDEX ${RUN_CHECKS_BY_CHECK} (check_id=? AND run_id>? AND run_id<?)`);
    } finally {
      raw.close();
    }
    read(path, (store) => expect(store.checkCounts(3, 3, [MFA, IN_GROUP]).map((r) => `${r.runId} ${r.checkId}`)).toEqual([`3 ${IN_GROUP}`, `3 ${MFA}`]));
  });

  it('the runs that evaluated any of a few checks are those with their counts, through the index or the key', () => {
    const copy = schema9Copy();
    for (const file of [path, copy]) {
      read(file, (store) => {
        for (const checks of [[MFA], [IN_GROUP], [MFA, IN_GROUP], ['no.such_check']]) {
          const expected = [...new Set(store.checkCounts(1, 6, checks).map((r) => r.runId))];
          expect(store.runsWithChecks(1, 6, checks), `${file} ${checks.join()}`).toEqual(expected);
        }
        // Run 6 holds no line of the group check; run 5 was never sealed; version-1 runs 1 and 2 come first.
        expect(store.runsWithChecks(1, 6, [IN_GROUP])).toEqual([1, 2, 3, 4]);
        expect(store.runsWithChecks(2, 4, [MFA])).toEqual([2, 3, 4]);
      });
    }
  });

  it('a read-only open of a schema-9 file reads the same counts by run_checks\' key; a writer adds the index', () => {
    const copy = schema9Copy();
    const withIndex = read(path, (store) => store.checkCounts(1, 6, [MFA, IN_GROUP]));
    expect(read(copy, (store) => store.checkCounts(1, 6, [MFA, IN_GROUP]))).toEqual(withIndex);
    expect(read(copy, (store) => store.checkCounts(2, 4, [IN_GROUP]))).toEqual(read(path, (store) => store.checkCounts(2, 4, [IN_GROUP])));
    expect(inspect(copy, 'PRAGMA user_version')).toEqual([{ user_version: 9 }]);
    EvidenceStore.open(copy).close();
    expect(inspect(copy, 'PRAGMA user_version')).toEqual([{ user_version: 10 }]);
    expect(inspect(copy, `SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'run_checks' AND sql IS NOT NULL`)).toEqual([{ name: RUN_CHECKS_BY_CHECK }]);
    expect(read(copy, (store) => store.checkCounts(1, 6, [MFA, IN_GROUP]))).toEqual(withIndex);
  });
});
