import { brotliCompressSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EvidenceStore, SCHEMA_VERSION } from '../../src/store/index.js';
import { manyUsers, sealedRun, tempDb, withFlippedMfa } from './fixtures.js';
import { writeFlatStore } from './legacy-fixture.js';

/** Stores written before chunk trees (schema 1, flat manifests and results) stay readable and verifiable. */
describe('a schema-1 store with flat blobs', () => {
  // Large enough that today's writer would store a tree: these flat blobs are the old format.
  const USERS = manyUsers(300);
  const CHANGED = withFlippedMfa(USERS, 42);
  let path: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ path, cleanup } = tempDb());
    writeFlatStore(path, [USERS, CHANGED]);
  });
  afterEach(() => cleanup());

  function userVersion(): number {
    const raw = new Database(path, { readonly: true });
    const version = Number(raw.pragma('user_version', { simple: true }));
    raw.close();
    return version;
  }

  it('opens read-only without migrating, reads flat manifests and results, and verifies', () => {
    const store = EvidenceStore.open(path, { readonly: true });
    try {
      const manifestHash = store.collections(2)[0]!.manifestHash;
      expect(store.getBlob(manifestHash)).not.toHaveProperty('tree');
      const manifest = store.manifest(manifestHash);
      expect(Object.keys(manifest.observations)).toHaveLength(300);
      expect(manifest.observations[CHANGED[42]!.id]).toBe(store.hashOf(CHANGED[42]));
      const mfa = store.resultSets(2).find((s) => s.checkId === 'iam.user_mfa_enabled')!;
      expect(Array.isArray(store.getBlob(mfa.resultsHash))).toBe(true);
      expect(store.results(mfa.resultsHash).map((r) => r.resourceId)).toEqual(USERS.map((u) => u.id).sort());
      expect(store.verify()).toEqual({ ok: true, runsChecked: 2, blobsChecked: expect.any(Number) as number, problems: [], unsealedRuns: [], runs: [{ id: 1, verdict: 'valid', reasons: [] }, { id: 2, verdict: 'valid', reasons: [] }], tombstones: [] });
    } finally {
      store.close();
    }
    expect(userVersion()).toBe(1);
  });

  it('a writer migrates it; new runs write trees chained to the flat runs, and the whole chain verifies', () => {
    const store = EvidenceStore.open(path);
    try {
      expect(userVersion()).toBe(SCHEMA_VERSION);
      const next = sealedRun(store, 3, CHANGED);
      expect(store.getRun(next.id)?.prevSeal).toBe(store.getRun(2)?.seal);
      const [flatHash, treeHash] = [2, next.id].map((id) => store.collections(id)[0]!.manifestHash);
      // Same content, new format: the tree root differs from the flat blob, the content does not.
      expect(treeHash).not.toBe(flatHash);
      expect(store.getBlob(treeHash!)).toHaveProperty('tree');
      expect(store.manifest(treeHash!)).toEqual(store.manifest(flatHash!));
      expect(store.verify()).toMatchObject({ ok: true, runsChecked: 3, problems: [] });
    } finally {
      store.close();
    }
  });

  it('a tampered observation listed by a flat manifest still names the run that first lists it', () => {
    const store = EvidenceStore.open(path);
    sealedRun(store, 3, CHANGED);
    const changedHash = store.hashOf(CHANGED[42]);
    store.close();
    const raw = new Database(path);
    raw.prepare('UPDATE blobs SET data = ? WHERE hash = unhex(?)').run(brotliCompressSync(Buffer.from('{"forged":true}')), changedHash);
    raw.close();
    const reader = EvidenceStore.open(path, { readonly: true });
    const report = reader.verify();
    reader.close();
    expect(report.ok).toBe(false);
    expect(report.firstBadRun?.id).toBe(2);
    expect(report.firstBadRun?.reason).toContain(`observation ${CHANGED[42]!.id}: blob ${changedHash} content does not hash to its key`);
    expect(report.problems).toHaveLength(1);
  });
});
