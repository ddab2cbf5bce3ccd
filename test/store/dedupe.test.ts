import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EvidenceStore } from '../../src/store/index.js';
import { USERS, sealedRun, tempDb, user } from './fixtures.js';

/** Storage is sized by change: these count `blobs` rows, never time anything. */
describe('storage grows with change, not with days', () => {
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

  function blobHashes(): Set<string> {
    const raw = new Database(path, { readonly: true });
    const hashes = new Set(raw.prepare('SELECT lower(hex(hash)) FROM blobs').pluck().all() as string[]);
    raw.close();
    return hashes;
  }

  it('an unchanged day adds no blob, only rows that reference the same hashes', () => {
    const first = sealedRun(store, 1);
    const before = blobHashes();
    // 3 observations + 1 manifest + 2 result blobs + scope + exceptions.
    expect(before.size).toBe(8);
    const second = sealedRun(store, 2);
    expect(blobHashes()).toEqual(before);
    expect(store.collections(second.id).map((c) => c.manifestHash)).toEqual(store.collections(first.id).map((c) => c.manifestHash));
    expect(store.resultSets(second.id).map((r) => r.resultsHash)).toEqual(store.resultSets(first.id).map((r) => r.resultsHash));
  });

  it('one changed resource adds exactly its observation, the manifest and the result blob whose verdict changed', () => {
    const day1 = sealedRun(store, 1);
    const before = blobHashes();
    const changedBob = user('bob', true);
    const day2 = sealedRun(store, 2, [USERS[0]!, changedBob, USERS[2]!]);

    const added = [...blobHashes()].filter((h) => !before.has(h));
    const collection = store.collections(day2.id)[0]!;
    const sets = store.resultSets(day2.id);
    const mfa = sets.find((s) => s.checkId === 'iam.user_mfa_enabled')!;
    const inGroup = sets.find((s) => s.checkId === 'iam.user_in_group')!;
    // Results do not repeat observation hashes (the manifest links them), so the check whose
    // verdicts did not change keeps its blob even though bob's observation changed.
    expect(new Set(added)).toEqual(new Set([store.hashOf(changedBob), collection.manifestHash, mfa.resultsHash]));
    expect(added).toHaveLength(3);
    expect(inGroup.resultsHash).toBe(store.resultSets(day1.id).find((s) => s.checkId === 'iam.user_in_group')!.resultsHash);
    expect(mfa.counts.pass).toBe(3);
  });
});
