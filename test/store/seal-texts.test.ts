import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { EvidenceStore } from '../../src/store/index.js';
import { StoreQueries } from '../../src/store/queries.js';
import { sealMaterial, sealMatchesText } from '../../src/store/seal.js';

/**
 * Issue 15: read commands check every run of a period against its seal from seal material text SQLite builds
 * (json_object, one string per run), and keep the per-check counts read in the same pass for the period's
 * series. The text must be the material's exact JSON, a run that does not match must still be named in the
 * same words as when checked from its rows, and the counts must be the stored counts.
 */
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
afterEach(() => vi.restoreAllMocks());

const day = (d: number) => new Date(Date.UTC(2026, 0, 1) + d * 86_400_000).toISOString();
const SCOPES = ['aws:111111111111:eu-west-1', 'aws:111111111111:us-east-1', 'github:org-é "quoted"\\'];

function store(runs: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'cw-seal-texts-'));
  dirs.push(dir);
  const path = join(dir, 'e.db');
  const s = EvidenceStore.open(path);
  for (let d = 0; d < runs; d += 1) {
    const id = s.beginRun({ startedAt: day(d), trigger: 'test', agentVersion: 'test', configHash: 'x', scope: {}, exceptions: [] });
    if (d === 7) {
      s.markRunIncomplete(id);
      continue;
    }
    s.completeRun(id, {
      finishedAt: day(d).replace('00:00:00', '00:00:01'),
      collections: SCOPES.map((scope, i) => ({
        collector: i === 2 ? 'github' : 'aws-iam', scope, status: d % 5 === 0 && i === 1 ? ('error' as const) : ('ok' as const), error: d % 5 === 0 && i === 1 ? 'AccessDenied: "x"\n' : null,
        apiCalls: d + i, throttles: i, callsByOperation: { 'iam:ListUsers': 1, 'iam:GetUser': d },
        startedAt: day(d), finishedAt: day(d).replace('00:00:00', '00:00:01'), observations: [], gaps: [],
      })),
      resultSets: ['b.check', 'a.check', 'c.check'].flatMap((check) =>
        SCOPES.map((scope, i) => ({
          checkId: check, scope,
          results: [
            { checkId: check, scope, resourceId: `r${i}`, status: (d + i) % 3 === 0 ? ('fail' as const) : ('pass' as const), reason: 'r' },
            { checkId: check, scope, resourceId: `s${i}`, status: 'not_applicable' as const, reason: 'n/a' },
          ],
        })),
      ),
    });
  }
  s.close();
  return path;
}

/** A store of `days` runs with these SQL edits made behind its back (tampering). */
function tamperedStore(days: number, ...edits: string[]): string {
  const path = store(days);
  const db = new Database(path);
  for (const sql of edits) db.exec(sql);
  db.close();
  return path;
}

