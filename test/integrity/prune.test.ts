import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EvidenceStore } from '../../src/store/index.js';
import { hashJson } from '../../src/util/canonical.js';
import { USERS, user } from '../store/fixtures.js';
import { signedStore, tamper, verifyWith } from './fixture.js';

type Fixture = Awaited<ReturnType<typeof signedStore>>;

describe('prune removes old runs under a signed tombstone, and verify still passes', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await signedStore();
  });
  afterEach(() => f.cleanup());

  const prune = (before: string) => {
    const store = EvidenceStore.open(f.path);
    try {
      return store.prune({ before, signer: f.integrity.signer!, now: '2025-06-01T00:00:00.000Z' });
    } finally {
      store.close();
    }
  };
  const blobExists = (hash: string) => {
    const raw = new Database(f.path, { readonly: true });
    const row = raw.prepare('SELECT 1 FROM blobs WHERE hash = unhex(?)').get(hash);
    raw.close();
    return row !== undefined;
  };

  it('deletes runs 1-3 and the blobs only they used, and records what it removed', async () => {
    const bobWithoutMfa = hashJson(USERS[1]);
    const bobWithMfa = hashJson(user('bob', true));
    expect(blobExists(bobWithoutMfa)).toBe(true);
    const { tombstone } = prune('2025-03-04T00:00:00.000Z');
    expect(tombstone).toEqual({
      id: 1,
      v: 1,
      prunedAt: '2025-06-01T00:00:00.000Z',
      before: '2025-03-04T00:00:00.000Z',
      firstRunId: 1,
      lastRunId: 3,
      runsRemoved: 3,
      sealedRunsRemoved: 3,
      lastPrunedSeal: f.seals[2],
      blobsRemoved: expect.any(Number) as number,
    });
    expect(tombstone!.blobsRemoved).toBeGreaterThan(0);
    // bob without MFA was only observed on days 1-2; bob with MFA is still referenced by runs 4-5.
    expect(blobExists(bobWithoutMfa)).toBe(false);
    expect(blobExists(bobWithMfa)).toBe(true);

    const report = await verifyWith(f.path, f.integrity);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.runs.map((r) => `${r.id}:${r.verdict}`)).toEqual(['1:pruned', '2:pruned', '3:pruned', '4:valid', '5:valid']);
    expect(report.tombstones).toEqual([{ id: 1, body: expect.objectContaining({ lastRunId: 3, lastPrunedSeal: f.seals[2] }) as unknown, keyFingerprint: f.keys.fingerprint }]);
    // The checkpoints still account for all five runs: three pruned under the tombstone, two present.
    expect(report.checkpoints.latest).toMatchObject({ headRunId: 5, runCount: 5 });
  });

  it('never prunes the chain head, and a second prune continues where the first stopped', async () => {
    prune('2025-03-03T00:00:00.000Z');
    const { tombstone } = prune('2030-01-01T00:00:00.000Z');
    expect(tombstone).toMatchObject({ firstRunId: 3, lastRunId: 4, lastPrunedSeal: f.seals[3] });
    const store = EvidenceStore.open(f.path, { readonly: true });
    expect(store.latestSealedRun()?.id).toBe(5);
    store.close();
    const report = await verifyWith(f.path, f.integrity);
    expect(report.ok).toBe(true);
    expect(report.runs.map((r) => r.verdict)).toEqual(['pruned', 'pruned', 'pruned', 'pruned', 'valid']);
  });

  it('a run deleted by hand after a prune is still missing, and an edited tombstone is caught by its signature', async () => {
    prune('2025-03-03T00:00:00.000Z');
    tamper(f.path, [`UPDATE tombstones SET body = replace(body, '"lastRunId":2', '"lastRunId":3')`], ['DELETE FROM result_sets WHERE run_id = 3'], ['DELETE FROM collections WHERE run_id = 3'], ['DELETE FROM seal_signatures WHERE run_id = 3'], ['DELETE FROM runs WHERE id = 3']);
    const report = await verifyWith(f.path, f.integrity);
    expect(report.ok).toBe(false);
    expect(report.problems).toContain('tombstone 1: signature does not match its body (edited)');
    expect(report.runs.find((r) => r.id === 4)?.verdict).toBe('INVALID');
  });

  it('keeps blobs another table still points at (e.g. attestation records) and the blobs they name', async () => {
    const { compress, toCanonicalBlob } = await import('../../src/store/blob-codec.js');
    const attachment = toCanonicalBlob({ attachment: 'review.pdf', base64: 'AAAA' });
    const record = toCanonicalBlob({ attestation: { files: [{ blob: attachment.hash }] } });
    const raw = new Database(f.path);
    raw.exec('CREATE TABLE side_records (id INTEGER PRIMARY KEY, record_hash BLOB NOT NULL REFERENCES blobs(hash))');
    for (const b of [attachment, record]) raw.prepare('INSERT INTO blobs (hash, size, data) VALUES (unhex(?), ?, ?)').run(b.hash, b.bytes.length, compress(b.bytes));
    raw.prepare('INSERT INTO side_records (record_hash) VALUES (unhex(?))').run(record.hash);
    raw.close();
    prune('2030-01-01T00:00:00.000Z');
    expect(blobExists(record.hash)).toBe(true);
    expect(blobExists(attachment.hash)).toBe(true);
    expect((await verifyWith(f.path, f.integrity)).ok).toBe(true);
  });
});
