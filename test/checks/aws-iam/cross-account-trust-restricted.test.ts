import { describe, expect, it } from 'vitest';
import { crossAccountTrustRestricted } from '../../../checks/aws-iam/cross-account-trust-restricted.js';
import { unknown } from '../../../src/model/unknown.js';
import { ACCOUNT, role, run } from './fixtures.js';

const VENDOR = '444455556666';
const APPROVED = { approved_external_accounts: [VENDOR] };
const NONE = { approved_external_accounts: [] };
const trust = (...statements: object[]) => ({ Version: '2012-10-17', Statement: statements.length === 1 ? statements[0]! : statements });
const assume = (Principal: unknown, extra: object = {}) => ({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal, ...extra });
const EXTERNAL_ID = { Condition: { StringEquals: { 'sts:ExternalId': 'vendor-secret' } } };

describe('iam.cross_account_trust_restricted', () => {
  it('passes service principals and its own account (ARN or bare id)', () => {
    const doc = trust(assume({ Service: ['ec2.amazonaws.com', 'lambda.amazonaws.com'] }), assume({ AWS: [`arn:aws:iam::${ACCOUNT}:root`, ACCOUNT] }));
    expect(run(crossAccountTrustRestricted, role(doc), NONE)).toEqual({ status: 'pass', reason: 'trust policy admits only its own account and service principals' });
  });
  it.each([
    ['bare account id string', VENDOR],
    ['root ARN in an array', [`arn:aws:iam::${VENDOR}:root`]],
    ['role ARN', `arn:aws:iam::${VENDOR}:role/deployer`],
  ])('passes an approved external account (%s) constrained by sts:ExternalId', (_name, aws) => {
    expect(run(crossAccountTrustRestricted, role(trust(assume({ AWS: aws }, EXTERNAL_ID))), APPROVED)).toEqual({
      status: 'pass',
      reason: `trust policy admits, beyond its own account and service principals, only approved account ${VENDOR} with sts:ExternalId`,
    });
  });
  it('fails an approved account without sts:ExternalId', () => {
    expect(run(crossAccountTrustRestricted, role(trust(assume({ AWS: VENDOR }))), APPROVED)).toEqual({
      status: 'fail',
      reason: `statement 1 trusts account ${VENDOR}, which is not constrained by an sts:ExternalId condition`,
    });
  });
  it('fails an unapproved account even with sts:ExternalId', () => {
    expect(run(crossAccountTrustRestricted, role(trust(assume({ AWS: VENDOR }, EXTERNAL_ID))), NONE).reason).toBe(
      `statement 1 trusts account ${VENDOR}, which is not in approved_external_accounts`,
    );
  });
  it('names both faults at once', () => {
    expect(run(crossAccountTrustRestricted, role(trust(assume({ AWS: VENDOR }))), NONE).reason).toContain(
      'is not in approved_external_accounts and is not constrained by an sts:ExternalId condition',
    );
  });
  it('does not accept an ExternalId condition under a negated or IfExists operator', () => {
    const weak = { Condition: { StringEqualsIfExists: { 'sts:ExternalId': 'x' }, StringNotEquals: { 'sts:ExternalId': 'y' } } };
    expect(run(crossAccountTrustRestricted, role(trust(assume({ AWS: VENDOR }, weak))), APPROVED).status).toBe('fail');
  });
  it.each([
    ['Principal "*"', '*'],
    ['Principal {AWS: "*"}', { AWS: '*' }],
    ['"*" inside an AWS array', { AWS: ['*'] }],
  ])('fails %s without a restricting condition', (_name, principal) => {
    expect(run(crossAccountTrustRestricted, role(trust(assume(principal))), NONE).status).toBe('fail');
  });
  it('does not count sts:ExternalId alone as restricting a wildcard', () => {
    expect(run(crossAccountTrustRestricted, role(trust(assume('*', EXTERNAL_ID))), NONE).status).toBe('fail');
  });
  it('accepts a wildcard pinned to the organisation', () => {
    const org = { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } };
    expect(run(crossAccountTrustRestricted, role(trust(assume('*', org))), NONE).status).toBe('pass');
  });
  it('treats Allow with NotPrincipal as a wildcard', () => {
    const doc = trust({ Effect: 'Allow', Action: 'sts:AssumeRole', NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } });
    expect(run(crossAccountTrustRestricted, role(doc), NONE).reason).toContain('Allow with NotPrincipal admits every other principal');
  });
  it('ignores Deny statements', () => {
    expect(run(crossAccountTrustRestricted, role(trust({ Effect: 'Deny', Action: 'sts:AssumeRole', Principal: '*' })), NONE).status).toBe('pass');
  });
  it('fails a principal that names no account (a deleted principal shows as its unique id)', () => {
    expect(run(crossAccountTrustRestricted, role(trust(assume({ AWS: 'AROAEXAMPLEID' }))), NONE).reason).toContain('AROAEXAMPLEID, which is not an account id or ARN');
  });
  it('reports every failing statement, by position and Sid', () => {
    const doc = trust(assume({ AWS: VENDOR }, { Sid: 'Vendor' }), assume('*'));
    const v = run(crossAccountTrustRestricted, role(doc), NONE);
    expect(v.reason).toMatch(/^statement 1 \(Sid "Vendor"\) trusts account 444455556666.*; statement 2 admits any AWS principal/);
  });
  it('is an error when the trust policy is unknown or malformed', () => {
    expect(run(crossAccountTrustRestricted, role(unknown('AccessDenied: iam:GetRole')), NONE)).toEqual({
      status: 'error',
      reason: 'trust policy could not be collected: AccessDenied: iam:GetRole',
    });
    expect(run(crossAccountTrustRestricted, role(trust(assume({ Weird: 'x' }))), NONE).status).toBe('error');
  });
  it('rejects an approved account that is not 12 digits', () => {
    expect(crossAccountTrustRestricted.parameters.safeParse({ approved_external_accounts: ['1234'] }).success).toBe(false);
  });
});
