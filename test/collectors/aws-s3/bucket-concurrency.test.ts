import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../../src/config/schema.js';
import { bucketNames, collect, demoConfig, demoEstate, PROD, startFake } from './harness.js';

/**
 * aws.s3BucketConcurrency: how many buckets of an account the S3 collector reads at once. A bucket's settings are
 * read one call after another, so it is also the most S3 requests the account has in flight — what the
 * estate benchmark's concurrency bound assumes the agent uses (issue 15; README "Benchmarks"). The fake answers
 * each request after a delay and counts how many it held at once.
 */
describe('aws-s3 collector: buckets read at once per account', () => {
  async function peakWith(concurrency: number | undefined) {
    const estate = await demoEstate();
    const prod = estate.aws!.accounts.find((a) => a.id === PROD)!;
    const template = prod.s3!.buckets.find((b) => b.name === 'prod-artifacts')!;
    for (let i = 0; i < 28; i += 1) prod.s3!.buckets.push({ ...template, name: `bulk-${String(i).padStart(2, '0')}` });
    const fake = await startFake(estate, { latencyMs: 25 });
    try {
      const { output } = await collect(demoConfig(estate, fake, PROD, concurrency === undefined ? {} : { s3BucketConcurrency: concurrency }));
      return { peak: fake.peakInFlight('s3'), buckets: bucketNames(output).length };
    } finally {
      await fake.close();
    }
  }

  it('keeps at most the configured number of requests in flight, and uses all of them', async () => {
    const three = await peakWith(3);
    expect(three).toEqual({ peak: 3, buckets: 40 });
  });

  it('reads 10 buckets at once by default', async () => {
    expect(ConfigSchema.parse({ version: 1, aws: { accounts: [{ id: PROD }] } }).aws!.s3BucketConcurrency).toBe(10);
    expect(await peakWith(undefined)).toEqual({ peak: 10, buckets: 40 });
  });

  it('refuses a concurrency below 1 or above 64, naming the key', () => {
    for (const bad of [0, 65, 2.5]) {
      const parsed = ConfigSchema.safeParse({ version: 1, aws: { accounts: [{ id: PROD }], s3BucketConcurrency: bad } });
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues[0]!.path).toEqual(['aws', 's3BucketConcurrency']);
    }
  });
});
