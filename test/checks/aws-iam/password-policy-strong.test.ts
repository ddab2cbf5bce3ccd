import { describe, expect, it } from 'vitest';
import { passwordPolicyStrong } from '../../../checks/aws-iam/password-policy-strong.js';
import { unknown } from '../../../src/model/unknown.js';
import { account, run, strongPolicy } from './fixtures.js';

const DEFAULTS = { min_length: 14, min_reuse: 24, require_complexity: false, max_password_age_days: null };

describe('iam.password_policy_strong', () => {
  it('passes a policy meeting the defaults', () => {
    expect(run(passwordPolicyStrong, account({ passwordPolicy: strongPolicy() }), DEFAULTS)).toEqual({
      status: 'pass',
      reason: 'password policy meets the minimums: minimum length 14 (required at least 14); reuse prevention 24 (required at least 24)',
    });
  });
  it('fails when no policy is set (null is a real value, not unknown)', () => {
    expect(run(passwordPolicyStrong, account({ passwordPolicy: null }), DEFAULTS)).toEqual({ status: 'fail', reason: 'no account password policy is set' });
  });
  it('is an error when the policy could not be read', () => {
    const v = run(passwordPolicyStrong, account({ passwordPolicy: unknown('AccessDenied: iam:GetAccountPasswordPolicy') }), DEFAULTS);
    expect(v).toEqual({ status: 'error', reason: 'account password policy could not be collected: AccessDenied: iam:GetAccountPasswordPolicy' });
  });
  it('lists every shortfall', () => {
    const v = run(passwordPolicyStrong, account({ passwordPolicy: strongPolicy({ minimumPasswordLength: 8, passwordReusePrevention: null }) }), DEFAULTS);
    expect(v).toEqual({
      status: 'fail',
      reason: 'password policy falls short: minimum length 8 (required at least 14); reuse prevention not set (required at least 24)',
    });
  });
  it('checks complexity only when asked', () => {
    const weak = account({ passwordPolicy: strongPolicy({ requireSymbols: false, requireUppercaseCharacters: false }) });
    expect(run(passwordPolicyStrong, weak, DEFAULTS).status).toBe('pass');
    expect(run(passwordPolicyStrong, weak, { ...DEFAULTS, require_complexity: true }).reason).toContain('does not require upper case, symbols');
  });
  it('checks expiry only when asked', () => {
    const noExpiry = account({ passwordPolicy: strongPolicy() });
    expect(run(passwordPolicyStrong, noExpiry, { ...DEFAULTS, max_password_age_days: 90 })).toMatchObject({ status: 'fail' });
    const expiring = account({ passwordPolicy: strongPolicy({ expirePasswords: true, maxPasswordAge: 60 }) });
    expect(run(passwordPolicyStrong, expiring, { ...DEFAULTS, max_password_age_days: 90 }).status).toBe('pass');
  });
  it('rejects out-of-range parameters', () => {
    expect(passwordPolicyStrong.parameters.safeParse({ ...DEFAULTS, min_reuse: 30 }).success).toBe(false);
  });
});
