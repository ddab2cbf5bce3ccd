import { brotliCompressSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareResultSet } from '../../src/store/records.js';
import { KeyHasher } from '../../src/store/tree-layout.js';
import { manifestTypeCounts, readManifest, type ManifestLeaves } from '../../src/store/tree-kinds.js';
import { EvidenceStore } from '../../src/store/index.js';
import { dayData, manyUsers, sealedRun, tempDb, withFlippedMfa } from './fixtures.js';

/** A 1,000-resource scope: manifests and results are chunk trees, not single blobs. */
describe('manifests and results as chunk trees', () => {
  const USERS = manyUsers(1_000);
  const CHANGED = 500;
  let path: string;
  let cleanup: () => void;
  let store: EvidenceStore;
  beforeEach(() => {
    ({ path, cleanup } = tempDb());
    store = EvidenceStore.open(path);
  });
  afterEach(() => {
    store.close();
    cleanup();
  });

  function blobs(): Map<string, number> {
    const raw = new Database(path, { readonly: true });
    const rows = raw.prepare('SELECT lower(hex(hash)) AS hash, length(data) AS bytes FROM blobs').all() as Array<{ hash: string; bytes: number }>;
    raw.close();
    return new Map(rows.map((r) => [r.hash, r.bytes]));
  }

  function tamper(sql: string, ...params: unknown[]): void {
    const raw = new Database(path);
    raw.pragma('foreign_keys = OFF');
    raw.prepare(sql).run(...params);
    raw.close();
  }

  /** The chunk hashes on the path from a root to the leaf holding `key`, root excluded. */
  function pathTo(rootHash: string, key: string): string[] {
    const root = store.getBlob<{ tree: { bits: number; depth: number }; children: Array<string | null> }>(rootHash);
    const hasher = new KeyHasher();
    const chunks: string[] = [];
    let slots = root.children;
    for (let level = 0; level <= root.tree.depth; level += 1) {
      const child = slots[hasher.slot(key, level, root.tree.bits)]!;
      chunks.push(child);
      if (level < root.tree.depth) slots = store.getBlob<Array<string | null>>(child);
    }
    return chunks;
  }

  it('reads back whole and sorted, and the same content in another order writes no new blob', () => {
    const day1 = sealedRun(store, 1, USERS);
    const collection = store.collections(day1.id)[0]!;
    expect(store.getBlob(collection.manifestHash)).toHaveProperty('tree');
    const manifest = store.manifest(collection.manifestHash);
    expect(Object.keys(manifest.observations)).toEqual(USERS.map((u) => u.id).sort());
    expect(manifest.observations[USERS[7]!.id]).toBe(store.hashOf(USERS[7]));
    expect(manifest.gaps).toEqual([]);
    const mfa = store.resultSets(day1.id).find((s) => s.checkId === 'iam.user_mfa_enabled')!;
    expect(store.getBlob(mfa.resultsHash)).toHaveProperty('tree');
    expect(store.results(mfa.resultsHash)).toEqual(prepareResultSet(dayData(1, USERS).resultSets[0]!).results);

    const before = blobs();
    const day2 = sealedRun(store, 2, [...USERS].reverse());
    expect(blobs()).toEqual(before);
    expect(store.collections(day2.id)[0]!.manifestHash).toBe(collection.manifestHash);
    expect(store.verify()).toMatchObject({ ok: true, runsChecked: 2, problems: [] });
  });

  it('one changed resource adds its observation and the small chunks on its paths, not whole lists', () => {
    const day1 = sealedRun(store, 1, USERS);
    const before = blobs();
    const changed = withFlippedMfa(USERS, CHANGED);
    const day2 = sealedRun(store, 2, changed);

    const after = blobs();
    const added = [...after.keys()].filter((h) => !before.has(h));
    const manifestHash = store.collections(day2.id)[0]!.manifestHash;
    const mfa = store.resultSets(day2.id).find((s) => s.checkId === 'iam.user_mfa_enabled')!;
    const key = changed[CHANGED]!.id;
    // Observation; manifest root, inner node and leaf (two levels at 1,000); results root and leaf (one level).
    const expected = [store.hashOf(changed[CHANGED]), manifestHash, ...pathTo(manifestHash, key), mfa.resultsHash, ...pathTo(mfa.resultsHash, key)];
    expect(new Set(added)).toEqual(new Set(expected));
    expect(added).toHaveLength(6);
    // A flat 1,000-entry manifest alone is ~40 KB compressed (64-hex hashes do not compress).
    const addedBytes = added.reduce((sum, h) => sum + after.get(h)!, 0);
    expect(addedBytes).toBeLessThan(3_000);
    const inGroup = (runId: number) => store.resultSets(runId).find((s) => s.checkId === 'iam.user_in_group')!.resultsHash;
    expect(inGroup(day2.id)).toBe(inGroup(day1.id));
    expect(store.manifest(manifestHash).observations[key]).toBe(store.hashOf(changed[CHANGED]));
    expect(store.results(mfa.resultsHash).find((r) => r.resourceId === key)?.status).toBe('fail');
  });

  describe('verify follows every tree', () => {
    let manifestRoots: string[];
    let resultRoots: string[];
    const key = USERS[CHANGED]!.id;
    // Run 1 writes every chunk; run 2 changes one user (new chunks on its paths); run 3 repeats run 2.
    beforeEach(() => {
      const changed = withFlippedMfa(USERS, CHANGED);
      sealedRun(store, 1, USERS);
      sealedRun(store, 2, changed);
      sealedRun(store, 3, changed);
      manifestRoots = [1, 2, 3].map((id) => store.collections(id)[0]!.manifestHash);
      resultRoots = [1, 2, 3].map((id) => store.resultSets(id).find((s) => s.checkId === 'iam.user_mfa_enabled')!.resultsHash);
      expect(store.verify()).toMatchObject({ ok: true, runsChecked: 3 });
    });

    function verify() {
      const reader = EvidenceStore.open(path, { readonly: true });
      try {
        return reader.verify();
      } finally {
        reader.close();
      }
    }

    it('a tampered leaf chunk names the first run whose tree reaches it', () => {
      const cases = [
        { leaf: pathTo(manifestRoots[1]!, key).at(-1)!, run: 2, via: /run 2: manifest of aws-iam .*: chunk [0-9a-f]\.[0-9a-f]: blob/ },
        { leaf: pathTo(resultRoots[1]!, key).at(-1)!, run: 2, via: /run 2: results of iam.user_mfa_enabled .*: chunk [0-9a-f]: blob/ },
        // Unchanged since run 1: shared by all three runs, blamed on the first.
        { leaf: pathTo(manifestRoots[0]!, USERS[0]!.id).at(-1)!, run: 1, via: /run 1: manifest of aws-iam/ },
      ];
      const pristine = blobs();
      for (const { leaf, run, via } of cases) {
        expect(pristine.has(leaf)).toBe(true);
        const raw = new Database(path, { readonly: true });
        const original = raw.prepare('SELECT data FROM blobs WHERE hash = unhex(?)').pluck().get(leaf) as Buffer;
        raw.close();
        tamper('UPDATE blobs SET data = ? WHERE hash = unhex(?)', brotliCompressSync(Buffer.from('{"forged":true}')), leaf);
        const report = verify();
        expect(report.ok).toBe(false);
        expect(report.firstBadRun?.id).toBe(run);
        expect(report.firstBadRun?.reason).toMatch(via);
        expect(report.firstBadRun?.reason).toContain(`${leaf} content does not hash to its key`);
        expect(report.problems).toHaveLength(1);
        tamper('UPDATE blobs SET data = ? WHERE hash = unhex(?)', original, leaf);
      }
      expect(verify().ok).toBe(true);
      // Reading through the edited chunk fails too, rather than showing the forgery.
      tamper('UPDATE blobs SET data = ? WHERE hash = unhex(?)', brotliCompressSync(Buffer.from('{}')), cases[0]!.leaf);
      expect(() => store.manifest(manifestRoots[2]!)).toThrow(/does not hash to its key/);
    });

    it('a manifest root carries its counts per type, and verify holds them to the sealed observation count', () => {
      const root = store.getBlob<{ types?: Record<string, number> }>(manifestRoots[1]!);
      expect(root.types).toEqual({ 'aws.iam.user': USERS.length });
      expect(store.manifestTypeCounts(manifestRoots[1]!)).toEqual({ 'aws.iam.user': USERS.length });
      // The collection row says one more observation than the manifest counts (the row is sealed: its seal breaks too).
      tamper('UPDATE collections SET observation_count = observation_count + 1 WHERE run_id = 2');
      const report = verify();
      expect(report.ok).toBe(false);
      expect(report.problems.some((p) => /run 2: blob [0-9a-f]{64}: manifest of aws-iam .*: its counts per type add up to 1000 observations, but the collection recorded 1001/.test(p))).toBe(true);
    });

    it('a manifest read with the leaves of an earlier read opens only its changed chunks, and reads the same', () => {
      const loads: string[] = [];
      const load = (hash: string) => (loads.push(hash), store.getBlob(hash));
      const leaves: ManifestLeaves = new Map();
      expect(readManifest(store.getBlob(manifestRoots[0]!), load, leaves)).toEqual(store.manifest(manifestRoots[0]!));
      const first = loads.length;
      loads.length = 0;
      // Run 2 changed one user: its manifest shares every leaf but one with run 1's.
      expect(readManifest(store.getBlob(manifestRoots[1]!), load, leaves)).toEqual(store.manifest(manifestRoots[1]!));
      // Its inner nodes are read again (they list the leaves); of its leaves, only the changed one.
      const root = store.getBlob<{ tree: { depth: number }; children: Array<string | null> }>(manifestRoots[1]!);
      expect(root.tree.depth).toBe(1);
      const inner = root.children.filter((c): c is string => c !== null);
      expect(new Set(loads)).toEqual(new Set([...inner, pathTo(manifestRoots[1]!, key).at(-1)!]));
      expect(loads.length).toBeLessThan(first / 3);
    });

    it('a missing inner chunk is reported against the first run that references it', () => {
      const [inner] = pathTo(manifestRoots[1]!, key);
      tamper('DELETE FROM blobs WHERE hash = unhex(?)', inner);
      const report = verify();
      expect(report.ok).toBe(false);
      expect(report.firstBadRun?.id).toBe(2);
      expect(report.firstBadRun?.reason).toMatch(new RegExp(`^run 2: manifest of aws-iam / .*: chunk [0-9a-f]: blob ${inner} is missing$`));
      expect(report.problems).toHaveLength(1);
      expect(() => store.manifest(manifestRoots[2]!)).toThrow(/not found/);
    });
  });
});

