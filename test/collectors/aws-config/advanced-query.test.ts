import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { S3_BUCKET_QUERY, selectS3BucketConfigurations } from '../../../src/aws/config-advanced-query.js';
import { CallFailedError } from '../../../src/sdk/aws-call.js';
import { CallStats } from '../../../src/sdk/call-stats.js';
import { attachCallStats } from '../../../src/sdk/aws.js';
import type { Estate } from '../../../src/demo/estate/schema.js';
import { startFakeAws, type FakeAws } from '../../../src/demo/fakes/server.js';
import { configClient, configEstate, NOW, TEST_ACCOUNT } from './harness.js';

const CONFIG = `regions:
  eu-west-1:
    recorder: {}
  eu-west-2:
    recorder: { all_supported: false, resource_types: ["AWS::IAM::User"] }
  eu-west-3:
    recorder: {}
    advanced_query: { available: false }
`;

/** The items are derived from these S3 buckets, each in its own region. */
const S3 = `buckets:
  - name: logs-bucket
    region: eu-west-1
    created: -100d
    versioning: { status: Enabled }
    public_access_block: {}
    ownership: BucketOwnerEnforced
  - name: open-bucket
    region: eu-west-1
    created: -90d
    acl: [{ grantee: AllUsers, permission: READ }]
    ownership: ObjectWriter
    encryption: { algorithm: "aws:kms", kms_key_id: "arn:aws:kms:eu-west-1:333333333333:key/1234", bucket_key: true }
    logging: { target_bucket: logs-bucket, target_prefix: open/ }
    policy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::open-bucket/*" }] }
    deny: [GetBucketAcl]
  - name: locked-bucket
    region: eu-west-1
    created: -80d
    versioning: { status: Enabled }
    object_lock: { default_retention: { mode: COMPLIANCE, years: 7 } }
  - name: invisible-bucket
    region: eu-west-2
    created: -70d
  - name: virginia-bucket
    region: us-east-1
    created: -60d
`;

describe('selectS3BucketConfigurations: S3 configuration from AWS Config advanced query', () => {
  let estate: Estate;
  let fake: FakeAws;

  beforeAll(async () => {
    estate = configEstate(CONFIG, S3);
    fake = await startFakeAws({ estate, now: NOW, pageSize: 1 });
  });
  afterEach(() => fake.faults.clear());
  afterAll(() => fake.close());

  it('returns every bucket of the region, over several pages, in the shapes Config records', async () => {
    const client = configClient(estate, fake, TEST_ACCOUNT);
    const stats = new CallStats();
    attachCallStats(client, stats, 'config');
    const result = await selectS3BucketConfigurations(client);
    client.destroy();
    if (!result.available) throw new Error(result.reason);
    expect(stats.byOperation['config:SelectResourceConfig']).toBe(3);
    expect(result.recordingFrequency).toBe('CONTINUOUS');
    // Config is regional: invisible-bucket (eu-west-2) and virginia-bucket (us-east-1) are not in eu-west-1's answer.
    expect(result.buckets.map((b) => [b.bucketName, b.region])).toEqual([
      ['locked-bucket', 'eu-west-1'],
      ['logs-bucket', 'eu-west-1'],
      ['open-bucket', 'eu-west-1'],
    ]);
    const [locked, logs, open] = result.buckets;
    expect(logs!.supplementaryConfiguration.PublicAccessBlockConfiguration).toEqual({
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: true,
      restrictPublicBuckets: true,
    });
    expect(logs!.supplementaryConfiguration.BucketVersioningConfiguration).toEqual({ status: 'Enabled', isMfaDeleteEnabled: null });
    expect(logs!.supplementaryConfiguration.ServerSideEncryptionConfiguration).toBeUndefined();
    expect(open!.supplementaryConfiguration.PublicAccessBlockConfiguration).toBeUndefined();
    expect(open!.supplementaryConfiguration.BucketVersioningConfiguration).toEqual({ status: 'Off', isMfaDeleteEnabled: null });
    expect(open!.supplementaryConfiguration.ServerSideEncryptionConfiguration).toEqual({
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyID: 'arn:aws:kms:eu-west-1:333333333333:key/1234' }, bucketKeyEnabled: true }],
    });
    expect(open!.supplementaryConfiguration.BucketLoggingConfiguration).toEqual({ destinationBucketName: 'logs-bucket', logFilePrefix: 'open/' });
    expect(JSON.parse(open!.supplementaryConfiguration.BucketPolicy!.policyText!)).toMatchObject({ Statement: [{ Principal: '*' }] });
    // AccessControlList arrives as a JSON string inside the item and is parsed. The bucket's `deny:` limits the
    // demo's credentials on the S3 API, not Config's own recording.
    expect(open!.supplementaryConfiguration.AccessControlList!.grantList).toContainEqual({ grantee: 'AllUsers', permission: 'Read', referenceId: null });
    expect(open!.supplementaryConfiguration.BucketOwnershipControls!.ownershipControls!.rules).toEqual([{ objectOwnership: 'ObjectWriter' }]);
    expect(locked!.supplementaryConfiguration.ObjectLockConfiguration).toEqual({
      objectLockEnabled: 'Enabled',
      rule: { defaultRetention: { mode: 'COMPLIANCE', days: null, years: 7 } },
    });
    expect(logs!.configuration.name).toBe('logs-bucket');
  });

  it('sends exactly the documented query', () => {
    expect(S3_BUCKET_QUERY).toBe("SELECT resourceId, resourceName, awsRegion, configuration, supplementaryConfiguration WHERE resourceType = 'AWS::S3::Bucket'");
  });

  it('not available when the recorder does not record S3 buckets (Config would hold no current items)', async () => {
    const client = configClient(estate, fake, TEST_ACCOUNT, 'eu-west-2');
    expect(await selectS3BucketConfigurations(client)).toEqual({ available: false, reason: 'AWS Config is not recording AWS::S3::Bucket in this region' });
    client.destroy();
  });

  it('not available when the region has no recorder', async () => {
    const client = configClient(estate, fake, TEST_ACCOUNT, 'us-east-1');
    expect(await selectS3BucketConfigurations(client)).toEqual({ available: false, reason: 'AWS Config has no configuration recorder in this region' });
    client.destroy();
  });

  it('not available when SelectResourceConfig is denied', async () => {
    const client = configClient(estate, fake, TEST_ACCOUNT, 'eu-west-3');
    expect(await selectS3BucketConfigurations(client)).toEqual({ available: false, reason: 'config:SelectResourceConfig denied: AccessDeniedException' });
    client.destroy();
  });

  it('not available when the recorder listing is denied', async () => {
    fake.faults.inject({ service: 'config', operation: 'DescribeConfigurationRecorders', kind: 'AccessDenied' });
    const client = configClient(estate, fake, TEST_ACCOUNT);
    expect(await selectS3BucketConfigurations(client)).toEqual({ available: false, reason: 'config:DescribeConfigurationRecorders denied: AccessDeniedException' });
    client.destroy();
  });

  it('a malformed answer is a CallFailedError for the caller to decide on, not "no buckets"', async () => {
    fake.faults.inject({ service: 'config', operation: 'SelectResourceConfig', kind: 'Malformed' });
    const client = configClient(estate, fake, TEST_ACCOUNT);
    const error = await selectS3BucketConfigurations(client).catch((e: unknown) => e);
    client.destroy();
    expect(error).toBeInstanceOf(CallFailedError);
    expect((error as CallFailedError).reason).toBe('config:SelectResourceConfig returned a malformed response');
  });
});
