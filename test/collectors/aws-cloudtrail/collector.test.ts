import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCloudTrailCollector } from '../../../collectors/aws-cloudtrail/collector.js';
import { deliveryRecent } from '../../../checks/aws-cloudtrail/delivery-recent.js';
import { logFileValidationEnabled } from '../../../checks/aws-cloudtrail/log-file-validation-enabled.js';
import { multiRegionTrailLogging } from '../../../checks/aws-cloudtrail/multi-region-trail-logging.js';
import { NO_OTHER_OBSERVATIONS } from '../../../src/model/observation-types.js';
import type { CloudTrailRegionAttributes, CloudTrailTrailAttributes } from '../../../collectors/aws-cloudtrail/observations.js';
import type { Estate } from '../../../src/demo/estate/schema.js';
import { startFakeAws, type FakeAws } from '../../../src/demo/fakes/server.js';
import { cloudtrailConfig, cloudtrailEstate, collect, find, ids, NOW, PROD, SANDBOX, startDemoFake, TEST_ACCOUNT, validate } from './harness.js';

const ORG_AUDIT = 'arn:aws:cloudtrail:us-east-1:111111111111:trail/org-audit';
const WEBSITE = 'arn:aws:cloudtrail:eu-west-1:111111111111:trail/prod-website-data-events';
const ALL = { read: true, write: true, excludedSources: [], selectors: 'basic' };
const NO_S3_DATA = { allBucketsRead: false, allBucketsWrite: false, someBuckets: [], selectors: 'basic' };

describe('aws-cloudtrail collector against the demo estate', () => {
  let estate: Estate;
  let fake: FakeAws;
  beforeAll(async () => {
    ({ estate, fake } = await startDemoFake());
  });
  afterAll(() => fake.close());

  it('one target per account × region, scoped aws:<account>:<region>, with credentials hidden behind a function', () => {
    const targets = awsCloudTrailCollector.targets(cloudtrailConfig(estate, fake, SANDBOX, { regions: ['eu-west-1', 'us-east-1'] }).aws!);
    expect(targets.map((t) => t.scope)).toEqual(['aws:222222222222:eu-west-1', 'aws:222222222222:us-east-1']);
    expect(JSON.stringify(targets)).not.toContain('secret');
  });

  it('collects the trails covering the region — a shadow of a multi-region trail from an uncollected region included — with status and selectors', async () => {
    const { output, stats } = await collect(cloudtrailConfig(estate, fake, PROD));
    validate(output);
    expect(output.gaps).toEqual([]);
    const region = find<CloudTrailRegionAttributes>(output, 'aws.cloudtrail.region', 'arn:aws:cloudtrail:eu-west-1:111111111111:trails');
    expect(region.scope).toBe('aws:111111111111:eu-west-1');
    expect(region.attributes.trails).toEqual([
      {
        name: 'prod-website-data-events',
        arn: WEBSITE,
        homeRegion: 'eu-west-1',
        multiRegion: false,
        isOrganizationTrail: false,
        logging: true,
        managementEvents: { read: false, write: false, excludedSources: [], selectors: 'advanced' },
        // Its advanced selector records object writes (readOnly false) of every bucket.
        s3DataEvents: { allBucketsRead: false, allBucketsWrite: true, someBuckets: [], selectors: 'advanced' },
      },
      { name: 'org-audit', arn: ORG_AUDIT, homeRegion: 'us-east-1', multiRegion: true, isOrganizationTrail: false, logging: true, managementEvents: ALL, s3DataEvents: NO_S3_DATA },
    ]);
    // org-audit's home (us-east-1) is not collected for prod, so eu-west-1 — the first configured region — reports it.
    expect(ids(output, 'aws.cloudtrail.trail')).toEqual([WEBSITE, ORG_AUDIT]);
    const trail = find<CloudTrailTrailAttributes>(output, 'aws.cloudtrail.trail', ORG_AUDIT);
    expect(trail.attributes).toEqual({
      name: 'org-audit',
      arn: ORG_AUDIT,
      homeRegion: 'us-east-1',
      isShadow: true,
      multiRegion: true,
      isOrganizationTrail: false,
      includeGlobalServiceEvents: true,
      s3BucketName: 'prod-audit-evidence',
      s3KeyPrefix: 'cloudtrail',
      logFileValidationEnabled: true,
      kmsKeyId: 'arn:aws:kms:us-east-1:111111111111:key/6f1c2a9e-3b7d-4e58-9a0c-1d2e3f405162',
      cloudWatchLogsLogGroupArn: 'arn:aws:logs:us-east-1:111111111111:log-group:cloudtrail/org-audit:*',
      logging: true,
      // `-0h` in the estate: the start of the fake clock's day.
      latestDeliveryTime: '2026-03-15T00:00:00.000Z',
      latestDeliveryError: null,
      managementEvents: ALL,
    });
    expect(trail.source).toEqual(['cloudtrail:DescribeTrails', 'cloudtrail:GetEventSelectors', 'cloudtrail:GetTrailStatus', 'sts:GetCallerIdentity']);
    // The account proof, 1 DescribeTrails + 2 trails × (status + selectors).
    expect(stats.calls).toBe(6);
  });

  it('a region with no trail at all is an empty list (a real answer), not an Unknown', async () => {
    const { output } = await collect(cloudtrailConfig(estate, fake, SANDBOX, { regions: ['eu-west-1', 'us-east-1'] }), 'us-east-1');
    expect(find<CloudTrailRegionAttributes>(output, 'aws.cloudtrail.region', 'arn:aws:cloudtrail:us-east-1:222222222222:trails').attributes.trails).toEqual([]);
    expect(ids(output, 'aws.cloudtrail.trail')).toEqual([]);
  });

  it('the sandbox trail: validation off, no KMS key, a failed delivery three days ago', async () => {
    const { output } = await collect(cloudtrailConfig(estate, fake, SANDBOX));
    const trail = find<CloudTrailTrailAttributes>(output, 'aws.cloudtrail.trail', 'arn:aws:cloudtrail:eu-west-1:222222222222:trail/sandbox-trail');
    expect(trail.attributes).toMatchObject({ isShadow: false, multiRegion: false, logFileValidationEnabled: false, kmsKeyId: null, latestDeliveryTime: '2026-03-12T00:00:00.000Z', latestDeliveryError: 'AccessDenied' });
  });
});