describe('a manifest\'s counts per type, as readers take them', () => {
  const hash = 'a'.repeat(64);
  const root = { tree: { v: 1, bits: 4, depth: 0 }, children: [hash, ...Array.from({ length: 15 }, () => null)], gaps: [] };

  it('are taken only when each is a whole number above zero; otherwise the reader is told to open the observations', () => {
    expect(manifestTypeCounts({ observations: { r1: hash }, gaps: [], types: { 'aws.iam.user': 1 } })).toEqual({ 'aws.iam.user': 1 });
    expect(manifestTypeCounts({ ...root, types: { 'aws.iam.user': 40 } })).toEqual({ 'aws.iam.user': 40 });
    expect(manifestTypeCounts({ observations: {}, gaps: [], types: {} })).toEqual({});
    for (const types of [{ a: 1.5 }, { a: 0 }, { a: -1 }, { a: '3' }, [3], null]) {
      expect(manifestTypeCounts({ observations: { r1: hash }, gaps: [], types })).toBeUndefined();
      expect(manifestTypeCounts({ ...root, types })).toBeUndefined();
    }
    // Stored before the counts existed, or not a manifest at all.
    expect(manifestTypeCounts({ observations: { r1: hash }, gaps: [] })).toBeUndefined();
    expect(manifestTypeCounts(root)).toBeUndefined();
    expect(manifestTypeCounts([{ resourceId: 'r1' }])).toBeUndefined();
  });
});
