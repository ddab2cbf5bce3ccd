import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  TrailNotFoundException,
} from '@aws-sdk/client-cloudtrail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Estate } from '../../src/demo/estate/schema.js';
import { startFakeAws, type FakeAws } from '../../src/demo/fakes/server.js';
import { cloudtrailEstate, TEST_ACCOUNT } from '../collectors/aws-cloudtrail/harness.js';

const NOW = new Date('2026-03-15T12:00:00.000Z');

const ESTATE = `regions:
  us-east-1:
    trails:
      - { name: global, s3_bucket: logs, kms_key: "arn:aws:kms:us-east-1:333333333333:key/k1", latest_delivery: -2h }
      - { name: local, multi_region: false, s3_bucket: logs, logging: false, latest_delivery_error: NoSuchBucket }
`;

/** The CloudTrail fake at protocol level: AWS JSON 1.1 envelopes, region from SigV4, shadows found only by ARN. */
describe('AWS CloudTrail fake', () => {
  let estate: Estate;
  let fake: FakeAws;
  const client = (region: string, key = 'AKIATESTTRAIL000001', secret = 'test-secret-not-real-0001') =>
    new CloudTrailClient({ region, endpoint: fake.endpoints.cloudtrail, credentials: { accessKeyId: key, secretAccessKey: secret }, maxAttempts: 1 });
  const GLOBAL = `arn:aws:cloudtrail:us-east-1:${TEST_ACCOUNT}:trail/global`;

  beforeAll(async () => {
    estate = cloudtrailEstate(ESTATE);
    fake = await startFakeAws({ estate, now: NOW });
  });
  afterAll(() => fake.close());

  it('DescribeTrails: the home region sees both trails; another region sees only the multi-region one, unless shadows are excluded', async () => {
    const east = await client('us-east-1').send(new DescribeTrailsCommand({}));
    expect(east.trailList?.map((t) => t.Name)).toEqual(['global', 'local']);
    expect(east.trailList?.[0]).toMatchObject({ TrailARN: GLOBAL, HomeRegion: 'us-east-1', IsMultiRegionTrail: true, KmsKeyId: 'arn:aws:kms:us-east-1:333333333333:key/k1', LogFileValidationEnabled: true });
    const west = await client('eu-west-1').send(new DescribeTrailsCommand({ includeShadowTrails: true }));
    expect(west.trailList?.map((t) => [t.Name, t.HomeRegion])).toEqual([['global', 'us-east-1']]);
    expect((await client('eu-west-1').send(new DescribeTrailsCommand({ includeShadowTrails: false }))).trailList).toEqual([]);
    // A name finds only this region's trails; another region's trail needs its ARN.
    expect((await client('eu-west-1').send(new DescribeTrailsCommand({ trailNameList: ['global'] }))).trailList).toEqual([]);
    expect((await client('eu-west-1').send(new DescribeTrailsCommand({ trailNameList: [GLOBAL] }))).trailList?.map((t) => t.Name)).toEqual(['global']);
  });

  it('GetTrailStatus: timestamps as the SDK parses them; a shadow by name is TrailNotFoundException, by ARN it answers', async () => {
    const status = await client('eu-west-1').send(new GetTrailStatusCommand({ Name: GLOBAL }));
    expect(status.IsLogging).toBe(true);
    expect(status.LatestDeliveryTime?.toISOString()).toBe('2026-03-14T22:00:00.000Z');
    const error = await client('eu-west-1').send(new GetTrailStatusCommand({ Name: 'global' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrailNotFoundException);
    expect((error as TrailNotFoundException).$metadata.httpStatusCode).toBe(400);
    const local = await client('us-east-1').send(new GetTrailStatusCommand({ Name: 'local' }));
    expect([local.IsLogging, local.LatestDeliveryError, local.LatestDeliveryTime]).toEqual([false, 'NoSuchBucket', undefined]);
  });

  it('GetEventSelectors: the basic selector of a default trail', async () => {
    const out = await client('us-east-1').send(new GetEventSelectorsCommand({ TrailName: 'global' }));
    expect(out.TrailARN).toBe(GLOBAL);
    expect(out.EventSelectors).toEqual([{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }]);
    expect(out.AdvancedEventSelectors).toBeUndefined();
  });

  it("another account's keys see that account's trails only; unknown keys are rejected like AWS does", async () => {
    const other = await client('eu-west-1', 'AKIATESTOTHER000002', 'test-secret-not-real-0002').send(new DescribeTrailsCommand({}));
    expect(other.trailList?.map((t) => t.TrailARN)).toEqual(['arn:aws:cloudtrail:eu-west-1:444444444444:trail/other-trail']);
    const rejected = await client('eu-west-1', 'AKIANOBODY0000000009', 'nobody-secret-not-real-9').send(new DescribeTrailsCommand({})).catch((e: unknown) => e);
    expect((rejected as Error).name).toBe('UnrecognizedClientException');
  });

  it('fault injection per operation: AccessDenied answers AccessDeniedException for that operation only', async () => {
    fake.faults.inject({ service: 'cloudtrail', operation: 'GetEventSelectors', kind: 'AccessDenied', times: 1 });
    const denied = await client('us-east-1').send(new GetEventSelectorsCommand({ TrailName: 'global' })).catch((e: unknown) => e);
    expect((denied as Error).name).toBe('AccessDeniedException');
    expect((await client('us-east-1').send(new GetEventSelectorsCommand({ TrailName: 'global' }))).TrailARN).toBe(GLOBAL);
  });
});
