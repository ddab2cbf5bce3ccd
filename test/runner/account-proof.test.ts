import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { awsAccessAnalyzerCollector } from '../../collectors/aws-accessanalyzer/collector.js';
import { awsCloudTrailCollector } from '../../collectors/aws-cloudtrail/collector.js';
import { awsIamCollector } from '../../collectors/aws-iam/collector.js';
import { ConfigSchema, type AppConfig } from '../../src/config/schema.js';
import { loadEstateFile } from '../../src/demo/estate/load.js';
import type { Estate } from '../../src/demo/estate/schema.js';
import { startFakeAws, type FakeAws } from '../../src/demo/fakes/server.js';
import { collectForTest } from '../helpers/collect-for-test.js';

/**
 * Issue 15: sts:GetCallerIdentity proves an account once per run, whatever the number of collectors and
 * regions (the run cache is shared by every collector); a failed proof still fails every scope of the account.
 */

const ESTATE = new URL('../../config/demo/estate.yaml', import.meta.url).pathname;
const REGIONS = ['eu-west-1', 'us-east-1'];
const COLLECTORS = [awsIamCollector, awsCloudTrailCollector, awsAccessAnalyzerCollector];

describe('account proof: once per account per run', () => {
  let estate: Estate;
  let fake: FakeAws;

  beforeAll(async () => {
    estate = await loadEstateFile(ESTATE);
    fake = await startFakeAws({ estate, now: new Date('2026-03-15T12:00:00Z') });
  });
  afterEach(() => fake.faults.clear());
  afterAll(() => fake.close());

  const config = (): AppConfig =>
    ConfigSchema.parse({
      version: 1,
      aws: {
        accounts: estate.aws!.accounts.map((a) => ({
          id: a.id,
          regions: REGIONS,
          credentials: { accessKeyId: a.credentials.access_key_id, secretAccessKey: a.credentials.secret_access_key },
        })),
        endpoints: fake.endpoints,
        retry: { mode: 'standard', maxAttempts: 1 },
        requestTimeoutMs: 5_000,
      },
    });
  const run = (concurrency: number) =>
    collectForTest(COLLECTORS, config(), { now: new Date('2026-03-15T12:00:00Z'), concurrency });
  const proofs = (from: number) => fake.requests.slice(from).filter((r) => r.service === 'sts' && r.action === 'GetCallerIdentity');

  it.each([1, 4])('one GetCallerIdentity per account for three collectors × two regions (concurrency %i)', async (concurrency) => {
    const from = fake.requests.length;
    const collected = await run(concurrency);
    const accounts = estate.aws!.accounts.map((a) => a.id).sort();
    // iam is per account, CloudTrail and Access Analyzer per region: 5 scopes per account.
    expect(collected).toHaveLength(accounts.length * 5);
    expect(collected.filter((c) => c.status === 'error').map((c) => `${c.collector.id} ${c.scope}: ${c.error}`)).toEqual([]);
    expect(proofs(from).map((r) => r.accountId).sort()).toEqual(accounts);
    // Every observation still names the proof it rests on, whichever scope made the call.
    expect(collected.flatMap((c) => c.observations).every((o) => o.source.includes('sts:GetCallerIdentity'))).toBe(true);
  });

  it('a failing proof fails every scope of the account, each with the reason (a failure is never shared as a success)', async () => {
    fake.faults.inject({ service: 'sts', operation: 'GetCallerIdentity', kind: 'AccessDenied' });
    const from = fake.requests.length;
    const collected = await run(2);
    expect(collected).toHaveLength(estate.aws!.accounts.length * 5);
    for (const c of collected) {
      const account = c.scope.split(':')[1]!;
      expect([c.collector.id, c.scope, c.status]).toEqual([c.collector.id, c.scope, 'error']);
      expect(c.error).toBe(`${c.collector.id}: could not confirm the credentials belong to account ${account}: sts:GetCallerIdentity denied: AccessDenied`);
      expect(c.observations).toEqual([]);
    }
    // A failed answer is not cached: each scope asked for itself.
    expect(proofs(from)).toHaveLength(collected.length);
  });

  it('a proof that fails once is not served to the account’s other scopes: they prove it themselves and are collected', async () => {
    fake.faults.inject({ service: 'sts', operation: 'GetCallerIdentity', kind: 'AccessDenied', times: 1 });
    const collected = await run(1);
    const errors = collected.filter((c) => c.status === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.error).toContain('sts:GetCallerIdentity denied: AccessDenied');
    const account = errors[0]!.scope.split(':')[1]!;
    expect(collected.filter((c) => c.scope.startsWith(`aws:${account}`) && c.status !== 'error')).toHaveLength(4);
  });
});
