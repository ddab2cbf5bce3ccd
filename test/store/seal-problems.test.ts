import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { StoreQueries } from '../../src/store/queries.js';
import { EvidenceStore } from '../../src/store/index.js';

/**
 * Issue 15: the read commands check every run of a period against its seal in a few range queries
 * (sealProblems) instead of four queries a run. Same verdicts, same words as sealProblem, run by run.
 */
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const SCOPE = 'aws:111111111111';
const day = (d: number) => new Date(Date.UTC(2026, 0, 1) + d * 86_400_000).toISOString();

/** `runs` sealed runs (more than one span of sealProblems) with one incomplete run among them. */
function store(runs: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'cw-seals-'));
  dirs.push(dir);
  const path = join(dir, 'e.db');
  const s = EvidenceStore.open(path);
  for (let d = 0; d < runs; d += 1) {
    const id = s.beginRun({ startedAt: day(d), trigger: 'test', agentVersion: 'test', configHash: 'x', scope: {}, exceptions: [] });
    if (d === 10) {
      s.markRunIncomplete(id);
      continue;
    }
    s.completeRun(id, {
      finishedAt: day(d).replace('00:00:00', '00:00:01'),
      collections: [
        {
          collector: 'aws-iam', scope: SCOPE, status: 'ok', error: null, apiCalls: 1, throttles: 0, callsByOperation: { 'iam:ListUsers': 1, 'iam:GetUser': 2 },
          startedAt: day(d), finishedAt: day(d).replace('00:00:00', '00:00:01'),
          observations: [{ type: 'aws.iam.user', id: 'u1', scope: SCOPE, attributes: { mfa: d % 2 === 0 }, source: ['iam:ListUsers'] }],
          gaps: [],
        },
      ],
      resultSets: ['a', 'b'].map((check) => ({ checkId: check, scope: SCOPE, results: [{ checkId: check, scope: SCOPE, resourceId: 'u1', status: d % 3 === 0 ? ('fail' as const) : ('pass' as const), reason: 'r' }] })),
    });
  }
  s.close();
  return path;
}

function verdicts(path: string, ids: readonly number[] = Array.from({ length: 150 }, (_, i) => i + 1)): { bulk: string[]; oneByOne: string[] } {
  const a = EvidenceStore.open(path, { readonly: true });
  const b = EvidenceStore.open(path, { readonly: true });
  try {
    return { bulk: a.sealProblems(ids), oneByOne: ids.map((id) => b.sealProblem(id)).filter((p): p is string => p !== null) };
  } finally {
    a.close();
    b.close();
  }
}

