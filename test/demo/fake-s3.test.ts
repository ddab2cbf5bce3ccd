import { GetBucketAclCommand, GetBucketLocationCommand, GetBucketPolicyCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadEstateFile } from '../../src/demo/estate/load.js';
import type { Estate } from '../../src/demo/estate/schema.js';
import { startFakeAws, type FakeAws } from '../../src/demo/fakes/server.js';

/** The S3 and S3 Control fakes at the protocol level: raw HTTP, and the real SDK clients reading it. */

const ESTATE = new URL('../../config/demo/estate.yaml', import.meta.url).pathname;
const PROD_KEY = 'AKIADEMOPROD00000001';
const SANDBOX_KEY = 'AKIADEMOSANDBOX00002';

const sigV4 = (key: string, region = 'eu-west-1') =>
  `AWS4-HMAC-SHA256 Credential=${key}/20260315/${region}/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=00`;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false });

describe('S3 fake (protocol level)', () => {
  let estate: Estate;
  let fake: FakeAws;

  async function raw(path: string, opts: { key?: string; region?: string; base?: string; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.key !== '') headers.authorization = sigV4(opts.key ?? PROD_KEY, opts.region);
    const res = await fetch((opts.base ?? fake.endpoints.s3) + path, { headers });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, xml: parser.parse(text) as Record<string, any> };
  }
  const s3 = (region: string, key = PROD_KEY) =>
    new S3Client({ region, endpoint: fake.endpoints.s3, forcePathStyle: true, credentials: { accessKeyId: key, secretAccessKey: 'irrelevant-to-the-fake' }, maxAttempts: 1 });

  beforeAll(async () => {
    estate = await loadEstateFile(ESTATE);
    fake = await startFakeAws({ estate, now: new Date('2026-03-15T12:00:00Z'), pageSize: 4 });
  });
  afterEach(() => fake.faults.clear());
  afterAll(() => fake.close());

  it('lists only the caller’s buckets in ListAllMyBucketsResult, paginated with max-buckets and continuation-token', async () => {
    const first = await raw('/?x-id=ListBuckets&max-buckets=100');
    expect(first.status).toBe(200);
    const result = first.xml.ListAllMyBucketsResult;
    expect(result['@_xmlns']).toBe('http://s3.amazonaws.com/doc/2006-03-01/');
    expect(result.Owner.ID).toMatch(/^[0-9a-f]{64}$/);
    // The server caps pages at 4 here; the rest follows the token.
    expect(result.Buckets.Bucket.map((b: { Name: string }) => b.Name)).toEqual(['prod-access-logs', 'prod-artifacts', 'prod-audit-evidence', 'prod-batch-input']);
    expect(result.Buckets.Bucket[0].CreationDate).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/);
    const second = await raw(`/?x-id=ListBuckets&max-buckets=100&continuation-token=${encodeURIComponent(result.ContinuationToken)}`);
    expect(second.xml.ListAllMyBucketsResult.Buckets.Bucket[0].Name).toBe('prod-finance-exports');
    expect((await raw('/?max-buckets=0')).xml.Error.Code).toBe('InvalidArgument');
    expect((await raw('/?continuation-token=garbage')).xml.Error.Code).toBe('InvalidArgument');

    const sdk = await s3('eu-west-1', SANDBOX_KEY).send(new ListBucketsCommand({ MaxBuckets: 10 }));
    expect(sdk.Buckets?.map((b) => [b.Name, b.BucketRegion])).toEqual([
      ['sandbox-experiments', 'us-west-2'],
      ['sandbox-logs', 'us-west-2'],
    ]);
    expect(sdk.Buckets?.[0]?.CreationDate).toBeInstanceOf(Date);
  });

  it('answers GetBucketLocation from any region: empty for us-east-1, the legacy EU as EU', async () => {
    const useast = await raw('/prod-audit-evidence?location', { region: 'ap-south-1' });
    expect(useast.status).toBe(200);
    expect(useast.text).toContain('<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></LocationConstraint>');
    const client = s3('us-east-1');
    expect((await client.send(new GetBucketLocationCommand({ Bucket: 'prod-legacy-data' }))).LocationConstraint).toBe('EU');
    expect((await client.send(new GetBucketLocationCommand({ Bucket: 'prod-artifacts' }))).LocationConstraint).toBe('eu-west-1');
  });

  it('redirects a request signed for the wrong region with 301 PermanentRedirect and x-amz-bucket-region', async () => {
    const res = await raw('/prod-artifacts?acl', { region: 'us-east-1' });
    expect(res.status).toBe(301);
    expect(res.headers.get('x-amz-bucket-region')).toBe('eu-west-1');
    expect(res.xml.Error.Code).toBe('PermanentRedirect');
    await expect(s3('us-east-1').send(new GetBucketAclCommand({ Bucket: 'prod-artifacts' }))).rejects.toMatchObject({ name: 'PermanentRedirect' });
  });

  it('answers "not configured" with the 404 error codes S3 uses, in the <Error> shape with a RequestId', async () => {
    const cases: [string, string][] = [
      ['/prod-public-website?publicAccessBlock', 'NoSuchPublicAccessBlockConfiguration'],
      ['/prod-legacy-data?encryption', 'ServerSideEncryptionConfigurationNotFoundError'],
      ['/prod-public-website?object-lock', 'ObjectLockConfigurationNotFoundError'],
    ];
    for (const [path, code] of cases) {
      const res = await raw(path);
      expect([path, res.status, res.xml.Error.Code]).toEqual([path, 404, code]);
      expect(res.xml.Error.RequestId).toBe(res.headers.get('x-amz-request-id'));
    }
    const withPolicy = await raw('/sandbox-logs?policy', { key: SANDBOX_KEY, region: 'us-west-2' });
    expect(withPolicy.status).toBe(200);
    // Versioning never enabled and logging off are empty documents, not errors.
    expect((await raw('/prod-tmp-scratch?versioning')).text).toContain('<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></VersioningConfiguration>');
    expect((await raw('/prod-batch-input?logging')).xml.BucketLoggingStatus.LoggingEnabled).toBeUndefined();
  });

  it('serves the policy JSON verbatim and S3-shaped ACL grants with xsi:type', async () => {
    const policy = await s3('eu-west-1').send(new GetBucketPolicyCommand({ Bucket: 'prod-shared-reports' }));
    expect(JSON.parse(policy.Policy ?? '')).toMatchObject({ Statement: [{ Sid: 'DenyInsecureTransport' }, { Sid: 'PublicRead', Principal: '*' }] });
    const status = await raw('/prod-shared-reports?policyStatus');
    expect(status.xml.PolicyStatus.IsPublic).toBe('true');
    const acl = await raw('/prod-public-website?acl');
    const grants = acl.xml.AccessControlPolicy.AccessControlList.Grant;
    expect(grants[1].Grantee['@_xsi:type']).toBe('Group');
    expect(grants[1].Grantee.URI).toBe('http://acs.amazonaws.com/groups/global/AllUsers');
    const sdkAcl = await s3('eu-west-1').send(new GetBucketAclCommand({ Bucket: 'prod-public-website' }));
    expect(sdkAcl.Grants?.map((g) => [g.Grantee?.Type, g.Permission])).toEqual([
      ['CanonicalUser', 'FULL_CONTROL'],
      ['Group', 'READ'],
    ]);
  });

  it('denies what the estate denies, another account’s bucket, and unknown or missing keys', async () => {
    expect((await raw('/prod-finance-exports?acl')).xml.Error.Code).toBe('AccessDenied');
    expect((await raw('/prod-finance-exports?versioning', { region: 'us-east-1' })).status).toBe(200);
    expect((await raw('/sandbox-logs?acl', { region: 'us-west-2' })).status).toBe(403);
    expect((await raw('/no-such-bucket?acl')).xml.Error.Code).toBe('NoSuchBucket');
    const unknownKey = await raw('/?x-id=ListBuckets', { key: 'AKIAUNKNOWN000000000' });
    expect([unknownKey.status, unknownKey.xml.Error.Code]).toEqual([403, 'InvalidAccessKeyId']);
    expect((await raw('/?x-id=ListBuckets', { key: '' })).status).toBe(403);
    expect((await raw('/prod-artifacts?torrent')).xml.Error.Code).toBe('NotImplemented');
  });

  it('injects faults per operation and, optionally, per bucket, as S3 answers them', async () => {
    fake.faults.inject({ service: 's3', operation: 'GetBucketVersioning', resource: 'prod-artifacts', kind: 'Throttling', times: 1 });
    expect((await raw('/prod-tmp-scratch?versioning')).status).toBe(200);
    const throttled = await raw('/prod-artifacts?versioning');
    expect([throttled.status, throttled.xml.Error.Code]).toEqual([503, 'SlowDown']);
    expect((await raw('/prod-artifacts?versioning')).status).toBe(200);
    fake.faults.inject({ service: 's3', operation: 'GetBucketAcl', kind: 'AccessDenied' });
    expect((await raw('/prod-artifacts?acl')).status).toBe(403);
    expect((await raw('/prod-audit-evidence?acl', { region: 'us-east-1' })).status).toBe(403);
    expect(fake.requests.filter((r) => r.service === 's3' && r.action === 'GetBucketAcl').every((r) => r.accountId === '111111111111')).toBe(true);
  });

  it('S3 Control: the account-level block for the caller’s own account only, not configured → 404', async () => {
    const control = (key: string) =>
      new S3ControlClient({
        region: 'eu-west-1',
        endpointProvider: () => ({ url: new URL(fake.endpoints.s3control) }),
        credentials: { accessKeyId: key, secretAccessKey: 'irrelevant-to-the-fake' },
        maxAttempts: 1,
      });
    const sandbox = await control(SANDBOX_KEY).send(new GetPublicAccessBlockCommand({ AccountId: '222222222222' }));
    expect(sandbox.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    await expect(control(PROD_KEY).send(new GetPublicAccessBlockCommand({ AccountId: '111111111111' }))).rejects.toMatchObject({
      name: 'NoSuchPublicAccessBlockConfiguration',
      $metadata: { httpStatusCode: 404 },
    });
    await expect(control(PROD_KEY).send(new GetPublicAccessBlockCommand({ AccountId: '222222222222' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    const missingHeader = await raw('/v20180820/configuration/publicAccessBlock', { base: fake.endpoints.s3control });
    expect(missingHeader.xml.Error.Code).toBe('InvalidRequest');
  });
});
