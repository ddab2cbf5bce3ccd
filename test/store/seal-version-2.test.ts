import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EvidenceStore, SCHEMA_VERSION } from '../../src/store/index.js';
import { sealMaterial } from '../../src/store/seal.js';
import { canonicalJson } from '../../src/util/canonical.js';
import { sealedRun, tempDb, USERS, withFlippedMfa } from './fixtures.js';
import { writeFlatStore } from './legacy-fixture.js';

/**
 * Seal version 2 (schema 9): a run's seal covers a line per check (its counts summed over scopes and the SHA-256 of
 * its result-set rows' canonical JSON), stored in run_checks. Runs sealed before keep version 1. Issue 15.
 */
describe('seal version 2 beside version 1', () => {
  let path: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ path, cleanup } = tempDb());
    // Two runs as an old agent sealed them (version 1), then two by this one after migrating the file.
    writeFlatStore(path, [USERS, withFlippedMfa(USERS, 1)]);
    const writer = EvidenceStore.open(path);
    sealedRun(writer, 3, withFlippedMfa(USERS, 0));
    sealedRun(writer, 4, USERS);
    writer.close();
  });
  afterEach(() => cleanup());

  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

  it('old runs stay version 1 with no lines; new runs are version 2 with a line per check; all verify', () => {
    const store = EvidenceStore.open(path, { readonly: true });
    const raw = new Database(path, { readonly: true });
    try {
      expect(Number(raw.pragma('user_version', { simple: true }))).toBe(SCHEMA_VERSION);
      expect([1, 2, 3, 4].map((id) => store.getRun(id)!.sealVersion)).toEqual([1, 1, 2, 2]);
      const lines = raw.prepare('SELECT run_id, count(*) AS n FROM run_checks GROUP BY run_id ORDER BY run_id').all();
      const checks = (id: number) => new Set(store.resultSets(id).map((r) => r.checkId)).size;
      expect(lines).toEqual([{ run_id: 3, n: checks(3) }, { run_id: 4, n: checks(4) }]);
      expect(store.verify()).toMatchObject({ ok: true, problems: [], runsChecked: 4 });
      expect(store.sealProblems([1, 2, 3, 4])).toEqual([]);
    } finally {
      raw.close();
      store.close();
    }
  });

  it('a version-2 seal is the SHA-256 of material whose check lines hash their rows as canonical JSON (what an auditor recomputes)', () => {
    const store = EvidenceStore.open(path, { readonly: true });
    try {
      const run = store.getRun(3)!;
      const rows = store.resultSets(3);
      const material = sealMaterial(run, store.collections(3), rows, run.prevSeal);
      expect(sha256(canonicalJson(material))).toBe(run.seal);
      expect('resultSets' in material).toBe(false);
      if (!('resultSetsByCheck' in material)) throw new Error('version 2 material has check lines');
      for (const line of material.resultSetsByCheck) {
        const mine = rows
          .filter((r) => r.checkId === line.checkId)
          .sort((a, b) => (a.scope < b.scope ? -1 : 1))
          .map((r) => ({ checkId: r.checkId, counts: r.counts, resultsHash: r.resultsHash, scope: r.scope }));
        expect(line.resultSetsHash).toBe(sha256(canonicalJson(mine)));
        expect(line.scopes).toBe(mine.length);
        expect(line.counts.fail).toBe(mine.reduce((n, r) => n + r.counts.fail, 0));
      }
      // The previous run is version 1: its material lists every row, and the chain runs across the versions.
      const old = store.getRun(2)!;
      expect(run.prevSeal).toBe(old.seal);
      expect(Object.keys(sealMaterial(old, store.collections(2), store.resultSets(2), old.prevSeal))).toContain('resultSets');
    } finally {
      store.close();
    }
  });

  it('per-check counts read across both versions equal the sums of the rows, in (run, check) order, all checks or a few', () => {
    const store = EvidenceStore.open(path, { readonly: true });
    try {
      const fromRows = [1, 2, 3, 4].flatMap((id) => {
        const byCheck = new Map<string, { scopes: number; fail: number; pass: number }>();
        for (const r of store.resultSets(id)) {
          const c = byCheck.get(r.checkId) ?? { scopes: 0, fail: 0, pass: 0 };
          byCheck.set(r.checkId, { scopes: c.scopes + 1, fail: c.fail + r.counts.fail, pass: c.pass + r.counts.pass });
        }
        return [...byCheck].sort(([a], [b]) => (a < b ? -1 : 1)).map(([checkId, c]) => ({ runId: id, checkId, ...c }));
      });
      const read = store.checkCounts(1, 4).map((r) => ({ runId: r.runId, checkId: r.checkId, scopes: r.scopes, fail: r.counts.fail, pass: r.counts.pass }));
      expect(read).toEqual(fromRows);
      const one = fromRows[0]!.checkId;
      expect(store.checkCounts(1, 4, [one]).map((r) => r.runId)).toEqual([1, 2, 3, 4]);
    } finally {
      store.close();
    }
  });

  it('a line stored for a version-1 run (added rows) is named by verify, and never read as its counts', () => {
    const raw = new Database(path);
    raw.prepare(`INSERT INTO run_checks (run_id, check_id, scopes, pass, fail, error, excepted, not_applicable, result_sets_hash) VALUES (1, 'iam.user_mfa_enabled', 1, 99, 0, 0, 0, 0, randomblob(32))`).run();
    raw.close();
    const store = EvidenceStore.open(path, { readonly: true });
    try {
      expect(store.checkCounts(1, 1).every((r) => r.counts.pass !== 99)).toBe(true);
      expect(store.verify().runs[0]).toMatchObject({ id: 1, verdict: 'INVALID', reasons: [expect.stringMatching(/holds run_checks rows although its seal \(version 1\)/)] });
    } finally {
      store.close();
    }
  });

  it('a file from before schema 9 opened read-only (not migrated) reads every run as version 1', () => {
    const { path: old, cleanup: done } = tempDb();
    try {
      writeFlatStore(old, [USERS, withFlippedMfa(USERS, 1)]);
      const store = EvidenceStore.open(old, { readonly: true });
      try {
        expect(store.getRun(2)!.sealVersion).toBe(1);
        expect(store.sealProblems([1, 2])).toEqual([]);
        expect(store.checkCounts(1, 2).length).toBeGreaterThan(0);
        expect(store.verify().ok).toBe(true);
      } finally {
        store.close();
      }
    } finally {
      done();
    }
  });
});