describe('seal material text from SQLite', () => {
  it('is the material JSON.stringify prints, and hashes to every untouched run’s seal', () => {
    const path = store(20);
    const db = new Database(path, { readonly: true });
    try {
      const q = new StoreQueries(db);
      const collections = q.collectionSealTexts({ first: 1, last: 20 });
      const resultSets = q.resultSetSealTexts({ first: 1, last: 20 });
      for (const run of q.runsBetweenIds(1, 20).filter((r) => r.status === 'sealed')) {
        const material = sealMaterial(run, q.collections(run.id), q.resultSets(run.id), run.prevSeal);
        expect(collections.get(run.id)).toBe(JSON.stringify(material.collections));
        // Seal version 2 (new runs): the check lines stand where version 1 lists every result-set row.
        expect(material.sealVersion).toBe(2);
        expect(resultSets.get(run.id)!.text).toBe(JSON.stringify('resultSetsByCheck' in material ? material.resultSetsByCheck : material.resultSets));
        expect(sealMatchesText(run, collections.get(run.id)!, resultSets.get(run.id)!.text, run.prevSeal, run.seal!)).toBe(true);
        expect(sealMatchesText(run, collections.get(run.id)!, resultSets.get(run.id)!.text.replace(/"pass":(\d+)/, (_, n: string) => `"pass":${Number(n) + 1}`), run.prevSeal, run.seal!)).toBe(false);
        // The counts read in the same pass are the stored counts.
        expect(resultSets.get(run.id)!.counts).toEqual(q.checkCounts(run.id, run.id));
      }
    } finally {
      db.close();
    }
  });

  it('runs chosen by a list of ids read the same texts as by their range', () => {
    const path = store(20);
    const db = new Database(path, { readonly: true });
    try {
      const q = new StoreQueries(db);
      const ids = [2, 5, 6, 13, 19];
      const pick = <T>(m: Map<number, T>) => [...m].filter(([id]) => ids.includes(id));
      expect([...q.collectionSealTexts({ ids })]).toEqual(pick(q.collectionSealTexts({ first: 1, last: 20 })));
      for (const withCounts of [true, false]) expect([...q.resultSetSealTexts({ ids }, withCounts)]).toEqual(pick(q.resultSetSealTexts({ first: 1, last: 20 }, withCounts)));
    } finally {
      db.close();
    }
  });

  it('scattered runs (a sample’s drawn days) are read with one statement per table, and a tampered one is named as when read alone', () => {
    const path = tamperedStore(20, `UPDATE run_checks SET pass = pass + 1 WHERE run_id = 9 AND check_id = 'a.check'`);
    const scattered = [2, 5, 9, 13, 17];
    const s = EvidenceStore.open(path, { readonly: true });
    try {
      const textReads = vi.spyOn(StoreQueries.prototype, 'collectionSealTexts');
      expect(s.sealProblems(scattered)).toEqual(['run 9 does not match its seal: its header, collections or result sets were edited or deleted']);
      expect(textReads.mock.calls).toEqual([[{ ids: scattered }]]);
      textReads.mockRestore();
    } finally {
      s.close();
    }
  });

  it('an untouched period is checked from the text alone, and its counts are answered from that pass', () => {
    const path = store(20);
    const rowReads = vi.spyOn(StoreQueries.prototype, 'runChecks');
    const countQueries = vi.spyOn(StoreQueries.prototype, 'checkCounts');
    const s = EvidenceStore.open(path, { readonly: true });
    const fresh = EvidenceStore.open(path, { readonly: true });
    try {
      const ids = Array.from({ length: 20 }, (_, i) => i + 1);
      expect(s.sealProblems(ids)).toEqual([]);
      expect(rowReads).not.toHaveBeenCalled();
      const counts = s.checkCounts(1, 20);
      expect(countQueries).not.toHaveBeenCalled();
      expect(counts).toEqual(fresh.checkCounts(1, 20));
      expect(counts).toHaveLength(19 * 3);
      // A range with a run the seal check did not read is answered by the counts query.
      expect(s.checkCounts(1, 21)).toEqual(fresh.checkCounts(1, 21));
    } finally {
      s.close();
      fresh.close();
    }
  });

  it('a run whose text does not match is checked from its rows and named in the same words; its counts are not kept', () => {
    const path = tamperedStore(
      20,
      `UPDATE run_checks SET pass = pass + 1 WHERE run_id = 3 AND check_id = 'a.check'`, // a version-2 seal's per-check line
      `UPDATE run_checks SET fail = x'01' WHERE run_id = 12 AND check_id = 'c.check'`, // a BLOB: json_object refuses it
      `UPDATE collections SET error = 'edited' WHERE run_id = 16 AND error IS NOT NULL`,
    );
    const s = EvidenceStore.open(path, { readonly: true });
    const one = EvidenceStore.open(path, { readonly: true });
    try {
      const ids = Array.from({ length: 20 }, (_, i) => i + 1);
      const bulk = s.sealProblems(ids);
      expect(bulk).toEqual(ids.map((id) => one.sealProblem(id)).filter((p) => p !== null));
      expect(bulk).toEqual([3, 12, 16].map((id) => `run ${id} does not match its seal: its header, collections or result sets were edited or deleted`));
      const countQueries = vi.spyOn(StoreQueries.prototype, 'checkCounts');
      s.checkCounts(1, 20);
      expect(countQueries).toHaveBeenCalledTimes(1);
    } finally {
      s.close();
      one.close();
    }
  });
});

/** Blocks this thread for `ms` (the worker runs meanwhile, as it does while a read command builds its answer). */
const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

