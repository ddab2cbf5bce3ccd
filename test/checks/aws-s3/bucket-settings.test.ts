import { describe, expect, it } from 'vitest';
import { bucketAccessLoggingEnabled } from '../../../checks/aws-s3/bucket-access-logging-enabled.js';
import { bucketAclsDisabled } from '../../../checks/aws-s3/bucket-acls-disabled.js';
import { bucketDefaultEncryption } from '../../../checks/aws-s3/bucket-default-encryption.js';
import { bucketObjectLockEnabled } from '../../../checks/aws-s3/bucket-object-lock-enabled.js';
import { bucketTlsEnforced } from '../../../checks/aws-s3/bucket-tls-enforced.js';
import { bucketVersioningEnabled } from '../../../checks/aws-s3/bucket-versioning-enabled.js';
import { awsS3Checks } from '../../../checks/aws-s3/index.js';
import { analysis, bucketAttrs, DENIED, run } from './fixtures.js';

describe('s3.bucket_default_encryption', () => {
  it('passes with any default rule, or only KMS with require_kms; fails without one; errors when unreadable', () => {
    const sse = bucketAttrs({ encryption: { algorithm: 'AES256', kmsKeyId: null, bucketKeyEnabled: false } });
    expect(run(bucketDefaultEncryption, sse, { require_kms: false })).toEqual({ status: 'pass', reason: 'default encryption is AES256' });
    expect(run(bucketDefaultEncryption, sse, { require_kms: true }).status).toBe('fail');
    expect(run(bucketDefaultEncryption, bucketAttrs({ encryption: { algorithm: 'aws:kms:dsse', kmsKeyId: 'alias/k', bucketKeyEnabled: false } }), { require_kms: true })).toEqual({
      status: 'pass',
      reason: 'default encryption is aws:kms:dsse with key alias/k',
    });
    expect(run(bucketDefaultEncryption, bucketAttrs({ encryption: null }), { require_kms: false })).toEqual({ status: 'fail', reason: 'no default encryption configuration' });
    expect(run(bucketDefaultEncryption, bucketAttrs({ encryption: DENIED('s3:GetBucketEncryption') }), { require_kms: false }).status).toBe('error');
  });
});

describe('s3.bucket_tls_enforced', () => {
  it('passes on a TLS deny; fails without a policy, without the deny, or with NumericLessThan alone; errors when unreadable', () => {
    expect(run(bucketTlsEnforced, bucketAttrs()).status).toBe('pass');
    expect(run(bucketTlsEnforced, bucketAttrs({ policyAnalysis: analysis({ minimumTlsVersion: '1.2' }) })).reason).toBe('bucket policy denies requests made without TLS (and TLS below 1.2)');
    expect(run(bucketTlsEnforced, bucketAttrs({ policy: null, policyAnalysis: null }))).toEqual({ status: 'fail', reason: 'no bucket policy, so requests without TLS are not denied' });
    expect(run(bucketTlsEnforced, bucketAttrs({ policyAnalysis: analysis({ denyInsecureTransport: false }) })).status).toBe('fail');
    expect(run(bucketTlsEnforced, bucketAttrs({ policyAnalysis: analysis({ denyInsecureTransport: false, minimumTlsVersion: '1.2' }) })).reason).toMatch(/does not match plain-HTTP requests/);
    expect(run(bucketTlsEnforced, bucketAttrs({ policyAnalysis: { $unknown: 'bucket policy could not be analysed: bucket policy has no Statement' } }))).toEqual({
      status: 'error',
      reason: 'bucket policy could not be collected: bucket policy could not be analysed: bucket policy has no Statement',
    });
  });
});

describe('s3.bucket_versioning_enabled', () => {
  it('passes Enabled; fails Suspended or never enabled; errors when unreadable', () => {
    expect(run(bucketVersioningEnabled, bucketAttrs({ versioning: { status: 'Enabled', mfaDelete: 'Enabled' } })).reason).toBe('versioning is Enabled with MFA delete');
    expect(run(bucketVersioningEnabled, bucketAttrs({ versioning: { status: 'Suspended', mfaDelete: null } }))).toEqual({ status: 'fail', reason: 'versioning is Suspended' });
    expect(run(bucketVersioningEnabled, bucketAttrs({ versioning: { status: null, mfaDelete: null } }))).toEqual({ status: 'fail', reason: 'versioning was never enabled' });
    expect(run(bucketVersioningEnabled, bucketAttrs({ versioning: DENIED('s3:GetBucketVersioning') })).status).toBe('error');
  });
});

