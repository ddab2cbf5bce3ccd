import { describe, expect, it } from 'vitest';
import { noFullAdminPolicies } from '../../../checks/aws-iam/no-full-admin-policies.js';
import { unknown } from '../../../src/model/unknown.js';
import { ACCOUNT, policy, run } from './fixtures.js';

const NONE = { allowed_admin_roles: [] };
const BREAK_GLASS = `arn:aws:iam::${ACCOUNT}:role/ops/break-glass`;
const ADMIN = { Version: '2012-10-17', Statement: { Sid: 'All', Effect: 'Allow', Action: '*', Resource: '*' } };

describe('iam.no_full_admin_policies', () => {
  it('passes a scoped policy', () => {
    expect(run(noFullAdminPolicies, policy({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }), NONE)).toEqual({
      status: 'pass',
      reason: 'no statement allows "*" on "*"',
    });
  });
  it.each([
    ['Statement object, Action string *', { Statement: { Effect: 'Allow', Action: '*', Resource: '*' } }],
    ['Statement array, Action array with *:*', { Statement: [{ Effect: 'Allow', Action: ['ec2:*', '*:*'], Resource: ['*'] }] }],
    ['admin with a condition', { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': true } } }] }],
  ])('fails %s', (_name, doc) => {
    expect(run(noFullAdminPolicies, policy(doc), NONE).status).toBe('fail');
  });
  it('names the statement and holders in a stable reason', () => {
    expect(run(noFullAdminPolicies, policy(ADMIN, { attachedTo: [`arn:aws:iam::${ACCOUNT}:user/z`, `arn:aws:iam::${ACCOUNT}:group/a`] }), NONE)).toEqual({
      status: 'fail',
      reason: `statement 1 (Sid "All") allows "*" on "*"; held by arn:aws:iam::${ACCOUNT}:group/a, arn:aws:iam::${ACCOUNT}:user/z`,
    });
  });
  it('fails a customer-managed admin policy attached to nothing', () => {
    expect(run(noFullAdminPolicies, policy(ADMIN, { attachedTo: [] }), NONE).reason).toContain('attached to nothing yet');
  });
  it('passes, naming the allowance, when only approved break-glass roles hold it (by name or ARN)', () => {
    for (const allowed of ['break-glass', BREAK_GLASS]) {
      const v = run(noFullAdminPolicies, policy(ADMIN, { attachedTo: [BREAK_GLASS] }), { allowed_admin_roles: [allowed] });
      expect(v).toEqual({ status: 'pass', reason: `statement 1 (Sid "All") allows "*" on "*", but only approved break-glass roles hold it (allowed_admin_roles): ${BREAK_GLASS}` });
    }
  });
  it('fails when an approved role shares the policy with anyone else', () => {
    const v = run(noFullAdminPolicies, policy(ADMIN, { attachedTo: [BREAK_GLASS, `arn:aws:iam::${ACCOUNT}:user/bob`] }), { allowed_admin_roles: ['break-glass'] });
    expect(v).toEqual({ status: 'fail', reason: `statement 1 (Sid "All") allows "*" on "*"; held by arn:aws:iam::${ACCOUNT}:user/bob` });
  });
  it('does not let a user named like an approved role through', () => {
    expect(run(noFullAdminPolicies, policy(ADMIN, { attachedTo: [`arn:aws:iam::${ACCOUNT}:user/break-glass`] }), { allowed_admin_roles: ['break-glass'] }).status).toBe('fail');
  });
  it('judges an inline policy by the principal embedding it', () => {
    const inline = { kind: 'inline' as const, attachedTo: [], embeddedIn: BREAK_GLASS };
    expect(run(noFullAdminPolicies, policy(ADMIN, inline), { allowed_admin_roles: ['break-glass'] }).status).toBe('pass');
    expect(run(noFullAdminPolicies, policy(ADMIN, inline), NONE).status).toBe('fail');
  });
  it('is an error when the document is unknown', () => {
    expect(run(noFullAdminPolicies, policy(unknown('AccessDenied: iam:GetPolicyVersion')), NONE)).toEqual({
      status: 'error',
      reason: 'policy document could not be collected: AccessDenied: iam:GetPolicyVersion',
    });
  });
  it('is an error when an admin policy has unknown attachments, but a non-admin one still passes', () => {
    expect(run(noFullAdminPolicies, policy(ADMIN, { attachedTo: unknown('throttled') }), NONE).status).toBe('error');
    expect(run(noFullAdminPolicies, policy({ Statement: [] }, { attachedTo: unknown('throttled') }), NONE).status).toBe('pass');
  });
  it('is an error on a malformed document', () => {
    expect(run(noFullAdminPolicies, policy({ Version: '2012-10-17' }), NONE).status).toBe('error');
  });
});