describe('seal check started ahead on a worker thread (issue 15: a year’s period)', () => {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
  const edited = (id: number) => `run ${id} does not match its seal: its header, collections or result sets were edited or deleted`;

  it('the worker’s spans give the same verdicts and words as this thread: an edited count, a BLOB, an edited collection, a deleted run', () => {
    // 140 runs: three spans (64 + 64 + 12), a tampered run in each.
    const path = tamperedStore(
      140,
      `UPDATE run_checks SET pass = pass + 1 WHERE run_id = 3 AND check_id = 'a.check'`, // a version-2 seal's per-check line
      `UPDATE run_checks SET fail = x'01' WHERE run_id = 70 AND check_id = 'c.check'`, // a BLOB: json_object refuses it
      `UPDATE collections SET error = 'edited' WHERE run_id = 131 AND error IS NOT NULL`, // day 130: a failed collection
      `DELETE FROM collections WHERE run_id = 100; DELETE FROM result_sets WHERE run_id = 100; DELETE FROM run_checks WHERE run_id = 100; DELETE FROM runs WHERE id = 100`,
    );
    const expected = [edited(3), edited(70), 'run 101 does not chain to the seal of the sealed run before it (99): a run was deleted or re-sealed', edited(131)];
    const here = EvidenceStore.open(path, { readonly: true });
    const ahead = EvidenceStore.open(path, { readonly: true });
    try {
      expect(here.sealProblems(ids(140))).toEqual(expected);
      const textReads = vi.spyOn(StoreQueries.prototype, 'resultSetSealTexts');
      // A version-2 run is checked from its rows through its check lines (run_checks).
      const rowReads = vi.spyOn(StoreQueries.prototype, 'runChecks');
      ahead.checkSealsAhead(ids(140));
      sleep(2000); // time for the worker to take every span, so that none is checked on this thread
      expect(ahead.sealProblems(ids(140))).toEqual(expected);
      expect(textReads).not.toHaveBeenCalled();
      // Only the runs whose digest did not match are read as rows (101's material matches; its link does not).
      expect(rowReads.mock.calls).toEqual([[3], [70], [131]]);
    } finally {
      here.close();
      ahead.close();
    }
  });

  it('the counts come with the worker’s spans: checkCounts answers them without its query, the same rows', () => {
    const path = store(140);
    const ahead = EvidenceStore.open(path, { readonly: true });
    const fresh = EvidenceStore.open(path, { readonly: true });
    try {
      ahead.checkSealsAhead(ids(140));
      sleep(2000);
      const countQueries = vi.spyOn(StoreQueries.prototype, 'checkCounts');
      const textReads = vi.spyOn(StoreQueries.prototype, 'resultSetSealTexts');
      expect(ahead.sealProblems(ids(140))).toEqual([]);
      const counts = ahead.checkCounts(1, 140);
      expect(textReads).not.toHaveBeenCalled();
      expect(countQueries).not.toHaveBeenCalled();
      countQueries.mockRestore();
      expect(counts).toEqual(fresh.checkCounts(1, 140));
      expect(counts).toHaveLength(139 * 3);
    } finally {
      ahead.close();
      fresh.close();
    }
  });

  it('this thread checks the spans left when it asks before the worker is done, and the answer is the same', () => {
    const path = tamperedStore(140, `UPDATE run_checks SET pass = pass + 1 WHERE run_id = 139 AND check_id = 'a.check'`);
    const ahead = EvidenceStore.open(path, { readonly: true });
    try {
      ahead.checkSealsAhead(ids(140));
      // Asked at once: the worker is still starting, so this thread claims spans too.
      expect(ahead.sealProblems(ids(140))).toEqual([edited(139)]);
    } finally {
      ahead.close();
    }
  });

  it('a worker that fails or dies makes the check throw, never pass', () => {
    const path = store(70);
    const failing = String.raw`
      postAnswer({ failure: 'disk on fire' });
    `;
    for (const [source, words] of [
      [failing, /^seal check worker failed: disk on fire$/],
      ['process.exit(3);', /^seal check worker exited before answering$/],
      ['throw new Error("not this way");', /^seal check worker exited before answering$/],
    ] as const) {
      const s = EvidenceStore.open(path, { readonly: true });
      try {
        s.checkSealsAhead(ids(70), source);
        sleep(300);
        expect(() => s.sealProblems(ids(70)), source).toThrow(words);
      } finally {
        s.close();
      }
    }
  });
});
