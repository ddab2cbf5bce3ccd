import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EvidenceStore } from '../../src/store/index.js';
import { computeSeal } from '../../src/store/seal.js';
import { hashJson } from '../../src/util/canonical.js';
import { verifyPack } from '../../src/integrity/verify-pack.js';
import { loadPublicKey } from '../../src/integrity/keys.js';
import { user } from '../store/fixtures.js';
import { signedStore, tamper, verifyWith, writeMinimalPack } from './fixture.js';
import { forgeCheckLines } from '../support/forge-check-lines.js';

type Fixture = Awaited<ReturnType<typeof signedStore>>;

describe('verify names the run behind each kind of tampering', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await signedStore();
  });
  afterEach(() => f.cleanup());

  const verdictOf = (report: Awaited<ReturnType<typeof verifyWith>>, id: number) => report.runs.find((r) => r.id === id);

  it('an untouched store verifies: every run valid and signed, checkpoints covering the head', async () => {
    const report = await verifyWith(f.path, f.integrity);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.runs.map((r) => r.verdict)).toEqual(['valid', 'valid', 'valid', 'valid', 'valid']);
    expect(report.signatures).toEqual({ trustedKeys: [f.keys.fingerprint], signedRuns: 5, unsignedRuns: [] });
    expect(report.checkpoints.anchors).toEqual([{ label: `directory ${f.anchorDir}`, checkpoints: 5 }]);
    expect(report.checkpoints.latest).toMatchObject({ headRunId: 5, runCount: 5, headSeal: f.seals[4], keyFingerprint: f.keys.fingerprint });
    expect(report.checkpoints.uncoveredRuns).toEqual([]);
  });

  it('an edited result: the run whose counts changed is INVALID', async () => {
    tamper(f.path, [`UPDATE result_sets SET fail = 0, pass = pass + 1 WHERE run_id = 2 AND check_id = 'iam.user_mfa_enabled'`]);
    const report = await verifyWith(f.path, f.integrity);
    expect(report.ok).toBe(false);
    expect(report.firstBadRun?.id).toBe(2);
    // Seal version 2: the run's seal covers a line per check, and the edited check's rows no longer give its line.
    expect(verdictOf(report, 2)).toMatchObject({ verdict: 'INVALID', reasons: [expect.stringMatching(/result sets of iam.user_mfa_enabled do not match the per-check digests its seal covers/)] });
    expect(verdictOf(report, 1)?.verdict).toBe('valid');
    expect(verdictOf(report, 3)?.verdict).toBe('valid');
  });

  it('a deleted middle run: reported missing, and the next run no longer links', async () => {
    tamper(f.path, ['DELETE FROM result_sets WHERE run_id = 3'], ['DELETE FROM run_checks WHERE run_id = 3'], ['DELETE FROM collections WHERE run_id = 3'], ['DELETE FROM seal_signatures WHERE run_id = 3'], ['DELETE FROM runs WHERE id = 3']);
    const report = await verifyWith(f.path, f.integrity);
    expect(report.ok).toBe(false);
    expect(verdictOf(report, 3)?.verdict).toBe('missing');
    expect(verdictOf(report, 4)).toMatchObject({ verdict: 'INVALID', reasons: [expect.stringMatching(/prev_seal does not match the seal of the previous sealed run 2/)] });
    expect(report.problems.some((p) => /states 5 sealed runs up to run 5; the store accounts for 4/.test(p))).toBe(true);
  });

  it('a truncated tail with its ids hidden: only the checkpoint catches it, naming the run', async () => {
    tamper(
      f.path,
      ['DELETE FROM result_sets WHERE run_id = 5'],
      ['DELETE FROM run_checks WHERE run_id = 5'],
      ['DELETE FROM collections WHERE run_id = 5'],
      ['DELETE FROM seal_signatures WHERE run_id = 5'],
      ['DELETE FROM runs WHERE id = 5'],
      [`UPDATE sqlite_sequence SET seq = 4 WHERE name = 'runs'`],
    );
    const store = EvidenceStore.open(f.path, { readonly: true });
    expect(store.verify().ok).toBe(true); // the chain alone cannot see a clean cut
    store.close();
    const report = await verifyWith(f.path, f.integrity);
    expect(report.ok).toBe(false);
    expect(report.firstBadRun?.id).toBe(5);
    expect(verdictOf(report, 5)).toMatchObject({ verdict: 'missing', reasons: [expect.stringMatching(/checkpoint-0000000005 .* names it as the chain head .* truncated/)] });
  });

  it('a replaced blob: the first run that references it is INVALID', async () => {
    const bobWithMfa = hashJson(user('bob', true));
    tamper(f.path, ['UPDATE blobs SET data = ? WHERE hash = unhex(?)', brotliCompressSync(Buffer.from('{"forged":true}')), bobWithMfa]);
    const report = await verifyWith(f.path, f.integrity);
    expect(report.ok).toBe(false);
    expect(report.firstBadRun?.id).toBe(3);
    expect(verdictOf(report, 3)?.reasons.join(' ')).toContain(bobWithMfa);
  });

  it('a whole chain recomputed without the key: seals and links check out, signatures do not', async () => {
    // Edit run 2's result, then re-seal runs 2..5 in order, as an attacker with the database but not the key would.
    const raw = new Database(f.path);
    raw.pragma('foreign_keys = OFF');
    raw.prepare(`UPDATE result_sets SET fail = 0, pass = pass + 1 WHERE run_id = 2 AND check_id = 'iam.user_mfa_enabled'`).run();
    forgeCheckLines(raw, 2);
    raw.close();
    for (let id = 2; id <= 5; id += 1) {
      const store = EvidenceStore.open(f.path, { readonly: true });
      const run = store.getRun(id)!;
      const prev = store.getRun(id - 1)!.seal;
      const seal = computeSeal(run, store.collections(id), store.resultSets(id), prev);
      store.close();
      tamper(f.path, ['UPDATE runs SET seal = ?, prev_seal = ? WHERE id = ?', seal, prev, id]);
    }
    const store = EvidenceStore.open(f.path, { readonly: true });
    expect(store.verify().ok).toBe(true); // internally consistent again
    store.close();
    const report = await verifyWith(f.path, f.integrity);
    expect(report.ok).toBe(false);
    expect(report.firstBadRun?.id).toBe(2);
    for (const id of [2, 3, 4, 5]) expect(verdictOf(report, id)?.reasons.join(' ')).toMatch(/signature by key .* does not match the seal/);
    expect(verdictOf(report, 1)?.verdict).toBe('valid');
  });

  it('signatures stripped as well: runs after the first signed one are INVALID for being unsigned', async () => {
    tamper(f.path, ['DELETE FROM seal_signatures WHERE run_id >= 4']);
    const report = await verifyWith(f.path, f.integrity);
    expect(verdictOf(report, 4)?.reasons).toEqual([expect.stringMatching(/has no signature, although run 1 before it was signed/)]);
    expect(verdictOf(report, 5)?.verdict).toBe('INVALID');
  });

  it('a pack file edited: verify --pack names the run, with only the public key', async () => {
    const out = mkdtempSync(join(tmpdir(), 'controlwatch-pack-'));
    try {
      await writeMinimalPack(f.path, f.integrity, [3], out);
      const key = loadPublicKey(readFileSync(f.keys.publicKeyPath));
      const trusted = new Map([[key.fingerprint, key.key]]);
      const clean = verifyPack(out, trusted);
      expect(clean.problems).toEqual([]);
      expect(clean.runs.map((r) => `${r.id}:${r.verdict}`)).toEqual(['3:valid', '4:valid', '5:valid']);
      expect(clean.checkpoint).toMatchObject({ headRunId: 5, runCount: 5 });

      const material = join(out, 'integrity/runs/4/material.json');
      const original = readFileSync(material, 'utf8');
      const forged = original.replace('"pass":3', '"pass":2');
      expect(forged).not.toBe(original);
      writeFileSync(material, forged);
      const edited = verifyPack(out, trusted);
      expect(edited.ok).toBe(false);
      expect(edited.runs.find((r) => r.id === 4)).toMatchObject({
        verdict: 'INVALID',
        reasons: expect.arrayContaining([expect.stringMatching(/integrity\/runs\/4\/material.json does not match its SHA-256/), 'seal material does not hash to its seal (edited)']),
      });
      expect(edited.runs.find((r) => r.id === 3)?.verdict).toBe('valid');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
