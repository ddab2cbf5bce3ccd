import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Estate } from '../../../src/demo/estate/schema.js';
import type { FakeAws } from '../../../src/demo/fakes/server.js';
import { collect, demoConfig, demoEstate, PROD, SANDBOX, startFake } from './harness.js';

/**
 * Bucket ARNs name no account, so the S3 collector proves whose buckets it reads with
 * sts:GetCallerIdentity: keys for another account must fail the scope, never record passes.
 */
describe('aws-s3 collector: the credentials must belong to the configured account', () => {
  let estate: Estate;
  let fake: FakeAws;

  beforeAll(async () => {
    estate = await demoEstate();
    fake = await startFake(estate);
  });
  afterEach(() => fake.faults.clear());
  afterAll(() => fake.close());

  it('collects when the caller is the configured account', async () => {
    const { output, stats } = await collect(demoConfig(estate, fake, SANDBOX));
    expect(output.observations.length).toBeGreaterThan(0);
    expect(stats.byOperation['sts:GetCallerIdentity']).toBe(1);
  });

  it("another account's keys fail the scope, naming both accounts and no secret, before any S3 call", async () => {
    const sandbox = estate.aws!.accounts.find((a) => a.id === SANDBOX)!;
    const config = demoConfig(estate, fake, PROD, { accessKeyId: sandbox.credentials.access_key_id, secretAccessKey: sandbox.credentials.secret_access_key });
    const s3CallsBefore = fake.requests.filter((r) => r.service === 's3').length;
    const error = await collect(config).then(() => undefined, (e: unknown) => e as Error);
    expect(error?.message).toContain(`configured for AWS account ${PROD} belong to account ${SANDBOX}`);
    expect(error?.message).not.toContain(sandbox.credentials.secret_access_key);
    expect(fake.requests.filter((r) => r.service === 's3').length).toBe(s3CallsBefore);
  });

  it('an identity that cannot be confirmed fails the scope rather than trusting it', async () => {
    fake.faults.inject({ service: 'sts', operation: 'GetCallerIdentity', kind: 'ServiceUnavailable' });
    const error = await collect(demoConfig(estate, fake, PROD, { maxAttempts: 1 })).then(() => undefined, (e: unknown) => e as Error);
    expect(error?.message).toMatch(new RegExp(`could not confirm the credentials belong to account ${PROD}: sts:GetCallerIdentity failed`));
  });
});
