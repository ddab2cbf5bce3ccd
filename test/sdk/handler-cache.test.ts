import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetBucketTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsClientPool } from '../../src/sdk/aws-clients.js';
import { CallStats } from '../../src/sdk/call-stats.js';

/**
 * The collectors' AWS clients resolve each command's middleware once (the SDK's `cacheMiddleware`, aws-clients.ts),
 * so concurrent sends of one command share a resolved handler and its context. Each answer must still be its own
 * request's: 300 concurrent GetBucketTagging calls, each for another bucket, against an S3 endpoint on 127.0.0.1 that
 * answers (after a random delay, so requests and answers interleave) with a tag naming the bucket of the path it was
 * asked for, as S3's path-style REST-XML API does.
 */
describe('the collectors\' AWS clients with the SDK handler cache', () => {
  let server: Server;
  let endpoint: string;
  const asked: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const bucket = decodeURIComponent((req.url ?? '/').split('?')[0]!.split('/')[1] ?? '');
      asked.push(bucket);
      req.resume();
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end(`<?xml version="1.0" encoding="UTF-8"?><Tagging><TagSet><Tag><Key>bucket</Key><Value>${bucket}</Value></Tag></TagSet></Tagging>`);
      }, Math.floor(Math.random() * 8));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers each of 300 concurrent calls of one command with its own bucket\'s answer', { timeout: 30_000 }, async () => {
    const stats = new CallStats();
    const pool = new AwsClientPool(
      { s3: S3Client },
      () => ({
        region: 'eu-west-1',
        endpoint,
        forcePathStyle: true,
        credentials: { accessKeyId: 'AKIAHANDLERCACHETEST', secretAccessKey: 'not-a-secret' },
        retryMode: 'standard' as const,
        maxAttempts: 1,
        requestHandler: { requestTimeout: 5000, connectionTimeout: 5000, throwOnRequestTimeout: true as const },
      }),
      stats,
      'eu-west-1',
    );
    try {
      const client = pool.get('s3');
      expect((client.config as { cacheMiddleware?: boolean }).cacheMiddleware).toBe(true);
      const buckets = Array.from({ length: 300 }, (_, i) => `bucket-${String(i).padStart(3, '0')}`);
      const answers = await Promise.all(buckets.map(async (bucket) => [bucket, (await client.send(new GetBucketTaggingCommand({ Bucket: bucket }))).TagSet?.[0]?.Value] as const));
      expect(answers.filter(([bucket, tag]) => bucket !== tag)).toEqual([]);
      expect([...asked].sort()).toEqual(buckets);
      expect(stats.calls).toBe(300);
    } finally {
      pool.destroy();
    }
  });
});
