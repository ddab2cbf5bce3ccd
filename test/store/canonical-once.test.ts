import { afterEach, describe, expect, it, vi } from 'vitest';

// Counts how often each observation is turned into canonical JSON while a run is stored.
const seen = vi.hoisted(() => ({ observations: new Map<string, number>() }));
vi.mock('../../src/util/canonical.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/util/canonical.js')>();
  return {
    ...real,
    canonicalJson: (value: unknown) => {
      const id = (value as { type?: unknown; id?: unknown } | null)?.type === 'aws.iam.user' ? String((value as { id: unknown }).id) : undefined;
      if (id !== undefined) seen.observations.set(id, (seen.observations.get(id) ?? 0) + 1);
      return real.canonicalJson(value);
    },
  };
});

const { EvidenceStore } = await import('../../src/store/index.js');
const { dayData, header, tempDb, user } = await import('./fixtures.js');

/**
 * Hashing every observation is the largest part of a daily store step (the estate benchmark): the manifest's
 * hash and the stored blob come from one canonical serialization, not two.
 */
describe('storing a run', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it('canonicalizes each observation once, and stores it under the hash its manifest names', () => {
    const { path, cleanup } = tempDb();
    cleanups.push(cleanup);
    const store = EvidenceStore.open(path);
    try {
      const users = [user('alice', true), user('bob', false), user('carol', true)];
      const id = store.beginRun(header(1));
      seen.observations.clear();
      store.completeRun(id, dayData(1, users));
      expect(Object.fromEntries(seen.observations)).toEqual(Object.fromEntries(users.map((u) => [u.id, 1])));
      const manifest = store.manifest(store.collections(id)[0]!.manifestHash);
      for (const u of users) expect(store.getBlob(manifest.observations[u.id]!)).toEqual(u);
      expect(store.verify().ok).toBe(true);
    } finally {
      store.close();
    }
  });
});
