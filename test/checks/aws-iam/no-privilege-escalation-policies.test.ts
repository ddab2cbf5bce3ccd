import { describe, expect, it } from 'vitest';
import { noPrivilegeEscalationPolicies } from '../../../checks/aws-iam/no-privilege-escalation-policies.js';
import { unknown } from '../../../src/model/unknown.js';
import { policy, run } from './fixtures.js';

const PARAMS = {
  escalation_actions: ['iam:CreatePolicyVersion', 'iam:PutUserPolicy', 'iam:CreateAccessKey'],
  pass_role_companions: ['lambda:CreateFunction', 'ec2:RunInstances'],
};
const allow = (Action: unknown, Resource: unknown = '*') => ({ Statement: [{ Effect: 'Allow', Action, Resource }] });

describe('iam.no_privilege_escalation_policies', () => {
  it('passes a policy without escalation actions', () => {
    expect(run(noPrivilegeEscalationPolicies, policy(allow(['s3:GetObject', 'iam:Get*'])), PARAMS).status).toBe('pass');
  });
  it('fails an escalation action, including through a wildcard', () => {
    expect(run(noPrivilegeEscalationPolicies, policy(allow('iam:CreateAccessKey')), PARAMS)).toEqual({
      status: 'fail',
      reason: 'allows privilege escalation on "*": iam:CreateAccessKey',
    });
    expect(run(noPrivilegeEscalationPolicies, policy(allow('iam:*')), PARAMS).reason).toBe(
      'allows privilege escalation on "*": iam:CreatePolicyVersion, iam:PutUserPolicy, iam:CreateAccessKey',
    );
  });
  it('fails iam:PassRole only together with a companion', () => {
    expect(run(noPrivilegeEscalationPolicies, policy(allow('iam:PassRole')), PARAMS).status).toBe('pass');
    expect(run(noPrivilegeEscalationPolicies, policy(allow(['iam:PassRole', 'lambda:CreateFunction'])), PARAMS).reason).toBe(
      'allows privilege escalation on "*": iam:PassRole with lambda:CreateFunction',
    );
  });
  it('considers only Resource "*"', () => {
    expect(run(noPrivilegeEscalationPolicies, policy(allow('iam:CreateAccessKey', 'arn:aws:iam::111122223333:user/${aws:username}')), PARAMS).status).toBe('pass');
  });
  it('is not applicable to a full-admin policy', () => {
    expect(run(noPrivilegeEscalationPolicies, policy(allow('*')), PARAMS).status).toBe('not_applicable');
  });
  it('is an error when the document is unknown', () => {
    expect(run(noPrivilegeEscalationPolicies, policy(unknown('throttled')), PARAMS).status).toBe('error');
  });
});
