import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { S3BucketAttributes } from '../../../collectors/aws-s3/observations.js';
import type { FakeAws } from '../../../src/demo/fakes/server.js';
import type { CollectionOutput } from '../../../src/model/collector.js';
import { bucket, collect, s3Config, s3Estate, startFake } from './harness.js';

/** Every bucket setting in its three states: configured, not configured (a real value), denied (Unknown). */

const ALL_DENIED = '[GetPublicAccessBlock, GetBucketEncryption, GetBucketVersioning, GetBucketLogging, GetBucketPolicy, GetBucketPolicyStatus, GetBucketAcl, GetObjectLockConfiguration, GetBucketOwnershipControls]';

const ESTATE = s3Estate(`
public_access_block: { restrict_public_buckets: false }
buckets:
  - name: configured
    region: eu-west-1
    created: "2024-01-02T03:04:05Z"
    public_access_block: { ignore_public_acls: false }
    encryption: { algorithm: "aws:kms", kms_key_id: alias/data, bucket_key: true }
    versioning: { status: Suspended, mfa_delete: true }
    logging: { target_bucket: logs, target_prefix: configured/ }
    policy: { Version: "2012-10-17", Statement: { Effect: Allow, Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::configured/*" } }
    acl: [{ grantee: AuthenticatedUsers, permission: WRITE }, { grantee: { canonical_user: "${'a'.repeat(64)}" }, permission: READ }]
    object_lock: {}
    ownership: BucketOwnerPreferred
  - name: bare
    created: -10d
  - name: odd-policy
    created: -10d
    policy: { Version: "2012-10-17", Id: no-statement }
  - name: denied
    region: eu-west-1
    created: -10d
    deny: ${ALL_DENIED}
`);

describe('aws-s3 collector: each setting configured / not configured / denied', () => {
  let fake: FakeAws;
  let output: CollectionOutput;
  let get: (name: string) => S3BucketAttributes;

  beforeAll(async () => {
    fake = await startFake(ESTATE);
    output = (await collect(s3Config(fake))).output;
    get = (name) => bucket(output, name).attributes;
  });
  afterAll(() => fake.close());

  it('configured: every value as S3 reported it', () => {
    expect(get('configured')).toMatchObject({
      region: 'eu-west-1',
      createdAt: '2024-01-02T03:04:05.000Z',
      accountPublicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: false },
      publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: false, blockPublicPolicy: true, restrictPublicBuckets: true },
      encryption: { algorithm: 'aws:kms', kmsKeyId: 'alias/data', bucketKeyEnabled: true },
      versioning: { status: 'Suspended', mfaDelete: 'Enabled' },
      logging: { targetBucket: 'logs', targetPrefix: 'configured/' },
      policyIsPublic: true,
      policyAnalysis: { publicStatements: [{ statement: 'statement 1', via: 'Principal "*"', actions: ['s3:GetObject'], notActions: null }] },
      objectLock: { enabled: true, defaultRetention: null },
      ownershipControls: 'BucketOwnerPreferred',
    });
    const acl = get('configured').acl;
    expect(acl).toMatchObject({ publicGrants: [{ grantee: 'AuthenticatedUsers', permission: 'WRITE' }] });
    expect(acl).toMatchObject({ grants: [{ type: 'CanonicalUser' }, { type: 'Group' }, { type: 'CanonicalUser', grantee: 'a'.repeat(64), permission: 'READ' }] });
  });

  it('not configured: null (or the empty state), never Unknown', () => {
    expect(get('bare')).toMatchObject({
      region: 'us-east-1',
      publicAccessBlock: null,
      encryption: null,
      versioning: { status: null, mfaDelete: null },
      logging: null,
      policy: null,
      policyAnalysis: null,
      policyIsPublic: null,
      acl: { publicGrants: [] },
      objectLock: null,
      ownershipControls: null,
    });
  });

  it('a policy S3 served but that cannot be analysed: the document is kept, its analysis is Unknown', () => {
    expect(get('odd-policy').policy).toEqual({ Version: '2012-10-17', Id: 'no-statement' });
    expect(get('odd-policy').policyAnalysis).toEqual({ $unknown: 'bucket policy could not be analysed: bucket policy has no Statement' });
  });

  it('denied: each attribute Unknown with the operation and code, the policy analysis too', () => {
    const d = get('denied');
    expect(d.region).toBe('eu-west-1');
    expect(d.publicAccessBlock).toEqual({ $unknown: 's3:GetPublicAccessBlock denied: AccessDenied' });
    expect(d.encryption).toEqual({ $unknown: 's3:GetBucketEncryption denied: AccessDenied' });
    expect(d.versioning).toEqual({ $unknown: 's3:GetBucketVersioning denied: AccessDenied' });
    expect(d.logging).toEqual({ $unknown: 's3:GetBucketLogging denied: AccessDenied' });
    expect(d.policy).toEqual({ $unknown: 's3:GetBucketPolicy denied: AccessDenied' });
    expect(d.policyAnalysis).toEqual({ $unknown: 's3:GetBucketPolicy denied: AccessDenied' });
    expect(d.policyIsPublic).toEqual({ $unknown: 's3:GetBucketPolicyStatus denied: AccessDenied' });
    expect(d.acl).toEqual({ $unknown: 's3:GetBucketAcl denied: AccessDenied' });
    expect(d.objectLock).toEqual({ $unknown: 's3:GetObjectLockConfiguration denied: AccessDenied' });
    expect(d.ownershipControls).toEqual({ $unknown: 's3:GetBucketOwnershipControls denied: AccessDenied' });
    // Every denied read was made, so each is named; nothing else is (no Config call: the source is s3-api).
    expect(bucket(output, 'denied').source).toEqual([
      's3:GetBucketAcl',
      's3:GetBucketEncryption',
      's3:GetBucketLogging',
      's3:GetBucketOwnershipControls',
      's3:GetBucketPolicy',
      's3:GetBucketPolicyStatus',
      's3:GetBucketVersioning',
      's3:GetObjectLockConfiguration',
      's3:GetPublicAccessBlock',
      's3:ListBuckets',
      's3control:GetPublicAccessBlock',
      'sts:GetCallerIdentity',
    ]);
  });
});
