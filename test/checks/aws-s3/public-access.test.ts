import { describe, expect, it } from 'vitest';
import { accountBlocksPublicAccess } from '../../../checks/aws-s3/account-blocks-public-access.js';
import { bucketBlocksPublicAccess } from '../../../checks/aws-s3/bucket-blocks-public-access.js';
import { bucketNotPublic } from '../../../checks/aws-s3/bucket-not-public.js';
import { bucketPolicyNoUntrustedPrincipals } from '../../../checks/aws-s3/bucket-policy-no-untrusted-principals.js';
import { accountAttrs, analysis, bucketAttrs, DENIED, ON, run } from './fixtures.js';

const ALLOW = { public_bucket_allowlist: [] };

describe('s3.account_public_access_block', () => {
  it('passes fully on, fails partly on or never configured, errors when unreadable', () => {
    expect(run(accountBlocksPublicAccess, accountAttrs()).status).toBe('pass');
    expect(run(accountBlocksPublicAccess, accountAttrs({ publicAccessBlock: { ...ON, restrictPublicBuckets: false } }))).toEqual({
      status: 'fail',
      reason: 'account-level Block Public Access settings off: RestrictPublicBuckets',
    });
    expect(run(accountBlocksPublicAccess, accountAttrs({ publicAccessBlock: null })).status).toBe('fail');
    expect(run(accountBlocksPublicAccess, accountAttrs({ publicAccessBlock: DENIED('s3control:GetPublicAccessBlock') }))).toEqual({
      status: 'error',
      reason: 'account-level Block Public Access could not be collected: s3control:GetPublicAccessBlock denied: AccessDenied',
    });
  });
});

describe('s3.bucket_public_access_block', () => {
  it('passes on the bucket setting or on the account setting, even when the other is unreadable', () => {
    expect(run(bucketBlocksPublicAccess, bucketAttrs(), ALLOW).status).toBe('pass');
    const byAccount = run(bucketBlocksPublicAccess, bucketAttrs({ publicAccessBlock: DENIED('s3:GetPublicAccessBlock'), accountPublicAccessBlock: ON }), ALLOW);
    expect(byAccount).toEqual({ status: 'pass', reason: 'blocked by the account setting: all four account-level Block Public Access settings are on' });
  });
  it('fails when neither covers the bucket, naming what is off', () => {
    expect(run(bucketBlocksPublicAccess, bucketAttrs({ publicAccessBlock: { ...ON, blockPublicAcls: false }, accountPublicAccessBlock: null }), ALLOW)).toEqual({
      status: 'fail',
      reason: 'bucket-level settings off: BlockPublicAcls; no account-level configuration',
    });
  });
  it('errors when the deciding setting is unreadable; allowlisted buckets (globs) are not applicable', () => {
    expect(run(bucketBlocksPublicAccess, bucketAttrs({ publicAccessBlock: null, accountPublicAccessBlock: DENIED('s3control:GetPublicAccessBlock') }), ALLOW).status).toBe('error');
    expect(run(bucketBlocksPublicAccess, bucketAttrs({ publicAccessBlock: DENIED('s3:GetPublicAccessBlock') }), ALLOW).status).toBe('error');
    expect(run(bucketBlocksPublicAccess, bucketAttrs({ publicAccessBlock: null }), { public_bucket_allowlist: ['da*'] }).status).toBe('not_applicable');
  });
});

