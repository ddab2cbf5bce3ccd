import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { S3Client } from '@aws-sdk/client-s3';
import { awsS3Collector, S3_ACTION_BY_OPERATION } from '../../../collectors/aws-s3/collector.js';
import { listBuckets } from '../../../collectors/aws-s3/list-buckets.js';
import type { Estate } from '../../../src/demo/estate/schema.js';
import type { FakeAws } from '../../../src/demo/fakes/server.js';
import { account, bucket, bucketNames, collect, demoConfig, demoEstate, PROD, SANDBOX, startFake } from './harness.js';

describe('aws-s3 collector over the demo estate', () => {
  let estate: Estate;
  let fake: FakeAws;

  beforeAll(async () => {
    estate = await demoEstate();
    // A page size of 3 makes ListBuckets take four pages for prod's twelve buckets.
    fake = await startFake(estate, { pageSize: 3 });
  });
  afterEach(() => fake.faults.clear());
  afterAll(() => fake.close());

  it('emits the account and every bucket, all pages, in name order, with every read known but the denied ACL', async () => {
    const { output, stats } = await collect(demoConfig(estate, fake, PROD));
    expect(stats.byOperation['s3:ListBuckets']).toBe(4);
    expect(bucketNames(output)).toEqual([...bucketNames(output)].sort());
    expect(bucketNames(output)).toHaveLength(12);
    expect(output.gaps).toEqual([]);
    expect(account(output).attributes).toEqual({ source: 's3-api', accountId: PROD, publicAccessBlock: null });
    expect(account(output).id).toBe('arn:aws:s3::111111111111:account');
    const unknowns = output.observations.flatMap((o) =>
      Object.entries(o.attributes as Record<string, unknown>)
        .filter(([, v]) => typeof v === 'object' && v !== null && '$unknown' in v)
        .map(([k]) => `${o.id} ${k}`),
    );
    expect(unknowns).toEqual(['arn:aws:s3:::prod-finance-exports acl']);
    expect(bucket(output, 'prod-finance-exports').attributes.acl).toEqual({ $unknown: 's3:GetBucketAcl denied: AccessDenied' });
    // The denied read was made, so the evidence names it (the attribute says why it is Unknown).
    expect(bucket(output, 'prod-finance-exports').source).toContain('s3:GetBucketAcl');
  });

  it('reads each bucket with a client for its region: empty constraint → us-east-1, EU → eu-west-1', async () => {
    const { output } = await collect(demoConfig(estate, fake, PROD));
    expect(bucket(output, 'prod-audit-evidence').attributes.region).toBe('us-east-1');
    expect(bucket(output, 'prod-legacy-data').attributes.region).toBe('eu-west-1');
    // The fake redirects (301) any read signed for another region, so known settings prove the routing.
    expect(bucket(output, 'prod-audit-evidence').attributes.objectLock).toEqual({ enabled: true, defaultRetention: { mode: 'COMPLIANCE', days: null, years: 7 } });
    const sandbox = await collect(demoConfig(estate, fake, SANDBOX, { regions: ['eu-west-1', 'us-east-1'] }));
    expect(bucket(sandbox.output, 'sandbox-experiments').attributes).toMatchObject({ region: 'us-west-2', versioning: { status: 'Enabled', mfaDelete: null } });
    expect(account(sandbox.output).attributes.publicAccessBlock).toEqual({ blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true });
    expect(bucket(sandbox.output, 'sandbox-experiments').attributes.accountPublicAccessBlock).toEqual(account(sandbox.output).attributes.publicAccessBlock);
  });

  it('normalises the demo’s settings: encryption, logging, policy analysis, ACL, ownership', async () => {
    const { output } = await collect(demoConfig(estate, fake, PROD));
    const artifacts = bucket(output, 'prod-artifacts').attributes;
    expect(artifacts.encryption).toEqual({ algorithm: 'aws:kms', kmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/0b6f2c1e-8d0a-4f6e-9a51-6c2d9e1f0a11', bucketKeyEnabled: true });
    expect(artifacts.logging).toEqual({ targetBucket: 'prod-access-logs', targetPrefix: 'prod-artifacts/' });
    expect(artifacts.policyAnalysis).toMatchObject({ denyInsecureTransport: true, publicStatements: [], crossAccountPrincipals: [] });
    expect(artifacts.ownershipControls).toBe('BucketOwnerEnforced');
    const website = bucket(output, 'prod-public-website').attributes;
    expect(website.acl).toMatchObject({ publicGrants: [{ grantee: 'AllUsers', permission: 'READ' }] });
    expect(website.ownershipControls).toBe('ObjectWriter');
    expect(website.publicAccessBlock).toBeNull();
    expect(bucket(output, 'prod-shared-reports').attributes.policyIsPublic).toBe(true);
    expect(bucket(output, 'prod-partner-exchange').attributes.policyAnalysis).toMatchObject({
      crossAccountPrincipals: [
        { principal: 'arn:aws:iam::888888888888:root', accountId: '888888888888' },
        { principal: '999999999999', accountId: '999999999999' },
      ],
    });
    expect(bucket(output, 'prod-tmp-scratch').attributes.versioning).toEqual({ status: null, mfaDelete: null });
    expect(bucket(output, 'prod-legacy-data').attributes.encryption).toBeNull();
  });

  it('is deterministic: two collections of an unchanged estate are identical', async () => {
    const a = await collect(demoConfig(estate, fake, PROD));
    const b = await collect(demoConfig(estate, fake, PROD));
    expect(JSON.stringify(b.output)).toBe(JSON.stringify(a.output));
  });

  it('ListBuckets denied: the bucket population is a gap (never "no buckets"); the account setting still counts', async () => {
    fake.faults.inject({ service: 's3', operation: 'ListBuckets', kind: 'AccessDenied' });
    const { output } = await collect(demoConfig(estate, fake, PROD));
    expect(output.gaps).toEqual([{ type: 'aws.s3.bucket', reason: 's3:ListBuckets denied: AccessDenied' }]);
    expect(bucketNames(output)).toEqual([]);
    expect(account(output).attributes.publicAccessBlock).toBeNull();
  });

  it('account-level block denied: Unknown on the account and repeated on every bucket', async () => {
    fake.faults.inject({ service: 's3control', operation: 'GetPublicAccessBlock', kind: 'AccessDenied' });
    const { output } = await collect(demoConfig(estate, fake, SANDBOX));
    const reason = { $unknown: 's3control:GetPublicAccessBlock denied: AccessDenied' };
    expect(account(output).attributes.publicAccessBlock).toEqual(reason);
    expect(bucket(output, 'sandbox-logs').attributes.accountPublicAccessBlock).toEqual(reason);
    expect(bucket(output, 'sandbox-logs').attributes.publicAccessBlock).toBeNull();
  });

  it('both account-wide calls failing fails the scope; rejected credentials fail it without leaking the secret', async () => {
    fake.faults.inject({ service: 's3control', operation: 'GetPublicAccessBlock', kind: 'AccessDenied' });
    fake.faults.inject({ service: 's3', operation: 'ListBuckets', kind: 'AccessDenied' });
    await expect(collect(demoConfig(estate, fake, PROD))).rejects.toThrow(/every S3 call failed for account 111111111111/);
    fake.faults.clear();
    const secret = 'wrong-secret-must-not-appear-000';
    const error = await collect(demoConfig(estate, fake, PROD, { accessKeyId: 'AKIAUNKNOWNKEY000001', secretAccessKey: secret })).then(
      () => new Error('expected a failure'),
      (e: Error) => e,
    );
    // The identity proof is the first call, so STS is the one that rejects the unknown key.
    expect(error.message).toMatch(/rejected the credentials for account 111111111111 \(sts:GetCallerIdentity: InvalidClientTokenId\)/);
    expect(error.message).not.toContain(secret);
    expect(error.message).not.toContain('AKIAUNKNOWNKEY000001');
  });

  it('SlowDown is retried by the SDK and counted as throttling; beyond the budget it is an Unknown', async () => {
    fake.faults.inject({ service: 's3', operation: 'GetBucketVersioning', resource: 'prod-artifacts', kind: 'Throttling', times: 1 });
    const retried = await collect(demoConfig(estate, fake, PROD));
    expect(retried.stats.throttles).toBe(1);
    expect(bucket(retried.output, 'prod-artifacts').attributes.versioning).toEqual({ status: 'Enabled', mfaDelete: null });
    fake.faults.inject({ service: 's3', operation: 'GetBucketLogging', resource: 'prod-artifacts', kind: 'Throttling' });
    const exhausted = await collect(demoConfig(estate, fake, PROD, { maxAttempts: 2 }));
    expect(bucket(exhausted.output, 'prod-artifacts').attributes.logging).toEqual({ $unknown: 's3:GetBucketLogging throttled after retries: SlowDown' });
    // Only the targeted bucket is affected.
    expect(bucket(exhausted.output, 'prod-ml-datasets').attributes.logging).toMatchObject({ targetBucket: 'prod-access-logs' });
  });

  it('a malformed answer, a 503 and a timeout are Unknowns with stable reasons', async () => {
    fake.faults.inject({ service: 's3', operation: 'GetBucketEncryption', resource: 'prod-artifacts', kind: 'Malformed' });
    fake.faults.inject({ service: 's3', operation: 'GetBucketOwnershipControls', resource: 'prod-artifacts', kind: 'ServiceUnavailable' });
    fake.faults.inject({ service: 's3', operation: 'GetBucketPolicyStatus', resource: 'prod-artifacts', kind: 'Timeout' });
    const { output } = await collect(demoConfig(estate, fake, PROD, { maxAttempts: 1, requestTimeoutMs: 300 }));
    const a = bucket(output, 'prod-artifacts').attributes;
    expect(a.encryption).toEqual({ $unknown: 's3:GetBucketEncryption returned a malformed response' });
    expect(a.ownershipControls).toEqual({ $unknown: 's3:GetBucketOwnershipControls failed: ServiceUnavailable (HTTP 503)' });
    expect(a.policyIsPublic).toEqual({ $unknown: 's3:GetBucketPolicyStatus timed out: no complete answer within 300 ms (aws.requestTimeoutMs)' });
  });

  it('takes each bucket’s region from ListBuckets: no GetBucketLocation (issue 15)', async () => {
    const { output, stats } = await collect(demoConfig(estate, fake, PROD));
    expect(stats.byOperation['s3:GetBucketLocation']).toBeUndefined();
    expect(fake.requests.filter((r) => r.action === 'GetBucketLocation')).toEqual([]);
    // BucketRegion spells us-east-1 out (GetBucketLocation's constraint is empty); both end as the same region.
    expect(bucket(output, 'prod-audit-evidence').attributes.region).toBe('us-east-1');
    expect(bucket(output, 'prod-audit-evidence').source).not.toContain('s3:GetBucketLocation');
  });

  it('one ListBuckets page holds 10,000 buckets (max-buckets 10000, not 1000)', async () => {
    const big = await demoEstate();
    const prod = big.aws!.accounts.find((a) => a.id === PROD)!;
    const template = prod.s3!.buckets.find((b) => b.name === 'prod-artifacts')!;
    for (let i = 0; i < 1_100; i += 1) prod.s3!.buckets.push({ ...template, name: `bulk-${String(i).padStart(4, '0')}` });
    const bigFake = await startFake(big);
    try {
      // The collector's own listing, with the real SDK (reading 1,100 buckets' settings would only slow the test down).
      const client = new S3Client({ region: 'eu-west-1', endpoint: bigFake.endpoints.s3, forcePathStyle: true, credentials: { accessKeyId: 'AKIADEMOPROD00000001', secretAccessKey: 'irrelevant-to-the-fake' } });
      const listed = await listBuckets(client);
      expect(listed).toHaveLength(1_112);
      expect(listed.find((b) => b.name === 'bulk-0000')?.region).toBe(template.region);
      expect(bigFake.requests.filter((r) => r.service === 's3' && r.action === 'ListBuckets').length).toBe(1);
    } finally {
      await bigFake.close();
    }
  });

  describe('when ListBuckets leaves BucketRegion out (S3 before October 2024, S3-compatible stores)', () => {
    let old: FakeAws;
    beforeAll(async () => {
      old = await startFake(estate, { listBucketsWithoutRegion: true });
    });
    afterEach(() => old.faults.clear());
    afterAll(() => old.close());

    it('asks GetBucketLocation per bucket: empty constraint → us-east-1, EU → eu-west-1, the same observations', async () => {
      const { output, stats } = await collect(demoConfig(estate, old, PROD));
      expect(stats.byOperation['s3:GetBucketLocation']).toBe(12);
      expect(bucket(output, 'prod-audit-evidence').attributes.region).toBe('us-east-1');
      expect(bucket(output, 'prod-legacy-data').attributes.region).toBe('eu-west-1');
      expect(bucket(output, 'prod-audit-evidence').source).toContain('s3:GetBucketLocation');
      const withRegion = await collect(demoConfig(estate, fake, PROD));
      expect(output.observations.map((o) => o.attributes)).toEqual(withRegion.output.observations.map((o) => o.attributes));
    });

    it('a bucket whose region cannot be read has every setting Unknown for that reason', async () => {
      old.faults.inject({ service: 's3', operation: 'GetBucketLocation', resource: 'prod-artifacts', kind: 'AccessDenied' });
      const { output } = await collect(demoConfig(estate, old, PROD));
      const a = bucket(output, 'prod-artifacts').attributes;
      expect(a.region).toEqual({ $unknown: 's3:GetBucketLocation denied: AccessDenied' });
      for (const key of ['publicAccessBlock', 'encryption', 'versioning', 'logging', 'policy', 'policyAnalysis', 'policyIsPublic', 'acl', 'objectLock', 'ownershipControls'] as const) {
        expect([key, a[key]]).toEqual([key, { $unknown: 'bucket region unknown: s3:GetBucketLocation denied: AccessDenied' }]);
      }
    });
  });
});

describe('aws-s3 collector definition', () => {
  it('needs exactly the IAM actions of the calls it makes (API names differ from IAM names)', () => {
    expect(awsS3Collector.permissions).toEqual([
      'config:DescribeConfigurationRecorderStatus',
      'config:DescribeConfigurationRecorders',
      'config:SelectResourceConfig',
      's3:GetAccountPublicAccessBlock',
      's3:GetBucketAcl',
      's3:GetBucketLocation',
      's3:GetBucketLogging',
      's3:GetBucketObjectLockConfiguration',
      's3:GetBucketOwnershipControls',
      's3:GetBucketPolicy',
      's3:GetBucketPolicyStatus',
      's3:GetBucketPublicAccessBlock',
      's3:GetBucketVersioning',
      's3:GetEncryptionConfiguration',
      's3:ListAllMyBuckets',
      'sts:GetCallerIdentity',
    ]);
    expect(S3_ACTION_BY_OPERATION['S3Client.GetBucketEncryptionCommand']).toBe('s3:GetEncryptionConfiguration');
    expect(S3_ACTION_BY_OPERATION['S3ControlClient.GetPublicAccessBlockCommand']).toBe('s3:GetAccountPublicAccessBlock');
  });
});
