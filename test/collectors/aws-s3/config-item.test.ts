import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectS3BucketConfigurations, type ConfigS3Bucket } from '../../../src/aws/config-advanced-query.js';
import { S3SupplementaryConfiguration } from '../../../src/aws/s3-configuration-item.js';
import { apiPermission, bucketRawFromConfigItem, needsPolicyStatus } from '../../../collectors/aws-s3/config-item.js';
import { normalizeS3 } from '../../../collectors/aws-s3/normalize.js';
import { S3Bucket, type S3BucketAttributes } from '../../../collectors/aws-s3/observations.js';
import { bucketNotPublic } from '../../../checks/aws-s3/bucket-not-public.js';
import { bucketPolicyNoUntrustedPrincipals } from '../../../checks/aws-s3/bucket-policy-no-untrusted-principals.js';
import { bucketTlsEnforced } from '../../../checks/aws-s3/bucket-tls-enforced.js';
import type { FakeAws } from '../../../src/demo/fakes/server.js';
import type { Outcome } from '../../../src/sdk/aws-call.js';
import { run as runCheck } from '../../checks/aws-s3/fixtures.js';
import { s3Estate, startFake, TEST_ACCOUNT, TEST_KEY, TEST_SECRET } from './harness.js';

/** The pure converter from Config's item to BucketRaw, over Config's shape variants, and what a bad item becomes. */

const LISTED = { name: 'b', createdAt: '2025-01-01T00:00:00.000Z', region: null };
const NO_STATUS: Outcome<boolean | null> = { ok: true, value: null };
const OWNER = 'c'.repeat(64);

/** A minimal item Config could record for a bucket with nothing configured, with the given entries replaced. */
function item(entries: Record<string, unknown> = {}): ConfigS3Bucket {
  return {
    bucketName: 'b',
    region: 'eu-west-1',
    configuration: { name: 'b', owner: { id: OWNER, displayName: null }, creationDate: '2025-01-01T00:00:00.000Z' },
    supplementaryConfiguration: S3SupplementaryConfiguration.parse({
      AccessControlList: JSON.stringify({ grantList: [{ grantee: { id: OWNER, displayName: null }, permission: 'FullControl' }], owner: { id: OWNER, displayName: null } }),
      BucketLoggingConfiguration: { destinationBucketName: null, logFilePrefix: null },
      BucketPolicy: { policyText: null },
      BucketVersioningConfiguration: { status: 'Off', isMfaDeleteEnabled: null },
      ...entries,
    }),
  };
}

const raw = (entries: Record<string, unknown> = {}) => bucketRawFromConfigItem(item(entries), LISTED, NO_STATUS);

