import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EvidenceStore, checkResultsProof, resultsHashOf, type StoredResult } from '../../src/store/index.js';
import { openEvidence } from '../../src/period/index.js';
import { packFiles, writePack } from '../../src/export/pack.js';
import { integrityMaterial } from '../../src/integrity/pack-material.js';
import { verifyPack } from '../../src/integrity/verify-pack.js';
import type { Sample } from '../../src/sample/sample.js';
import { sha256Hex } from '../../src/util/canonical.js';
import { manyUsers, sealedRun, tempDb, USERS } from '../store/fixtures.js';

/**
 * `verify --pack` re-derives every result-set hash the seal covers from what the pack carries: a whole
 * set is re-hashed with the store's own chunk-tree code; a change item's single resource comes with the
 * chunks from the set's root down to it (an inclusion proof). Here on a set large enough to be a chunk
 * tree (300 results, tree-layout.ts), through the real pack writer and the real verifier.
 */
const CHECK = 'iam.user_mfa_enabled';

describe('result-set hashes recomputed from an evidence pack', () => {
  let db: ReturnType<typeof tempDb>;
  let store: EvidenceStore;
  const users = manyUsers(300);
  const target = users[3]!.id; // u0003: index 3 fails (i % 3 === 0)

  beforeEach(() => {
    db = tempDb();
    store = EvidenceStore.open(db.path);
    sealedRun(store, 1, USERS);
    sealedRun(store, 2, users);
  });
  afterEach(() => {
    store.close();
    db.cleanup();
  });

  const evidence = () => openEvidence(store, { timezone: 'UTC', producers: () => ['aws-iam'] });

  it('resultsHashOf gives the sealed hash of a whole set, flat (3 results) and as a chunk tree (300)', () => {
    for (const runId of [1, 2]) {
      const set = store.resultSets(runId).find((s) => s.checkId === CHECK)!;
      const results = store.results(set.resultsHash);
      expect(resultsHashOf(results)).toBe(set.resultsHash);
      const edited = results.map((r, i) => (i === 0 ? { ...r, reason: `${r.reason}.` } : r));
      expect(resultsHashOf(edited)).not.toBe(set.resultsHash);
    }
  });

  it('a proof carries a few chunks, not the set, and proves exactly the stored result', () => {
    const material = evidence().runMaterial(2, [CHECK], new Set([target]));
    const set = material.resultSets[0]!;
    expect(set.results).toEqual([{ resourceId: target, status: 'fail', reason: 'no MFA device' }]);
    // Root and one leaf (300 entries: depth 0, leaves of ~19 results).
    expect(set.proof).toHaveLength(2);
    expect(JSON.stringify(set.proof).length).toBeLessThan(JSON.stringify(store.results(set.row.resultsHash)).length / 4);
    expect(checkResultsProof(set.row.resultsHash, set.results, set.proof!)).toBeNull();
    const forged: StoredResult = { ...set.results[0]!, status: 'pass', reason: 'MFA enabled' };
    expect(checkResultsProof(set.row.resultsHash, [forged], set.proof!)).toMatch(/does not hold this result/);
    // A forged leaf no longer hashes to the slot its root names.
    const leaf = (set.proof![1] as StoredResult[]).map((r) => (r.resourceId === target ? forged : r));
    expect(checkResultsProof(set.row.resultsHash, [forged], [set.proof![0], leaf])).toMatch(/no sealed node on the path/);
    expect(checkResultsProof('0'.repeat(64), set.results, set.proof!)).toMatch(/no proof node hashes to the sealed results hash/);
  });

  /** A pack of one change item (one resource of run 2), written by the pack writer. */
  function changePack(dir: string): string {
    const sample: Sample = {
      framework: 'iso27001-2022',
      controlId: 'A.8.5',
      checks: [CHECK],
      from: '2025-03-02',
      to: '2025-03-02',
      timezone: 'UTC',
      frequency: 'per-change',
      seed: 'proof',
      algorithm: 'HMAC-SHA-256',
      populationSize: 1,
      populationGaps: 0,
      size: 1,
      items: [{ id: target, kind: 'change', day: '2025-03-02', runId: 2, status: 'fail', gap: null, resourceId: target, rank: 'a'.repeat(64) }],
    };
    const out = join(dir, 'pack');
    writePack(out, packFiles(evidence(), sample, (ids) => integrityMaterial(store, ids)));
    return out;
  }

  /** Rewrites a pack file and regenerates manifest.json and SHA256SUMS to match, as a careful forger would. */
  function forge(pack: string, path: string, edit: (value: any) => void): void {
    const value = JSON.parse(readFileSync(join(pack, path), 'utf8'));
    edit(value);
    writeFileSync(join(pack, path), JSON.stringify(value, null, 2) + '\n');
    const manifest = JSON.parse(readFileSync(join(pack, 'manifest.json'), 'utf8')) as { files: Array<{ path: string; sha256: string; bytes: number }> };
    for (const f of manifest.files) {
      const bytes = readFileSync(join(pack, f.path));
      Object.assign(f, { sha256: sha256Hex(bytes), bytes: bytes.length });
    }
    writeFileSync(join(pack, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    writeFileSync(join(pack, 'SHA256SUMS'), manifest.files.map((f) => `${f.sha256}  ${f.path}\n`).join(''));
  }

  it('verify --pack accepts a change item with its proof, and catches a forged result behind a regenerated manifest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-proof-'));
    try {
      const pack = changePack(dir);
      const results = JSON.parse(readFileSync(join(pack, `items/001-${target.replace(/[^A-Za-z0-9._-]/g, '_')}/results.json`), 'utf8')) as Array<{ results: unknown[]; proof: unknown[] }>;
      expect(results[0]!.results).toHaveLength(1);
      expect(results[0]!.proof.length).toBeGreaterThan(0);
      expect(verifyPack(pack, null)).toMatchObject({ ok: true, problems: [] });

      const item = `items/001-${target.replace(/[^A-Za-z0-9._-]/g, '_')}`;
      forge(pack, `${item}/results.json`, (sets) => {
        sets[0].results[0].status = 'pass';
        sets[0].results[0].reason = 'MFA enabled';
      });
      const report = verifyPack(pack, null);
      expect(report.ok).toBe(false);
      expect(report.problems).toEqual([`run 2: ${item}/results.json: result set ${CHECK} / aws:123456789012: the sealed chunk for ${target} does not hold this result (edited)`]);
      expect(report.runs.find((r) => r.id === 2)?.verdict).toBe('INVALID');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('seal version 2: a check’s rows in runs/<id>/result-sets/ are the bytes its sealed line hashes; edited, they cover nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-proof-'));
    try {
      const pack = changePack(dir);
      const file = `runs/2/result-sets/${CHECK}.json`;
      const material = JSON.parse(readFileSync(join(pack, 'integrity/runs/2/material.json'), 'utf8')) as { resultSetsByCheck: Array<{ checkId: string; resultSetsHash: string }> };
      expect(material.resultSetsByCheck.find((l) => l.checkId === CHECK)?.resultSetsHash).toBe(sha256Hex(readFileSync(join(pack, file))));
      expect(verifyPack(pack, null)).toMatchObject({ ok: true, problems: [] });
      forge(pack, file, (rows) => {
        rows[0].counts.fail -= 1;
        rows[0].counts.pass += 1;
      });
      const item = `items/001-${target.replace(/[^A-Za-z0-9._-]/g, '_')}`;
      expect(verifyPack(pack, null).problems).toEqual([
        `run 2: ${item}/results.json: result set ${CHECK} / aws:123456789012 is not one the seal covers`,
        `run 2: ${file}: is not a check's result-set rows that the seal covers (edited)`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('verify --pack checks the rows a pack restates in runs/<id>/run.json against the seal material', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-proof-'));
    try {
      const pack = changePack(dir);
      forge(pack, 'runs/2/run.json', (rows) => {
        rows.resultSets[0].counts.fail -= 1;
        rows.resultSets[0].counts.pass += 1;
        rows.collections[0].status = 'ok';
        rows.collections[0].apiCalls += 1;
      });
      const report = verifyPack(pack, null);
      expect(report.problems).toEqual([
        'run 2: runs/2/run.json: its collection rows differ from the sealed ones',
        'run 2: runs/2/run.json: a result-set row differs from the sealed ones',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