describe('checking many runs against their seals at once', () => {
  it('finds nothing in an untouched store', () => {
    expect(verdicts(store(140))).toEqual({ bulk: [], oneByOne: [] });
  });

  it('names the same tampered runs, in the same words, as checking them one by one', () => {
    const path = store(140);
    const db = new Database(path);
    db.exec(`UPDATE run_checks SET pass = 1, fail = 0 WHERE run_id = 4`); // counts edited (the per-check lines a version-2 seal covers)
    db.exec(`UPDATE collections SET api_calls = 9 WHERE run_id = 70`); // a collection row edited (second span)
    db.exec(`UPDATE runs SET started_at = '2025-01-01T00:00:00.000Z' WHERE id = 100`); // header edited
    db.exec(`DELETE FROM collections WHERE run_id = 120; DELETE FROM result_sets WHERE run_id = 120; DELETE FROM run_checks WHERE run_id = 120; DELETE FROM runs WHERE id = 120`); // a run deleted
    db.close();
    const { bulk, oneByOne } = verdicts(path);
    expect(bulk).toEqual(oneByOne);
    expect(bulk).toEqual([
      'run 4 does not match its seal: its header, collections or result sets were edited or deleted',
      'run 70 does not match its seal: its header, collections or result sets were edited or deleted',
      'run 100 does not match its seal: its header, collections or result sets were edited or deleted',
      'run 121 does not chain to the seal of the sealed run before it (119): a run was deleted or re-sealed',
    ]);
  });

  it('runs asked for sparsely (the days a sample drew) get the same verdicts, chain links included, as one by one', () => {
    const path = store(140);
    const db = new Database(path);
    db.exec(`UPDATE run_checks SET pass = pass + 5 WHERE run_id = 29`);
    db.exec(`DELETE FROM collections WHERE run_id = 64; DELETE FROM result_sets WHERE run_id = 64; DELETE FROM run_checks WHERE run_id = 64; DELETE FROM runs WHERE id = 64`);
    db.close();
    // Every 9th run, and a cluster: runs far apart are read on their own, close ones together.
    const ids = [...Array.from({ length: 15 }, (_, i) => 2 + i * 9), 100, 101, 103];
    const { bulk, oneByOne } = verdicts(path, ids);
    expect(bulk).toEqual(oneByOne);
    expect(bulk).toEqual([
      'run 29 does not match its seal: its header, collections or result sets were edited or deleted',
      'run 65 does not chain to the seal of the sealed run before it (63): a run was deleted or re-sealed',
    ]);
  });

  it('a result-set row edited under its check line (seal version 2): the seal check passes the run, reading its result sets refuses them, naming run and check', () => {
    const path = store(20);
    const db = new Database(path);
    db.exec(`UPDATE result_sets SET pass = pass + 1 WHERE run_id = 5 AND check_id = 'b'`);
    db.close();
    // What the seal covers (header, collections, per-check lines and counts) is intact, and is what a period shows.
    expect(verdicts(path, [4, 5, 6])).toEqual({ bulk: [], oneByOne: [] });
    const s = EvidenceStore.open(path, { readonly: true });
    try {
      // Counts come from the sealed lines, not from the edited row (which says 2 passes for b).
      expect(s.checkCounts(5, 5).map((r) => [r.checkId, r.counts.pass])).toEqual([['a', 1], ['b', 1]]);
      expect(() => s.resultSets(5)).toThrow(/^run 5's result sets of b do not match the per-check digests its seal covers: .*restore the store from a verified copy$/);
      expect(s.resultSets(6)).toHaveLength(2);
      expect(s.verify().runs.find((r) => r.id === 5)).toMatchObject({ verdict: 'INVALID', reasons: [expect.stringMatching(/^result sets of b do not match/)] });
    } finally {
      s.close();
    }
  });

  it('without keepCounts (a sample’s drawn days) the same runs are named, and no counts are kept for later reads', () => {
    const path = store(140);
    const db = new Database(path);
    db.exec(`UPDATE run_checks SET pass = pass + 5 WHERE run_id = 29`);
    db.close();
    const ids = [...Array.from({ length: 15 }, (_, i) => 2 + i * 9), 100, 101, 103];
    const lean = EvidenceStore.open(path, { readonly: true });
    const full = EvidenceStore.open(path, { readonly: true });
    try {
      expect(lean.sealProblems(ids, { keepCounts: false })).toEqual(full.sealProblems(ids));
      expect(lean.sealProblems(ids, { keepCounts: false })).toEqual(['run 29 does not match its seal: its header, collections or result sets were edited or deleted']);
      const query = vi.spyOn(StoreQueries.prototype, 'checkCounts');
      expect(lean.checkCounts(2, 2)).toEqual(full.checkCounts(2, 2));
      expect(query).toHaveBeenCalledTimes(1); // only lean's: full answered from the counts its seal check kept
      query.mockRestore();
    } finally {
      lean.close();
      full.close();
    }
  });

  it('counts of a few checks (a sample of one control) are those checks\' rows of the full counts, whichever way they are read', () => {
    const path = store(140);
    const fresh = EvidenceStore.open(path, { readonly: true });
    const checked = EvidenceStore.open(path, { readonly: true });
    try {
      const all = fresh.checkCounts(1, 140);
      const onlyA = all.filter((r) => r.checkId === 'a');
      expect(onlyA).toHaveLength(139); // 140 runs, one of them incomplete
      expect(fresh.checkCounts(1, 140, ['a'])).toEqual(onlyA);
      expect(fresh.checkCounts(1, 140, ['a', 'b', 'a'])).toEqual(all);
      expect(fresh.checkCounts(1, 140, ['no.such.check'])).toEqual([]);
      // After a period's seal pass, the counts it read answer, filtered the same way.
      expect(checked.sealProblems(Array.from({ length: 140 }, (_, i) => i + 1))).toEqual([]);
      expect(checked.checkCounts(1, 140, ['a'])).toEqual(onlyA);
    } finally {
      fresh.close();
      checked.close();
    }
  });

  it('a run whose material JSON.stringify prints out of canonical order (array-index keys) still matches its seal', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-seals-'));
    dirs.push(dir);
    const path = join(dir, 'e.db');
    const s = EvidenceStore.open(path);
    const id = s.beginRun({ startedAt: day(0), trigger: 'test', agentVersion: 'test', configHash: 'x', scope: {}, exceptions: [] });
    // JS orders "9" before "10"; canonical JSON (code units) puts "10" first: the fast comparison misses, the canonical one decides.
    s.completeRun(id, {
      finishedAt: day(0).replace('00:00:00', '00:00:01'),
      collections: [{ collector: 'aws-iam', scope: SCOPE, status: 'ok', error: null, apiCalls: 2, throttles: 0, callsByOperation: { '9': 1, '10': 1 }, startedAt: day(0), finishedAt: day(0), observations: [], gaps: [] }],
      resultSets: [],
    });
    s.close();
    expect(verdicts(path)).toEqual({ bulk: [], oneByOne: [] });
    const db = new Database(path);
    db.exec(`UPDATE collections SET calls_by_operation = '{"10":1,"9":2}'`);
    db.close();
    expect(verdicts(path).bulk).toEqual(['run 1 does not match its seal: its header, collections or result sets were edited or deleted']);
    const store = EvidenceStore.open(path, { readonly: true });
    try {
      expect(store.verify().firstBadRun?.id).toBe(1);
    } finally {
      store.close();
    }
  });
});
