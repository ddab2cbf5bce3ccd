import { describe, expect, it } from 'vitest';
import { trustAllows } from '../../src/demo/fakes/trust-policy.js';

const caller = { callerAccountId: '333333333333', callerArn: 'arn:aws:iam::333333333333:user/controlwatch', externalId: 'ext-123' };
const statement = (extra: Record<string, unknown> = {}) => ({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: 'arn:aws:iam::333333333333:root' }, ...extra } });

describe('fake STS trust-policy evaluation', () => {
  it('allows the trusted account by root ARN, bare id or exact principal ARN', () => {
    expect(trustAllows(statement(), caller)).toBe(true);
    expect(trustAllows(statement({ Principal: { AWS: ['111111111111', '333333333333'] } }), caller)).toBe(true);
    expect(trustAllows(statement({ Principal: { AWS: caller.callerArn } }), caller)).toBe(true);
  });

  it('denies another account, a service principal, a Deny, or another action', () => {
    expect(trustAllows(statement({ Principal: { AWS: '999999999999' } }), caller)).toBe(false);
    expect(trustAllows(statement({ Principal: { Service: 'ec2.amazonaws.com' } }), caller)).toBe(false);
    expect(trustAllows(statement({ Effect: 'Deny' }), caller)).toBe(false);
    expect(trustAllows(statement({ Action: 'sts:AssumeRoleWithSAML' }), caller)).toBe(false);
  });

  it('requires the external id when the policy names one', () => {
    const withExternalId = statement({ Condition: { StringEquals: { 'sts:ExternalId': 'ext-123' } } });
    expect(trustAllows(withExternalId, caller)).toBe(true);
    expect(trustAllows(withExternalId, { ...caller, externalId: 'other' })).toBe(false);
    expect(trustAllows(withExternalId, { ...caller, externalId: undefined })).toBe(false);
  });

  it('denies conditions it does not model rather than ignoring them', () => {
    expect(trustAllows(statement({ Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } } }), caller)).toBe(false);
    expect(trustAllows(statement({ Condition: { StringLike: { 'sts:ExternalId': 'ext-*' } } }), caller)).toBe(false);
  });
});