describe('s3.bucket_not_public', () => {
  it('passes with no public ACL grant and a non-public policy', () => {
    expect(run(bucketNotPublic, bucketAttrs(), ALLOW)).toEqual({ status: 'pass', reason: 'no public ACL grants and the bucket policy is not public' });
    expect(run(bucketNotPublic, bucketAttrs({ policy: null, policyAnalysis: null, policyIsPublic: null }), ALLOW).status).toBe('pass');
  });
  it('fails on an ACL grant to AllUsers / AuthenticatedUsers, on IsPublic, or on a public statement', () => {
    const acl = { ownerId: null, publicGrants: [{ grantee: 'AuthenticatedUsers' as const, permission: 'WRITE' }], grants: [] };
    expect(run(bucketNotPublic, bucketAttrs({ acl }), ALLOW)).toEqual({ status: 'fail', reason: 'bucket is public: ACL grants WRITE to AuthenticatedUsers' });
    expect(run(bucketNotPublic, bucketAttrs({ policyIsPublic: true }), ALLOW).status).toBe('fail');
    const statement = { statement: 'statement 2', via: 'NotPrincipal' as const, actions: ['s3:GetObject'], notActions: null };
    expect(run(bucketNotPublic, bucketAttrs({ policyAnalysis: analysis({ publicStatements: [statement] }) }), ALLOW).reason).toContain('statement 2 allows NotPrincipal');
  });
  it('a denied ACL read is an error, never a pass (prowler #12872)', () => {
    expect(run(bucketNotPublic, bucketAttrs({ acl: DENIED('s3:GetBucketAcl') }), ALLOW)).toEqual({
      status: 'error',
      reason: 'bucket ACL could not be collected: s3:GetBucketAcl denied: AccessDenied',
    });
    expect(run(bucketNotPublic, bucketAttrs({ policyAnalysis: DENIED('s3:GetBucketPolicy') }), ALLOW).status).toBe('error');
    // Neither judge of the policy answered: an error naming both.
    expect(run(bucketNotPublic, bucketAttrs({ policyAnalysis: DENIED('s3:GetBucketPolicy'), policyIsPublic: DENIED('s3:GetBucketPolicyStatus') }), ALLOW)).toEqual({
      status: 'error',
      reason: 'bucket policy could not be collected: s3:GetBucketPolicy denied: AccessDenied; bucket policy status could not be collected: s3:GetBucketPolicyStatus denied: AccessDenied',
    });
  });
  it('no bucket policy: passes with "no bucket policy", whatever the (unneeded) status read did', () => {
    for (const policyIsPublic of [null, DENIED('s3:GetBucketPolicyStatus')]) {
      expect(run(bucketNotPublic, bucketAttrs({ policy: null, policyAnalysis: null, policyIsPublic }), ALLOW)).toEqual({ status: 'pass', reason: 'no public ACL grants and no bucket policy' });
    }
  });
  it("S3's policy status unreadable: controlwatch's analysis judges, and the verdict says so", () => {
    const status = DENIED('s3:GetBucketPolicyStatus');
    expect(run(bucketNotPublic, bucketAttrs({ policyIsPublic: status }), ALLOW)).toEqual({
      status: 'pass',
      reason: "no public ACL grants and the bucket policy is not public (judged by controlwatch's policy analysis because S3's policy status could not be collected (s3:GetBucketPolicyStatus denied: AccessDenied))",
    });
    // Pinned by an organisation id: the analysis is sure enough to pass.
    const org = analysis({ pinnedStatements: [{ statement: 'statement 1', via: 'Principal "*"', keys: ['aws:PrincipalOrgID'] }] });
    expect(run(bucketNotPublic, bucketAttrs({ policyIsPublic: status, policyAnalysis: org }), ALLOW).status).toBe('pass');
    // An open statement found by the analysis fails without S3's status.
    const open = analysis({ publicStatements: [{ statement: 'statement 1', via: 'Principal "*"', actions: ['s3:GetObject'], notActions: null }] });
    expect(run(bucketNotPublic, bucketAttrs({ policyIsPublic: status, policyAnalysis: open }), ALLOW).status).toBe('fail');
    // Pinned by aws:SourceIp alone: only S3 judges how broad a range is public, so no pass — an error with the reason.
    const ip = analysis({ pinnedStatements: [{ statement: 'statement 2 (Sid Office)', via: 'Principal "*"', keys: ['aws:SourceIp'] }] });
    expect(run(bucketNotPublic, bucketAttrs({ policyIsPublic: status, policyAnalysis: ip }), ALLOW)).toEqual({
      status: 'error',
      reason:
        "bucket policy status could not be collected (s3:GetBucketPolicyStatus denied: AccessDenied) and statement 2 (Sid Office) opens the bucket to everyone limited only by aws:SourceIp, which only S3's own status judges",
    });
  });
  it('when the two judges disagree, "public" wins', () => {
    // S3 says public, the analysis finds nothing open (e.g. a condition S3 reads as not restricting).
    expect(run(bucketNotPublic, bucketAttrs({ policyIsPublic: true }), ALLOW)).toEqual({ status: 'fail', reason: 'bucket is public: S3 reports the bucket policy as public' });
    // The analysis finds an open statement, S3 says not public.
    const open = analysis({ publicStatements: [{ statement: 'statement 1', via: 'NotPrincipal', actions: ['s3:*'], notActions: null }] });
    expect(run(bucketNotPublic, bucketAttrs({ policyIsPublic: false, policyAnalysis: open }), ALLOW).status).toBe('fail');
  });
  it('a known public finding fails even when another source is unreadable; allowlist → not applicable', () => {
    expect(run(bucketNotPublic, bucketAttrs({ acl: DENIED('s3:GetBucketAcl'), policyIsPublic: true }), ALLOW).status).toBe('fail');
    expect(run(bucketNotPublic, bucketAttrs({ policyIsPublic: true }), { public_bucket_allowlist: ['data'] }).status).toBe('not_applicable');
  });
});

describe('s3.bucket_policy_no_untrusted_principals', () => {
  const approved = { approved_external_accounts: ['888888888888'] };
  it('passes without a policy, or granting only approved accounts', () => {
    expect(run(bucketPolicyNoUntrustedPrincipals, bucketAttrs({ policy: null, policyAnalysis: null }), approved)).toEqual({ status: 'pass', reason: 'no bucket policy' });
    const ok = analysis({ crossAccountPrincipals: [{ statement: 'statement 1', principal: '888888888888', accountId: '888888888888' }] });
    expect(run(bucketPolicyNoUntrustedPrincipals, bucketAttrs({ policyAnalysis: ok }), approved).reason).toBe('bucket policy grants, beyond its own account, only approved accounts 888888888888');
  });
  it('fails on an unapproved account, an unresolvable principal, or a public statement', () => {
    const bad = analysis({
      crossAccountPrincipals: [
        { statement: 'statement 1', principal: '999999999999', accountId: '999999999999' },
        { statement: 'statement 1', principal: 'AROAEXAMPLE', accountId: null },
      ],
      publicStatements: [{ statement: 'statement 2', via: 'Principal "*"', actions: ['s3:*'], notActions: null }],
    });
    const v = run(bucketPolicyNoUntrustedPrincipals, bucketAttrs({ policyAnalysis: bad }), approved);
    expect(v.status).toBe('fail');
    expect(v.reason).toBe(
      'statement 2 allows Principal "*" without a restricting condition; statement 1 grants account 999999999999, which is not in approved_external_accounts; statement 1 names principal AROAEXAMPLE, which is not an account id or ARN (a deleted principal?)',
    );
  });
  it('errors when the policy could not be read or analysed; rejects a malformed approved id', () => {
    expect(run(bucketPolicyNoUntrustedPrincipals, bucketAttrs({ policyAnalysis: DENIED('s3:GetBucketPolicy') }), approved).status).toBe('error');
    expect(() => run(bucketPolicyNoUntrustedPrincipals, bucketAttrs(), { approved_external_accounts: ['12'] })).toThrow();
  });
});