describe('bucketRawFromConfigItem', () => {
  it('a bucket with nothing configured: every concern a real "not configured" value, and no policy-status call needed', () => {
    expect(raw()).toEqual({
      name: 'b',
      createdAt: '2025-01-01T00:00:00.000Z',
      source: 'aws-config',
      region: { ok: true, value: 'eu-west-1' },
      publicAccessBlock: { ok: true, value: null },
      encryption: { ok: true, value: null },
      versioning: { ok: true, value: { status: null, mfaDelete: null } },
      logging: { ok: true, value: null },
      policy: { ok: true, value: null },
      policyIsPublic: { ok: true, value: null },
      acl: { ok: true, value: { ownerId: OWNER, publicGrants: [], grants: [{ type: 'CanonicalUser', grantee: OWNER, permission: 'FULL_CONTROL' }] } },
      objectLock: { ok: true, value: null },
      ownershipControls: { ok: true, value: null },
    });
    expect(needsPolicyStatus(item())).toBe(false);
    expect(needsPolicyStatus(item({ BucketPolicy: { policyText: '{"Statement":[]}' } }))).toBe(true);
  });

  it.each([
    ['FullControl', 'FULL_CONTROL'],
    ['Read', 'READ'],
    ['Write', 'WRITE'],
    ['ReadAcp', 'READ_ACP'],
    ['WriteAcp', 'WRITE_ACP'],
    ['READ_ACP', 'READ_ACP'],
  ])('permission %s is the API’s %s', (config, api) => {
    expect(apiPermission(config)).toBe(api);
  });

  it('grantees in each of Config’s forms become the API’s type and id; public groups are found', () => {
    const acl = raw({
      AccessControlList: {
        owner: { id: OWNER },
        grantList: [
          { grantee: 'AllUsers', permission: 'Read' },
          { grantee: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers', permission: 'Write' },
          { grantee: { identifier: 'ops@example.com', typeIdentifier: 'emailAddress' }, permission: 'ReadAcp' },
          { grantee: { identifier: 'd'.repeat(64), typeIdentifier: 'id' }, permission: 'WriteAcp' },
          { grantee: { identifier: 'http://acs.amazonaws.com/groups/s3/LogDelivery', typeIdentifier: 'uri' }, permission: 'Write' },
        ],
      },
    }).acl;
    expect(acl).toEqual({
      ok: true,
      value: {
        ownerId: OWNER,
        publicGrants: [
          { grantee: 'AllUsers', permission: 'READ' },
          { grantee: 'AuthenticatedUsers', permission: 'WRITE' },
        ],
        grants: [
          { type: 'Group', grantee: 'http://acs.amazonaws.com/groups/global/AllUsers', permission: 'READ' },
          { type: 'Group', grantee: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers', permission: 'WRITE' },
          { type: 'AmazonCustomerByEmail', grantee: 'ops@example.com', permission: 'READ_ACP' },
          { type: 'CanonicalUser', grantee: 'd'.repeat(64), permission: 'WRITE_ACP' },
          { type: 'Group', grantee: 'http://acs.amazonaws.com/groups/s3/LogDelivery', permission: 'WRITE' },
        ],
      },
    });
  });

  it('an unrecognisable grantee makes the whole ACL Unknown (it could be a public grant)', () => {
    expect(raw({ AccessControlList: { grantList: [{ grantee: 'Everyone', permission: 'Read' }] } }).acl).toEqual({
      ok: false,
      reason: 'config:SelectResourceConfig returned a malformed AccessControlList',
    });
  });

  it('an entry Config always records but left out is Unknown, never "not configured"', () => {
    const { AccessControlList: _a, BucketPolicy: _p, ...rest } = item().supplementaryConfiguration;
    const partial = bucketRawFromConfigItem({ ...item(), supplementaryConfiguration: rest }, LISTED, { ok: true, value: false });
    expect(partial.acl).toEqual({ ok: false, reason: 'config:SelectResourceConfig returned no AccessControlList for the bucket' });
    expect(partial.policy).toEqual({ ok: false, reason: 'config:SelectResourceConfig returned no BucketPolicy for the bucket' });
    // Without Config's word that there is no policy, S3's own verdict is read.
    expect(needsPolicyStatus({ ...item(), supplementaryConfiguration: rest })).toBe(true);
  });

  it('versioning: Off is never enabled; MFA delete true / false / unset', () => {
    expect(raw({ BucketVersioningConfiguration: { status: 'Enabled', isMfaDeleteEnabled: true } }).versioning).toEqual({ ok: true, value: { status: 'Enabled', mfaDelete: 'Enabled' } });
    expect(raw({ BucketVersioningConfiguration: { status: 'Suspended', isMfaDeleteEnabled: false } }).versioning).toEqual({ ok: true, value: { status: 'Suspended', mfaDelete: 'Disabled' } });
    expect(raw({ BucketVersioningConfiguration: { status: 'Sometimes' } }).versioning).toEqual({ ok: false, reason: 'config:SelectResourceConfig returned a malformed BucketVersioningConfiguration' });
  });

  it('encryption, ownership, object lock and public access block as recorded', () => {
    const r = raw({
      ServerSideEncryptionConfiguration: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyID: 'alias/k' }, bucketKeyEnabled: null }] },
      BucketOwnershipControls: JSON.stringify({ ownershipControls: { rules: [{ objectOwnership: 'BucketOwnerEnforced' }] } }),
      ObjectLockConfiguration: { objectLockEnabled: 'Enabled', rule: { defaultRetention: { mode: 'COMPLIANCE', days: null, years: 1 } } },
      PublicAccessBlockConfiguration: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: false },
      BucketLoggingConfiguration: { destinationBucketName: 'logs', logFilePrefix: null },
    });
    expect(r.encryption).toEqual({ ok: true, value: { algorithm: 'aws:kms', kmsKeyId: 'alias/k', bucketKeyEnabled: false } });
    expect(r.ownershipControls).toEqual({ ok: true, value: 'BucketOwnerEnforced' });
    expect(r.objectLock).toEqual({ ok: true, value: { enabled: true, defaultRetention: { mode: 'COMPLIANCE', days: null, years: 1 } } });
    expect(r.publicAccessBlock).toEqual({ ok: true, value: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: false } });
    expect(r.logging).toEqual({ ok: true, value: { targetBucket: 'logs', targetPrefix: '' } });
    expect(raw({ BucketOwnershipControls: { ownershipControls: { rules: [{ objectOwnership: 'Whoever' }] } } }).ownershipControls).toEqual({
      ok: false,
      reason: 'config:SelectResourceConfig returned a malformed BucketOwnershipControls',
    });
  });
});

