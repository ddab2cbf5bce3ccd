import { describe, expect, it } from 'vitest';
import { rootHardwareMfaEnabled } from '../../../checks/aws-iam/root-hardware-mfa-enabled.js';
import { rootMfaEnabled } from '../../../checks/aws-iam/root-mfa-enabled.js';
import { rootNoAccessKeys } from '../../../checks/aws-iam/root-no-access-keys.js';
import { rootNotUsedRecently } from '../../../checks/aws-iam/root-not-used-recently.js';
import { unknown } from '../../../src/model/unknown.js';
import { account, creds, DENIED, run } from './fixtures.js';

const SUMMARY_DENIED = unknown('AccessDenied: iam:GetAccountSummary');

describe('iam.root_mfa_enabled', () => {
  it('passes when the account summary shows root MFA', () => {
    expect(run(rootMfaEnabled, account())).toEqual({ status: 'pass', reason: 'root user has an MFA device (account summary)' });
  });
  it('fails when root has no MFA', () => {
    expect(run(rootMfaEnabled, account({ rootMfaEnabled: false })).status).toBe('fail');
  });
  it('falls back to the credential report when the summary is unknown', () => {
    const v = run(rootMfaEnabled, account({ rootMfaEnabled: SUMMARY_DENIED, rootCredentials: creds({ mfaActive: false }) }));
    expect(v).toEqual({ status: 'fail', reason: 'root user has no MFA device (credential report)' });
  });
  it('is an error carrying both reasons when neither source is known', () => {
    const v = run(rootMfaEnabled, account({ rootMfaEnabled: SUMMARY_DENIED, rootCredentials: DENIED }));
    expect(v.status).toBe('error');
    expect(v.reason).toContain('AccessDenied: iam:GetAccountSummary');
    expect(v.reason).toContain('AccessDenied: iam:GetCredentialReport');
  });
});

describe('iam.root_hardware_mfa_enabled', () => {
  it('passes for a non-virtual device', () => {
    expect(run(rootHardwareMfaEnabled, account()).status).toBe('pass');
  });
  it('fails for a virtual device', () => {
    expect(run(rootHardwareMfaEnabled, account({ rootMfaIsVirtual: true }))).toEqual({ status: 'fail', reason: 'root user MFA is a virtual device' });
  });
  it('fails when there is no MFA at all, even if the virtual-device list is unknown', () => {
    expect(run(rootHardwareMfaEnabled, account({ rootMfaEnabled: false, rootMfaIsVirtual: unknown('x') })).status).toBe('fail');
  });
  it('is an error when MFA is on but the virtual-device list is unknown', () => {
    const v = run(rootHardwareMfaEnabled, account({ rootMfaIsVirtual: unknown('AccessDenied: iam:ListVirtualMFADevices') }));
    expect(v).toEqual({ status: 'error', reason: expect.stringContaining('AccessDenied: iam:ListVirtualMFADevices') });
  });
});

describe('iam.root_no_access_keys', () => {
  it('passes when the summary shows none, corroborated by the report', () => {
    expect(run(rootNoAccessKeys, account()).reason).toBe('root user has no access keys (account summary, corroborated by the credential report)');
  });
  it('passes on the summary alone when the report is unknown', () => {
    expect(run(rootNoAccessKeys, account({ rootCredentials: DENIED }))).toEqual({
      status: 'pass',
      reason: 'root user has no access keys (account summary; the credential report could not corroborate it: AccessDenied: iam:GetCredentialReport)',
    });
  });
  it('fails when the summary shows keys', () => {
    expect(run(rootNoAccessKeys, account({ rootAccessKeysPresent: true })).status).toBe('fail');
  });
  it('is an error when the summary and the report disagree', () => {
    const row = creds({ accessKeys: [{ slot: 1, active: true, lastRotated: '2025-01-01T00:00:00Z', lastUsed: null }] });
    const v = run(rootNoAccessKeys, account({ rootCredentials: row }));
    expect(v.status).toBe('error');
    expect(v.reason).toContain('access key 1 active');
  });
  it('uses the report when the summary is unknown: an inactive key still counts', () => {
    const row = creds({ accessKeys: [{ slot: 2, active: false, lastRotated: '2025-01-01T00:00:00Z', lastUsed: null }] });
    expect(run(rootNoAccessKeys, account({ rootAccessKeysPresent: SUMMARY_DENIED, rootCredentials: row }))).toEqual({
      status: 'fail',
      reason: 'root user has access key 2 inactive (credential report)',
    });
  });
  it('reads an empty report slot (inactive, never rotated) as no key', () => {
    const row = creds({ accessKeys: [{ slot: 1, active: false, lastRotated: null, lastUsed: null }] });
    expect(run(rootNoAccessKeys, account({ rootAccessKeysPresent: SUMMARY_DENIED, rootCredentials: row })).status).toBe('pass');
  });
  it('is an error when both sources are unknown', () => {
    expect(run(rootNoAccessKeys, account({ rootAccessKeysPresent: SUMMARY_DENIED, rootCredentials: DENIED })).status).toBe('error');
  });
});

describe('iam.root_not_used_recently', () => {
  const params = { root_use_window_days: 30 };
  it('passes when root has no recorded use', () => {
    expect(run(rootNotUsedRecently, account(), params)).toEqual({ status: 'pass', reason: 'root password and access keys have no recorded use' });
  });
  it('passes with a stable date when the last use is older than the window', () => {
    const row = creds({ passwordLastUsed: '2026-01-02T08:00:00Z' });
    expect(run(rootNotUsedRecently, account({ rootCredentials: row }), params)).toEqual({
      status: 'pass',
      reason: 'root password last used 2026-01-02, more than 30 days before this run',
    });
  });
  it('fails on a password sign-in inside the window', () => {
    const row = creds({ passwordLastUsed: '2026-03-20T08:00:00Z' });
    expect(run(rootNotUsedRecently, account({ rootCredentials: row }), params)).toEqual({
      status: 'fail',
      reason: 'root password last used 2026-03-20, within 30 days before this run',
    });
  });
  it('fails on key use inside the window, even for a key deactivated since', () => {
    const row = creds({ accessKeys: [{ slot: 1, active: false, lastRotated: '2025-01-01T00:00:00Z', lastUsed: '2026-03-31T00:00:00Z' }] });
    expect(run(rootNotUsedRecently, account({ rootCredentials: row }), params).reason).toBe(
      'root access key 1 last used 2026-03-31, within 30 days before this run',
    );
  });
  it('honours a custom window', () => {
    const row = creds({ passwordLastUsed: '2026-03-20T08:00:00Z' });
    expect(run(rootNotUsedRecently, account({ rootCredentials: row }), { root_use_window_days: 7 }).status).toBe('pass');
  });
  it('is an error when the credential report is unknown', () => {
    expect(run(rootNotUsedRecently, account({ rootCredentials: DENIED }), params).status).toBe('error');
  });
  it('is an error on a malformed timestamp', () => {
    const row = creds({ passwordLastUsed: 'yesterday' });
    expect(run(rootNotUsedRecently, account({ rootCredentials: row }), params)).toEqual({
      status: 'error',
      reason: 'root password last use is not a valid timestamp: "yesterday"',
    });
  });
});
