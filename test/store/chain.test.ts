import { copyFileSync } from 'node:fs';
import { brotliCompressSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { forgeCheckLines } from '../support/forge-check-lines.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeSeal } from '../../src/store/seal.js';
import { hashJson } from '../../src/util/canonical.js';
import { EvidenceStore } from '../../src/store/index.js';
import { USERS, sealedRun, tempDb, user } from './fixtures.js';

describe('sealed runs form a verifiable chain', () => {
  let path: string;
  let cleanup: () => void;
  let seals: string[];
  const changedBob = user('bob', true);

  // Three sealed runs; bob's observation changes on day 2, so its new blob is first used by run 2.
  beforeEach(() => {
    ({ path, cleanup } = tempDb());
    const store = EvidenceStore.open(path);
    seals = [
      sealedRun(store, 1).seal,
      sealedRun(store, 2, [USERS[0]!, changedBob, USERS[2]!]).seal,
      sealedRun(store, 3, [USERS[0]!, changedBob, USERS[2]!]).seal,
    ];
    store.close();
  });
  afterEach(() => cleanup());

  /** Tampers through a plain SQLite connection, as someone with the file would. */
  function tamper(sql: string, ...params: unknown[]): void {
    const raw = new Database(path);
    raw.pragma('foreign_keys = OFF');
    raw.prepare(sql).run(...params);
    raw.close();
  }

  function verify() {
    const store = EvidenceStore.open(path, { readonly: true });
    try {
      return store.verify();
    } finally {
      store.close();
    }
  }

  it('links each run to the previous seal and verifies', () => {
    const store = EvidenceStore.open(path, { readonly: true });
    const runs = [1, 2, 3].map((id) => store.getRun(id)!);
    store.close();
    expect(runs.map((r) => r.seal)).toEqual(seals);
    expect(runs.map((r) => r.prevSeal)).toEqual([null, seals[0], seals[1]]);
    expect(new Set(seals).size).toBe(3);
    // 8 blobs on day 1, plus bob's new observation, its manifest and the one result blob whose verdict changed.
    expect(verify()).toEqual({
      ok: true,
      runsChecked: 3,
      blobsChecked: 11,
      problems: [],
      unsealedRuns: [],
      runs: [1, 2, 3].map((id) => ({ id, verdict: 'valid', reasons: [] })),
      tombstones: [],
    });
  });

  it('blames a collection row that no longer reads on its own run, not on the runs read with it (issue 15)', () => {
    // verify reads many runs' rows in one range query; a row that fails to read must still name only its run.
    tamper(`UPDATE collections SET calls_by_operation = 'not json' WHERE run_id = 2`);
    const report = verify();
    expect(report.ok).toBe(false);
    expect(report.firstBadRun?.id).toBe(2);
    expect(report.firstBadRun?.reason).toMatch(/^run 2: rows unreadable \(/);
    expect(report.runs[0]).toEqual({ id: 1, verdict: 'valid', reasons: [] });
    expect(report.runs[1]!.verdict).toBe('INVALID');
    expect(report.runs[1]!.reasons).toEqual([expect.stringMatching(/^rows unreadable \(/)]);
  });

  it('detects edited result counts and names run 2', () => {
    tamper('UPDATE result_sets SET fail = 0, pass = pass + 1 WHERE run_id = 2');
    const report = verify();
    expect(report.ok).toBe(false);
    expect(report.firstBadRun?.id).toBe(2);
    // Seal version 2: the seal covers a line per check; the edited rows no longer give their checks' lines.
    expect(report.firstBadRun?.reason).toMatch(/result sets of iam.user_in_group, iam.user_mfa_enabled do not match the per-check digests its seal covers/);
  });

  it('detects an edited per-check line (run_checks), which the seal covers, and rows that still give the old line', () => {
    tamper(`UPDATE run_checks SET pass = pass + 1 WHERE run_id = 2 AND check_id = 'iam.user_mfa_enabled'`);
    const report = verify();
    expect(report.firstBadRun?.id).toBe(2);
    expect(report.runs[1]!.reasons).toEqual([
      'seal does not match its header, collections or result sets (edited or deleted rows)',
      'result sets of iam.user_mfa_enabled do not match the per-check digests its seal covers: result-set or run_checks rows were edited or deleted',
    ]);
  });

  it('detects an edited results hash, header field, collection row or deleted row', () => {
    const edits = [
      `UPDATE result_sets SET results_hash = (SELECT results_hash FROM result_sets WHERE run_id = 1 LIMIT 1) WHERE run_id = 2`,
      `UPDATE runs SET agent_version = '9.9.9' WHERE id = 2`,
      `UPDATE runs SET finished_at = '2025-03-02T07:00:00.000Z' WHERE id = 2`,
      `UPDATE collections SET status = 'partial', error = 'x' WHERE run_id = 2`,
      `UPDATE collections SET api_calls = api_calls + 1 WHERE run_id = 2`,
      `UPDATE collections SET manifest_hash = (SELECT manifest_hash FROM collections WHERE run_id = 1) WHERE run_id = 2`,
      `DELETE FROM result_sets WHERE run_id = 2 AND check_id = 'iam.user_in_group'`,
      `DELETE FROM collections WHERE run_id = 2`,
    ];
    const pristine = `${path}.pristine`;
    copyFileSync(path, pristine);
    for (const sql of edits) {
      copyFileSync(pristine, path);
      expect(verify().ok, `before: ${sql}`).toBe(true);
      tamper(sql);
      const report = verify();
      expect(report.ok, sql).toBe(false);
      expect(report.firstBadRun?.id, sql).toBe(2);
    }
  });

  it('detects edited blob bytes and names the first run that references the blob through a manifest', () => {
    const bobHash = hashJson(changedBob);
    const forged = Buffer.from(JSON.stringify({ ...changedBob, attributes: { mfaEnabled: false } }));
    tamper('UPDATE blobs SET data = ? WHERE hash = unhex(?)', brotliCompressSync(forged), bobHash);
    const report = verify();
    expect(report.ok).toBe(false);
    expect(report.firstBadRun?.id).toBe(2);
    expect(report.firstBadRun?.reason).toContain(bobHash);
    expect(report.problems).toHaveLength(1);
    // Reading the edited blob fails too, rather than showing the forgery.
    const store = EvidenceStore.open(path, { readonly: true });
    const manifest = store.manifest(store.collections(2)[0]!.manifestHash);
    expect(() => store.getBlob(manifest.observations[changedBob.id]!)).toThrow(/does not hash to its key/);
    store.close();
  });

  it('flags run 3 when run 2 is deleted from the middle of the chain', () => {
    tamper('DELETE FROM result_sets WHERE run_id = 2');
    tamper('DELETE FROM run_checks WHERE run_id = 2');
    tamper('DELETE FROM collections WHERE run_id = 2');
    tamper('DELETE FROM runs WHERE id = 2');
    const report = verify();
    expect(report.ok).toBe(false);
    expect(report.firstBadRun?.id).toBe(3);
    expect(report.firstBadRun?.reason).toMatch(/prev_seal does not match the seal of the previous sealed run 1/);
    expect(report.problems).toContain('run 2 is missing: its id was issued but the row is gone (deleted)');
  });

  it('flags the next run when an edited run is re-sealed by the tamperer', () => {
    tamper(`UPDATE result_sets SET fail = 0, pass = pass + 1 WHERE run_id = 2 AND check_id = 'iam.user_mfa_enabled'`);
    const raw = new Database(path);
    forgeCheckLines(raw, 2);
    raw.close();
    const store = EvidenceStore.open(path, { readonly: true });
    const forgedSeal = computeSeal(store.getRun(2)!, store.collections(2), store.resultSets(2), seals[0]!);
    store.close();
    tamper('UPDATE runs SET seal = ? WHERE id = 2', forgedSeal);
    const report = verify();
    expect(report.firstBadRun?.id).toBe(3);
  });

  it('flags a sealed run whose status was edited to hide it', () => {
    tamper(`UPDATE runs SET status = 'incomplete', seal = NULL WHERE id = 2`);
    const report = verify();
    expect(report.ok).toBe(false);
    expect(report.firstBadRun).toEqual({ id: 2, reason: 'run 2: is incomplete but holds collection/result rows' });
    expect(report.problems.some((p) => p.startsWith('run 3: prev_seal'))).toBe(true);
  });

  it('notices the newest run deleted only through the issued-id sequence', () => {
    tamper('DELETE FROM result_sets WHERE run_id = 3');
    tamper('DELETE FROM collections WHERE run_id = 3');
    tamper('DELETE FROM runs WHERE id = 3');
    const report = verify();
    expect(report.ok).toBe(false);
    expect(report.firstBadRun?.id).toBe(3);
  });
});

