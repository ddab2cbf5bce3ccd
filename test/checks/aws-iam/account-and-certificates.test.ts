import { describe, expect, it } from 'vitest';
import { cloudShellFullAccessRestricted } from '../../../checks/aws-iam/cloudshell-full-access-restricted.js';
import { noExpiredServerCertificates } from '../../../checks/aws-iam/no-expired-server-certificates.js';
import { rootNotUsedRecently } from '../../../checks/aws-iam/root-not-used-recently.js';
import { supportRoleExists } from '../../../checks/aws-iam/support-role-exists.js';
import type { IamServerCertificateAttributes } from '../../../collectors/aws-iam/observations.js';
import { unknown } from '../../../src/model/unknown.js';
import { userSingleActiveAccessKey } from '../../../checks/aws-iam/user-single-active-access-key.js';
import { account, ACCOUNT, creds, DENIED, NOW, run, user } from './fixtures.js';

const cert = (expiration: string): IamServerCertificateAttributes => ({
  name: 'web',
  arn: `arn:aws:iam::${ACCOUNT}:server-certificate/web`,
  path: '/',
  expiration,
  uploadedAt: '2025-01-01T00:00:00.000Z',
});

describe('iam.support_role_exists', () => {
  it('passes naming the role(s) with AWSSupportAccess, fails when none, errors when unknown', () => {
    expect(run(supportRoleExists, account())).toEqual({ status: 'pass', reason: 'AWSSupportAccess is attached to support' });
    expect(run(supportRoleExists, account({ supportRoles: [] }))).toEqual({ status: 'fail', reason: 'no role has the AWS-managed AWSSupportAccess policy attached' });
    expect(run(supportRoleExists, account({ supportRoles: DENIED })).status).toBe('error');
  });
});

describe('iam.cloudshell_full_access_restricted', () => {
  it('fails naming every holder; errors when unknown', () => {
    expect(run(cloudShellFullAccessRestricted, account()).status).toBe('pass');
    const holder = `arn:aws:iam::${ACCOUNT}:group/devs`;
    expect(run(cloudShellFullAccessRestricted, account({ cloudShellFullAccessHolders: [holder] }))).toEqual({ status: 'fail', reason: `AWSCloudShellFullAccess is attached to ${holder}` });
    expect(run(cloudShellFullAccessRestricted, account({ cloudShellFullAccessHolders: DENIED })).status).toBe('error');
  });
});

describe('iam.no_expired_server_certificates', () => {
  it('compares the expiry with the run time (ctx.now), not the clock', () => {
    // NOW is 2026-04-01T12:00Z; the wall clock plays no part.
    expect(run(noExpiredServerCertificates, cert('2026-04-01T11:59:59.000Z'))).toEqual({ status: 'fail', reason: 'server certificate web expired on 2026-04-01 and is still stored in IAM' });
    expect(run(noExpiredServerCertificates, cert('2026-04-01T12:00:01.000Z'))).toEqual({ status: 'pass', reason: 'server certificate web expires on 2026-04-01' });
    expect(NOW.toISOString()).toBe('2026-04-01T12:00:00.000Z');
  });
  it('an unreadable expiry is an error', () => {
    expect(run(noExpiredServerCertificates, cert('soon')).status).toBe('error');
  });
});

describe('a credential report without its <root_account> row', () => {
  it('makes the root checks that rely on it error with that reason', () => {
    const reason = 'iam:GetCredentialReport returned a malformed report: no <root_account> row (IAM always lists the root user)';
    const verdict = run(rootNotUsedRecently, account({ rootCredentials: unknown(reason) }), { root_use_window_days: 30 });
    expect(verdict).toEqual({ status: 'error', reason: `root credential-report row could not be collected: ${reason}` });
  });
});

describe('iam.user_single_active_access_key', () => {
  const key = (slot: 1 | 2, active: boolean) => ({ slot, active, lastRotated: '2026-01-01T00:00:00.000Z', lastUsed: null });
  it('passes with one active key, fails with two, n/a with none, errors when the report is unknown', () => {
    expect(run(userSingleActiveAccessKey, user({ credentials: creds({ accessKeys: [key(1, true), key(2, false)] }) }))).toEqual({ status: 'pass', reason: 'user has one active access key (slot 1)' });
    expect(run(userSingleActiveAccessKey, user({ credentials: creds({ accessKeys: [key(1, true), key(2, true)] }) }))).toEqual({ status: 'fail', reason: 'user has 2 active access keys (slots 1 and 2)' });
    expect(run(userSingleActiveAccessKey, user()).status).toBe('not_applicable');
    expect(run(userSingleActiveAccessKey, user({ credentials: DENIED })).status).toBe('error');
  });
});
