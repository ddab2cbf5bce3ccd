import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startS3ObjectLockFake, type S3ObjectLockFake } from '../../src/demo/fakes/s3-object-lock.js';
import { S3Anchor } from '../../src/integrity/s3-anchor.js';
import { signedStore, tamper, verifyWith } from './fixture.js';

const WRITER = { accessKeyId: 'AKIAANCHORWRITER0001', secretAccessKey: 'anchor-secret' };
const READONLY = { accessKeyId: 'AKIACOLLECTREADONLY1', secretAccessKey: 'readonly-secret' };
const NOW = new Date('2026-03-01T00:00:00.000Z');

describe('S3 checkpoint anchor (real SDK client against the Object Lock fake)', () => {
  let fake: S3ObjectLockFake;
  const clients: S3Client[] = [];
  const client = (credentials: typeof WRITER) => {
    const c = new S3Client({ region: 'eu-west-1', endpoint: fake.endpoint, forcePathStyle: true, credentials });
    clients.push(c);
    return c;
  };
  const anchor = (credentials: typeof WRITER) =>
    new S3Anchor({ bucket: 'cw-anchor', prefix: 'checkpoints/', retentionDays: 30, now: () => NOW, client: { region: 'eu-west-1', endpoint: fake.endpoint, forcePathStyle: true, credentials } });

  beforeEach(async () => {
    fake = await startS3ObjectLockFake({ buckets: ['cw-anchor'], writers: [WRITER.accessKeyId], readers: [READONLY.accessKeyId], now: () => NOW });
  });
  afterEach(async () => {
    clients.forEach((c) => c.destroy());
    await fake.close();
  });

  it('writes each checkpoint in COMPLIANCE mode with a retain-until date, and lists it back byte for byte', async () => {
    const a = anchor(WRITER);
    const cp = { name: 'checkpoint-0000000007', json: Buffer.from('{"v":1}'), signature: Buffer.from([0, 1, 2, 255]) };
    await a.write(cp);
    const stored = fake.objects.get('cw-anchor')!.get('checkpoints/checkpoint-0000000007.json')!;
    expect(stored.mode).toBe('COMPLIANCE');
    expect(stored.retainUntil?.toISOString()).toBe('2026-03-31T00:00:00.000Z');
    expect(await a.list()).toEqual([cp]);
    a.destroy();
  });

  it('refuses to overwrite or delete a locked checkpoint, even for the writer', async () => {
    const a = anchor(WRITER);
    await a.write({ name: 'checkpoint-0000000001', json: Buffer.from('{}'), signature: Buffer.from('s') });
    const s3 = client(WRITER);
    await expect(s3.send(new PutObjectCommand({ Bucket: 'cw-anchor', Key: 'checkpoints/checkpoint-0000000001.json', Body: 'forged' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(s3.send(new DeleteObjectCommand({ Bucket: 'cw-anchor', Key: 'checkpoints/checkpoint-0000000001.json' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    expect(fake.objects.get('cw-anchor')!.get('checkpoints/checkpoint-0000000001.json')!.body.toString()).toBe('{}');
    a.destroy();
  });

  it('the read-only collection credentials cannot write a checkpoint', async () => {
    const a = anchor(READONLY);
    await expect(a.write({ name: 'checkpoint-0000000002', json: Buffer.from('{}'), signature: Buffer.from('s') })).rejects.toMatchObject({ name: 'AccessDenied' });
    expect(fake.objects.get('cw-anchor')!.size).toBe(0);
    a.destroy();
  });

  it('checkpoints written after every run land in the bucket, and verify reads them back to catch a truncated tail', async () => {
    const f = await signedStore(() => [
      { type: 's3', bucket: 'cw-anchor', prefix: 'controlwatch-checkpoints/', region: 'eu-west-1', retentionDays: 2557, endpoint: fake.endpoint, forcePathStyle: true, credentials: WRITER },
    ]);
    try {
      const keys = [...fake.objects.get('cw-anchor')!.keys()].sort();
      expect(keys).toHaveLength(10);
      expect(keys[0]).toBe('controlwatch-checkpoints/checkpoint-0000000001.json');
      expect(await verifyWith(f.path, f.integrity)).toMatchObject({ ok: true, checkpoints: { latest: { headRunId: 5, runCount: 5 }, uncoveredRuns: [] } });

      tamper(f.path, ['DELETE FROM result_sets WHERE run_id = 5'], ['DELETE FROM collections WHERE run_id = 5'], ['DELETE FROM seal_signatures WHERE run_id = 5'], ['DELETE FROM runs WHERE id = 5'], [`UPDATE sqlite_sequence SET seq = 4 WHERE name = 'runs'`]);
      const report = await verifyWith(f.path, f.integrity);
      expect(report.ok).toBe(false);
      expect(report.runs.find((r) => r.id === 5)).toMatchObject({ verdict: 'missing', reasons: [expect.stringContaining('s3://cw-anchor/controlwatch-checkpoints/ checkpoint-0000000005')] });
    } finally {
      f.cleanup();
    }
  });
});
