import { describe, expect, it } from 'vitest';
import { accessKeysRotated } from '../../../checks/aws-iam/access-keys-rotated.js';
import { unusedCredentialsDisabled } from '../../../checks/aws-iam/unused-credentials-disabled.js';
import { userConsoleMfaEnabled } from '../../../checks/aws-iam/user-console-mfa-enabled.js';
import { usersNoDirectPolicies } from '../../../checks/aws-iam/users-no-direct-policies.js';
import { unknown } from '../../../src/model/unknown.js';
import { creds, DENIED, run, user } from './fixtures.js';

const key = (slot: 1 | 2, active: boolean, lastRotated: string | null, lastUsed: string | null = null) => ({ slot, active, lastRotated, lastUsed });

describe('iam.user_console_mfa_enabled', () => {
  it('passes a console user with MFA', () => {
    expect(run(userConsoleMfaEnabled, user({ credentials: creds({ passwordEnabled: true, mfaActive: true }) })).status).toBe('pass');
  });
  it('fails a console user without MFA', () => {
    expect(run(userConsoleMfaEnabled, user({ credentials: creds({ passwordEnabled: true }) }))).toEqual({ status: 'fail', reason: 'console user has no MFA device' });
  });
  it('is not applicable to a user without a console password', () => {
    expect(run(userConsoleMfaEnabled, user()).status).toBe('not_applicable');
  });
  it('is an error when the credential report is unknown', () => {
    expect(run(userConsoleMfaEnabled, user({ credentials: DENIED }))).toEqual({
      status: 'error',
      reason: 'credential-report row could not be collected: AccessDenied: iam:GetCredentialReport',
    });
  });
});

describe('iam.access_keys_rotated', () => {
  const params = { max_key_age_days: 90 };
  it('passes a key rotated within the limit', () => {
    expect(run(accessKeysRotated, user({ credentials: creds({ accessKeys: [key(1, true, '2026-03-01T00:00:00Z')] }) }), params)).toEqual({
      status: 'pass',
      reason: 'access key 1 last rotated 2026-03-01, within 90 days before this run',
    });
  });
  it('fails an old active key with a stable, dated reason', () => {
    const u = user({ credentials: creds({ accessKeys: [key(1, true, '2025-12-20T00:00:00Z'), key(2, true, '2026-03-01T00:00:00Z')] }) });
    expect(run(accessKeysRotated, u, params)).toEqual({ status: 'fail', reason: 'access key 1 last rotated 2025-12-20, more than 90 days before this run' });
  });
  it('ignores inactive keys; none active is not applicable', () => {
    expect(run(accessKeysRotated, user({ credentials: creds({ accessKeys: [key(1, false, '2020-01-01T00:00:00Z')] }) }), params).status).toBe('not_applicable');
  });
  it('is an error when an active key has no rotation date', () => {
    expect(run(accessKeysRotated, user({ credentials: creds({ accessKeys: [key(1, true, null)] }) }), params).status).toBe('error');
  });
  it('is an error when the credential report is unknown', () => {
    expect(run(accessKeysRotated, user({ credentials: DENIED }), params).status).toBe('error');
  });
  it('takes its limit from the parameters', () => {
    const u = user({ credentials: creds({ accessKeys: [key(1, true, '2026-03-01T00:00:00Z')] }) });
    expect(run(accessKeysRotated, u, { max_key_age_days: 7 }).status).toBe('fail');
  });
});

describe('iam.unused_credentials_disabled', () => {
  const params = { max_unused_days: 45 };
  it('passes recently used credentials without volatile dates in the reason', () => {
    const u = user({ credentials: creds({ passwordEnabled: true, passwordLastUsed: '2026-03-30T00:00:00Z', accessKeys: [key(1, true, '2025-01-01T00:00:00Z', '2026-03-31T00:00:00Z')] }) });
    expect(run(unusedCredentialsDisabled, u, params)).toEqual({ status: 'pass', reason: 'console password and access key 1 used or issued within 45 days before this run' });
  });
  it('fails a password unused for too long', () => {
    const u = user({ credentials: creds({ passwordEnabled: true, passwordLastUsed: '2026-01-02T00:00:00Z' }) });
    expect(run(unusedCredentialsDisabled, u, params)).toEqual({ status: 'fail', reason: 'console password last used 2026-01-02, more than 45 days before this run' });
  });
  it('measures a never-used password from its last change, else from user creation', () => {
    const changed = user({ credentials: creds({ passwordEnabled: true, passwordLastChanged: '2026-03-25T00:00:00Z' }) });
    expect(run(unusedCredentialsDisabled, changed, params).status).toBe('pass');
    const never = user({ createdAt: '2025-06-01T00:00:00Z', credentials: creds({ passwordEnabled: true }) });
    expect(run(unusedCredentialsDisabled, never, params).reason).toBe('console password never used; user created 2025-06-01, more than 45 days before this run');
  });
  it('measures a never-used key from its creation', () => {
    const u = user({ credentials: creds({ accessKeys: [key(2, true, '2025-12-01T00:00:00Z')] }) });
    expect(run(unusedCredentialsDisabled, u, params).reason).toBe('access key 2 never used; created 2025-12-01, more than 45 days before this run');
  });
  it('ignores inactive keys and disabled passwords: nothing enabled is not applicable', () => {
    const u = user({ credentials: creds({ passwordLastUsed: '2020-01-01T00:00:00Z', accessKeys: [key(1, false, '2020-01-01T00:00:00Z')] }) });
    expect(run(unusedCredentialsDisabled, u, params).status).toBe('not_applicable');
  });
  it('is an error when the credential report is unknown', () => {
    expect(run(unusedCredentialsDisabled, user({ credentials: DENIED }), params).status).toBe('error');
  });
});

describe('iam.users_no_direct_policies', () => {
  it('passes a user with no direct policies', () => {
    expect(run(usersNoDirectPolicies, user()).status).toBe('pass');
  });
  it('fails with sorted policy names', () => {
    const u = user({
      attachedManagedPolicies: [
        { name: 'ZPolicy', arn: 'arn:aws:iam::aws:policy/ZPolicy' },
        { name: 'APolicy', arn: 'arn:aws:iam::aws:policy/APolicy' },
      ],
      inlinePolicies: [{ name: 'inline1', document: {} }],
    });
    expect(run(usersNoDirectPolicies, u)).toEqual({ status: 'fail', reason: 'user has policies attached directly: managed APolicy, ZPolicy; inline inline1' });
  });
  it('fails on a seen policy even when the other list is unknown', () => {
    expect(run(usersNoDirectPolicies, user({ inlinePolicies: [{ name: 'x', document: {} }], attachedManagedPolicies: unknown('denied') })).status).toBe('fail');
  });
  it('is an error (never pass) when a list is unknown and the other is empty', () => {
    expect(run(usersNoDirectPolicies, user({ inlinePolicies: unknown('AccessDenied: iam:ListUserPolicies') }))).toEqual({
      status: 'error',
      reason: 'inline policies could not be collected: AccessDenied: iam:ListUserPolicies',
    });
  });
});