describe('a malformed policyText in a real Config item', () => {
  let fake: FakeAws;
  let real: ConfigS3Bucket;

  beforeAll(async () => {
    fake = await startFake(
      s3Estate(
        `buckets:
  - name: guarded
    region: eu-west-1
    created: -10d
    policy: { Version: "2012-10-17", Statement: [{ Effect: Deny, Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::guarded", "arn:aws:s3:::guarded/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } }] }`,
        'regions:\n  eu-west-1:\n    recorder: {}',
      ),
    );
    const client = new ConfigServiceClient({ region: 'eu-west-1', endpoint: fake.endpoints.config, credentials: { accessKeyId: TEST_KEY, secretAccessKey: TEST_SECRET }, maxAttempts: 1 });
    const result = await selectS3BucketConfigurations(client);
    client.destroy();
    if (!result.available) throw new Error(result.reason);
    real = result.buckets[0]!;
  });
  afterAll(() => fake.close());

  const observe = (i: ConfigS3Bucket): S3BucketAttributes => {
    const out = normalizeS3({
      accountId: TEST_ACCOUNT,
      scope: `aws:${TEST_ACCOUNT}`,
      proof: [],
      accountPublicAccessBlock: { ok: true, value: null, operations: [] },
      listing: [],
      buckets: { ok: true, value: [{ raw: bucketRawFromConfigItem(i, { name: i.bucketName, createdAt: null, region: null }, { ok: true, value: false }), operations: [] }] },
    });
    return S3Bucket.parse(out.observations[1]!.attributes);
  };
  const withPolicyText = (policyText: string): ConfigS3Bucket => ({ ...real, supplementaryConfiguration: { ...real.supplementaryConfiguration, BucketPolicy: { policyText } } });
  const verdicts = (a: S3BucketAttributes) => [
    runCheck(bucketNotPublic, a, { public_bucket_allowlist: [] }).status,
    runCheck(bucketTlsEnforced, a).status,
    runCheck(bucketPolicyNoUntrustedPrincipals, a, { approved_external_accounts: [] }).status,
  ];

  it('as recorded, the policy is read and the checks pass', () => {
    const a = observe(real);
    expect(a.policyAnalysis).toMatchObject({ denyInsecureTransport: true, publicStatements: [] });
    expect(verdicts(a)).toEqual(['pass', 'pass', 'pass']);
  });

  it.each([
    ['truncated JSON', '{"Version":"2012-10-17","Statement":['],
    ['JSON that is not an object', '["not", "a", "policy"]'],
  ])('%s: the policy and its analysis are Unknown, and every policy check errors — never passes', (_label, text) => {
    const a = observe(withPolicyText(text));
    const reason = 'config:SelectResourceConfig returned a bucket policy that is not a JSON object';
    expect(a.policy).toEqual({ $unknown: reason });
    expect(a.policyAnalysis).toEqual({ $unknown: reason });
    expect(needsPolicyStatus(withPolicyText(text))).toBe(true);
    expect(verdicts(a)).toEqual(['error', 'error', 'error']);
  });
});