describe('s3.bucket_access_logging_enabled', () => {
  const none = { exempt_buckets: [] };
  it('passes logging elsewhere; fails off or into itself; errors when unreadable; exempt → not applicable', () => {
    expect(run(bucketAccessLoggingEnabled, bucketAttrs(), none)).toEqual({ status: 'pass', reason: 'server access logs go to logs/data/' });
    expect(run(bucketAccessLoggingEnabled, bucketAttrs({ logging: null }), none).status).toBe('fail');
    expect(run(bucketAccessLoggingEnabled, bucketAttrs({ logging: { targetBucket: 'data', targetPrefix: '' } }), none)).toEqual({
      status: 'fail',
      reason: 'server access logs are delivered to the bucket itself',
    });
    expect(run(bucketAccessLoggingEnabled, bucketAttrs({ logging: DENIED('s3:GetBucketLogging') }), none).status).toBe('error');
    expect(run(bucketAccessLoggingEnabled, bucketAttrs({ logging: null }), { exempt_buckets: ['data'] }).status).toBe('not_applicable');
  });
});

describe('s3.bucket_acls_disabled', () => {
  it('passes BucketOwnerEnforced; fails other modes or no controls; errors when unreadable', () => {
    expect(run(bucketAclsDisabled, bucketAttrs()).status).toBe('pass');
    expect(run(bucketAclsDisabled, bucketAttrs({ ownershipControls: 'BucketOwnerPreferred' }))).toEqual({ status: 'fail', reason: 'ObjectOwnership is BucketOwnerPreferred, so ACLs are in force' });
    expect(run(bucketAclsDisabled, bucketAttrs({ ownershipControls: null })).status).toBe('fail');
    expect(run(bucketAclsDisabled, bucketAttrs({ ownershipControls: DENIED('s3:GetBucketOwnershipControls') })).status).toBe('error');
  });
});

describe('s3.bucket_object_lock_enabled', () => {
  const designated = { designated_buckets: ['data'] };
  it('applies only to designated buckets', () => {
    expect(run(bucketObjectLockEnabled, bucketAttrs({ objectLock: null }), { designated_buckets: [] })).toEqual({ status: 'not_applicable', reason: 'bucket is not in designated_buckets' });
  });
  it('passes with a default retention; fails without lock or without retention; errors when unreadable', () => {
    expect(run(bucketObjectLockEnabled, bucketAttrs(), designated)).toEqual({ status: 'pass', reason: 'Object Lock is enabled with default COMPLIANCE retention of 30 days' });
    expect(run(bucketObjectLockEnabled, bucketAttrs({ objectLock: null }), designated)).toEqual({ status: 'fail', reason: 'Object Lock is not enabled' });
    expect(run(bucketObjectLockEnabled, bucketAttrs({ objectLock: { enabled: true, defaultRetention: null } }), designated).status).toBe('fail');
    expect(run(bucketObjectLockEnabled, bucketAttrs({ objectLock: DENIED('s3:GetObjectLockConfiguration') }), designated).status).toBe('error');
  });
});

describe('every S3 check', () => {
  it('answers error (never pass) when every attribute is Unknown', () => {
    const u = DENIED('s3:Everything');
    const blind = bucketAttrs({
      region: u,
      accountPublicAccessBlock: u,
      publicAccessBlock: u,
      encryption: u,
      versioning: u,
      logging: u,
      policy: u,
      policyAnalysis: u,
      policyIsPublic: u,
      acl: u,
      objectLock: u,
      ownershipControls: u,
    });
    const params: Record<string, unknown> = {
      's3.bucket_object_lock_enabled': { designated_buckets: ['data'] },
      's3.bucket_default_encryption': { require_kms: false },
      's3.bucket_policy_no_untrusted_principals': { approved_external_accounts: [] },
      's3.bucket_access_logging_enabled': { exempt_buckets: [] },
      's3.bucket_public_access_block': { public_bucket_allowlist: [] },
      's3.bucket_not_public': { public_bucket_allowlist: [] },
      's3.bucket_mfa_delete_enabled': { buckets: ['*'] },
    };
    const bucketChecks = awsS3Checks.filter((c) => c.observationType === 'aws.s3.bucket');
    expect(bucketChecks).toHaveLength(10);
    for (const check of bucketChecks) expect([check.id, run(check, blind, params[check.id] ?? {}).status]).toEqual([check.id, 'error']);
  });
});