const FOCUSED = `regions:
  us-east-1:
    trails:
      - { name: global, s3_bucket: logs, latest_delivery: -1h }
      - { name: east-only, multi_region: false, s3_bucket: logs, management_events: WriteOnly, exclude_management_event_sources: [kms.amazonaws.com] }
  eu-west-1:
    trails:
      - name: advanced-rw
        s3_bucket: logs
        advanced_event_selectors:
          - field_selectors: [{ field: eventCategory, equals: [Management] }, { field: eventSource, not_equals: [rdsdata.amazonaws.com] }]
      - name: advanced-split
        multi_region: false
        s3_bucket: logs
        advanced_event_selectors:
          - { name: reads, field_selectors: [{ field: eventCategory, equals: [Management] }, { field: readOnly, equals: ["true"] }] }
          - { name: writes, field_selectors: [{ field: eventCategory, equals: [Management] }, { field: readOnly, not_equals: ["true"] }] }
      - name: advanced-some-sources
        multi_region: false
        s3_bucket: logs
        advanced_event_selectors:
          - field_selectors: [{ field: eventCategory, equals: [Management] }, { field: eventSource, equals: [iam.amazonaws.com] }]
`;

describe('aws-cloudtrail collector: shadows, selectors and failures', () => {
  let estate: Estate;
  let fake: FakeAws;
  beforeAll(async () => {
    estate = cloudtrailEstate(FOCUSED);
    fake = await startFakeAws({ estate, now: NOW });
  });
  afterAll(() => fake.close());
  const config = (o: Parameters<typeof cloudtrailConfig>[3] = {}) => cloudtrailConfig(estate, fake, TEST_ACCOUNT, { regions: ['eu-west-1', 'us-east-1'], ...o });
  const trailArn = (home: string, name: string) => `arn:aws:cloudtrail:${home}:${TEST_ACCOUNT}:trail/${name}`;

  it('each trail is observed once, in its home region; shadows still count for the regions they cover', async () => {
    const west = (await collect(config(), 'eu-west-1')).output;
    const east = (await collect(config(), 'us-east-1')).output;
    validate(west);
    validate(east);
    expect(ids(west, 'aws.cloudtrail.trail')).toEqual([trailArn('eu-west-1', 'advanced-rw'), trailArn('eu-west-1', 'advanced-some-sources'), trailArn('eu-west-1', 'advanced-split')]);
    expect(ids(east, 'aws.cloudtrail.trail')).toEqual([trailArn('us-east-1', 'east-only'), trailArn('us-east-1', 'global')]);
    const westTrails = find<CloudTrailRegionAttributes>(west, 'aws.cloudtrail.region', `arn:aws:cloudtrail:eu-west-1:${TEST_ACCOUNT}:trails`).attributes.trails;
    // global (us-east-1, multi-region) shows in eu-west-1 as a shadow; east-only (single-region) does not.
    expect((westTrails as { name: string }[]).map((t) => t.name)).toEqual(['advanced-rw', 'advanced-some-sources', 'advanced-split', 'global']);
  });

  it('reads management events from basic and advanced selectors', async () => {
    const west = (await collect(config(), 'eu-west-1')).output;
    const east = (await collect(config(), 'us-east-1')).output;
    const mgmt = (output: typeof west, arn: string) => find<CloudTrailTrailAttributes>(output, 'aws.cloudtrail.trail', arn).attributes.managementEvents;
    expect(mgmt(west, trailArn('eu-west-1', 'advanced-rw'))).toEqual({ read: true, write: true, excludedSources: ['rdsdata.amazonaws.com'], selectors: 'advanced' });
    expect(mgmt(west, trailArn('eu-west-1', 'advanced-split'))).toEqual({ read: true, write: true, excludedSources: [], selectors: 'advanced' });
    expect(mgmt(west, trailArn('eu-west-1', 'advanced-some-sources'))).toEqual({ read: false, write: false, excludedSources: [], selectors: 'advanced' });
    expect(mgmt(east, trailArn('us-east-1', 'east-only'))).toEqual({ read: false, write: true, excludedSources: ['kms.amazonaws.com'], selectors: 'basic' });
    expect(find<CloudTrailTrailAttributes>(east, 'aws.cloudtrail.trail', trailArn('us-east-1', 'east-only')).attributes.latestDeliveryTime).toBeNull();
  });

  it('GetTrailStatus denied: only the status attributes are Unknown, with the reason; selectors and settings intact', async () => {
    fake.faults.inject({ service: 'cloudtrail', operation: 'GetTrailStatus', kind: 'AccessDenied' });
    try {
      const { output, logs } = await collect(config(), 'us-east-1');
      validate(output);
      const reason = 'cloudtrail:GetTrailStatus denied: AccessDeniedException';
      const trail = find<CloudTrailTrailAttributes>(output, 'aws.cloudtrail.trail', trailArn('us-east-1', 'global'));
      expect(trail.attributes).toMatchObject({ logging: { $unknown: reason }, latestDeliveryTime: { $unknown: reason }, latestDeliveryError: { $unknown: reason }, managementEvents: ALL, kmsKeyId: null });
      // The denied call was made, so the evidence names it; the attributes it fills say why they are Unknown.
      expect(trail.source).toEqual(['cloudtrail:DescribeTrails', 'cloudtrail:GetEventSelectors', 'cloudtrail:GetTrailStatus', 'sts:GetCallerIdentity']);
      expect(logs.join('')).toContain(reason);
      // The checks that need the status answer error with the reason; the one that does not keeps its verdict.
      const ctx = <P>(params: P) => ({ now: NOW, params, observations: NO_OTHER_OBSERVATIONS });
      expect(deliveryRecent.evaluate(trail, ctx({ max_delivery_age_hours: 24 }))).toEqual({ status: 'error', reason: `latest delivery error could not be collected: ${reason}` });
      expect(logFileValidationEnabled.evaluate(trail, ctx<Record<string, never>>({})).status).toBe('pass');
      const region = find<CloudTrailRegionAttributes>(output, 'aws.cloudtrail.region', `arn:aws:cloudtrail:us-east-1:${TEST_ACCOUNT}:trails`);
      expect(multiRegionTrailLogging.evaluate(region, ctx({ allowed_excluded_event_sources: [] })).status).toBe('error');
    } finally {
      fake.faults.clear();
    }
  });

  it('DescribeTrails denied: the region trail list is Unknown and the trail population is a gap, never empty', async () => {
    fake.faults.inject({ service: 'cloudtrail', operation: 'DescribeTrails', kind: 'AccessDenied' });
    try {
      const { output } = await collect(config());
      const reason = 'cloudtrail:DescribeTrails denied: AccessDeniedException';
      expect(output.gaps).toEqual([{ type: 'aws.cloudtrail.trail', reason }]);
      expect(output.observations.map((o) => [o.type, o.attributes])).toEqual([['aws.cloudtrail.region', { accountId: TEST_ACCOUNT, region: 'eu-west-1', trails: { $unknown: reason } }]]);
    } finally {
      fake.faults.clear();
    }
  });

  it('throttling is retried by the SDK and counted', async () => {
    fake.faults.inject({ service: 'cloudtrail', operation: 'DescribeTrails', kind: 'Throttling', times: 2 });
    try {
      const { output, stats } = await collect(config());
      expect(output.gaps).toEqual([]);
      expect(stats.throttles).toBe(2);
      expect(stats.byOperation['cloudtrail:DescribeTrails']).toBe(3);
    } finally {
      fake.faults.clear();
    }
  });

  it('rejected credentials fail the whole scope, naming no secret', async () => {
    const bad = config({ credentials: { accessKeyId: 'AKIAUNKNOWNKEY000009', secretAccessKey: 'not-the-secret-at-all-0009' } });
    // The skeleton's account proof is the first call, so it is the one that names the rejection.
    await expect(collect(bad)).rejects.toThrow(/^aws-cloudtrail: AWS rejected the credentials for account 333333333333 in eu-west-1 \(sts:GetCallerIdentity: InvalidClientTokenId\)$/);
    await expect(collect(bad)).rejects.not.toThrow(/not-the-secret/);
  });

  it("another account's keys: its trails name another account, so the scope fails", async () => {
    const other = config({ credentials: { accessKeyId: 'AKIATESTOTHER000002', secretAccessKey: 'test-secret-not-real-0002' } });
    await expect(collect(other)).rejects.toThrow(/belong to account 444444444444/);
  });
});
