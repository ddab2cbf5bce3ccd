import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCloudTrailCollector } from '../../../collectors/aws-cloudtrail/collector.js';
import type { AppConfig } from '../../../src/config/schema.js';
import type { Estate } from '../../../src/demo/estate/schema.js';
import type { FakeAws } from '../../../src/demo/fakes/server.js';
import { collectForTest } from '../../helpers/collect-for-test.js';
import { cloudtrailConfig, collect, PROD, startDemoFake } from './harness.js';

/**
 * Issue 15: a multi-region trail shows in every region, but its status and selectors are the trail's: the run
 * asks them once, in the trail's home region, and hands the answer to every region of the account.
 */

const REGIONS = ['eu-west-1', 'eu-west-2', 'us-east-1'];

describe('aws-cloudtrail: per-trail reads once per run, in the home region', () => {
  let estate: Estate;
  let fake: FakeAws;
  beforeAll(async () => {
    ({ estate, fake } = await startDemoFake());
  });
  afterAll(() => fake.close());

  // The account's own credentials, the fake's CloudTrail and STS, one attempt per call.
  const config = (): AppConfig => cloudtrailConfig(estate, fake, PROD, { regions: REGIONS, maxAttempts: 1 });
  const count = (from: number, action: string) => fake.requests.slice(from).filter((r) => r.service === 'cloudtrail' && r.action === action).length;

  it('org-audit (multi-region, home us-east-1) and the single-region trail: one GetTrailStatus and one GetEventSelectors each, for three regions', async () => {
    const from = fake.requests.length;
    const run = await collectForTest([awsCloudTrailCollector], config(), { now: new Date('2026-03-15T12:00:00Z'), concurrency: 3 });
    expect(run.map((c) => [c.scope, c.status])).toEqual(REGIONS.map((r) => [`aws:${PROD}:${r}`, 'ok']));
    expect(count(from, 'DescribeTrails')).toBe(3);
    // Asked per region (before issue 15) it was 4 each: org-audit in all three regions, the single-region trail once.
    expect(count(from, 'GetTrailStatus')).toBe(2);
    expect(count(from, 'GetEventSelectors')).toBe(2);

    // The observations are those each region collects on its own (without a shared cache).
    for (const [i, region] of REGIONS.entries()) {
      const alone = await collect(config(), region);
      expect(run[i]!.observations).toEqual(alone.output.observations);
    }
  });
});
