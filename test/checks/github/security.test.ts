import { describe, expect, it } from 'vitest';
import { repoCodeScanningAlertsRemediated } from '../../../checks/github/repo-code-scanning-alerts-remediated.js';
import { repoDependabotAlertsEnabled } from '../../../checks/github/repo-dependabot-alerts-enabled.js';
import { repoDependabotAlertsRemediated } from '../../../checks/github/repo-dependabot-alerts-remediated.js';
import { repoDeployKeysReadOnly } from '../../../checks/github/repo-deploy-keys-read-only.js';
import { repoPublicVisibilityApproved } from '../../../checks/github/repo-public-visibility-approved.js';
import { repoSecretAlertsResolved } from '../../../checks/github/repo-secret-alerts-resolved.js';
import { repoSecretScanningEnabled } from '../../../checks/github/repo-secret-scanning-enabled.js';
import { repoWebhooksSecure } from '../../../checks/github/repo-webhooks-secure.js';
import type { DeployKeyValue } from '../../../collectors/github/observations.js';
import { notAvailable } from '../../../src/model/not-available.js';
import { unknown } from '../../../src/model/unknown.js';
import { ADMIN_ONLY, ARCHIVED, hook, NO_GHAS, repo, run } from './fixtures.js';

const alert = (number: number, severity: string, createdAt: string, subject: string | null = 'lodash') => ({ number, severity, createdAt, subject });
const summary = (...open: ReturnType<typeof alert>[]) => ({ open, openBySeverity: {} });

describe('github.repo_secret_scanning_enabled', () => {
  const P = { require_push_protection: true };
  it('passes with scanning and push protection', () => {
    expect(run(repoSecretScanningEnabled, repo(), P)).toEqual({ status: 'pass', reason: 'secret scanning and push protection are enabled' });
  });
  it('fails disabled scanning, and disabled push protection when required', () => {
    expect(run(repoSecretScanningEnabled, repo({ secretScanning: 'disabled' }), P)).toEqual({ status: 'fail', reason: 'secret scanning is disabled' });
    const noPush = repo({ secretScanningPushProtection: 'disabled' });
    expect(run(repoSecretScanningEnabled, noPush, P).status).toBe('fail');
    expect(run(repoSecretScanningEnabled, noPush, { require_push_protection: false }).status).toBe('pass');
  });
  it('is not applicable (never a failure) when the plan does not offer the feature', () => {
    expect(run(repoSecretScanningEnabled, repo({ secretScanning: NO_GHAS, secretScanningPushProtection: NO_GHAS }), P)).toEqual({
      status: 'not_applicable',
      reason: 'secret scanning is not available: requires GitHub Advanced Security',
    });
    expect(run(repoSecretScanningEnabled, repo({ secretScanningPushProtection: NO_GHAS }), P)).toEqual({
      status: 'not_applicable',
      reason: 'secret scanning is enabled; push protection is not available: requires GitHub Advanced Security',
    });
  });
  it('is an error when a status is Unknown', () => {
    expect(run(repoSecretScanningEnabled, repo({ secretScanning: ADMIN_ONLY }), P).status).toBe('error');
    expect(run(repoSecretScanningEnabled, repo({ secretScanningPushProtection: ADMIN_ONLY }), P).status).toBe('error');
  });
  it('is not applicable to archived repositories', () => {
    expect(run(repoSecretScanningEnabled, repo({ ...ARCHIVED, secretScanning: 'disabled' }), P).status).toBe('not_applicable');
  });
});

describe('github.repo_secret_alerts_resolved', () => {
  const P = { max_open_days: 7 };
  it('passes no alerts and recent alerts', () => {
    expect(run(repoSecretAlertsResolved, repo(), P)).toEqual({ status: 'pass', reason: 'no open secret scanning alert' });
    expect(run(repoSecretAlertsResolved, repo({ secretScanningAlerts: summary(alert(1, 'unknown', '2026-03-30T00:00:00Z', 'aws_access_key_id')) }), P).status).toBe('pass');
  });
  it('fails an alert open longer than max_open_days, with its date', () => {
    expect(run(repoSecretAlertsResolved, repo({ secretScanningAlerts: summary(alert(3, 'unknown', '2026-03-20T08:00:00Z', 'github_pat')) }), P)).toEqual({
      status: 'fail',
      reason: 'secret scanning alert #3 (github_pat) opened 2026-03-20, more than 7 days before this run',
    });
  });
  it('is not applicable when secret scanning is not available, an error when Unknown, n/a when archived', () => {
    expect(run(repoSecretAlertsResolved, repo({ secretScanningAlerts: NO_GHAS }), P).status).toBe('not_applicable');
    expect(run(repoSecretAlertsResolved, repo({ secretScanningAlerts: ADMIN_ONLY }), P).status).toBe('error');
    expect(run(repoSecretAlertsResolved, repo({ ...ARCHIVED, secretScanningAlerts: ADMIN_ONLY }), P).status).toBe('not_applicable');
  });
});

describe('github.repo_dependabot_alerts_enabled', () => {
  it('passes, fails, errors and skips archived', () => {
    expect(run(repoDependabotAlertsEnabled, repo()).status).toBe('pass');
    expect(run(repoDependabotAlertsEnabled, repo({ dependabotAlertsEnabled: false })).status).toBe('fail');
    expect(run(repoDependabotAlertsEnabled, repo({ dependabotAlertsEnabled: ADMIN_ONLY }))).toEqual({
      status: 'error',
      reason: 'Dependabot alerts setting could not be collected: requires repository admin',
    });
    expect(run(repoDependabotAlertsEnabled, repo({ ...ARCHIVED, dependabotAlertsEnabled: false })).status).toBe('not_applicable');
  });
});

describe.each([
  ['github.repo_dependabot_alerts_remediated', repoDependabotAlertsRemediated, 'dependabotAlerts', 'Dependabot alert', 'Dependabot alerts'],
  ['github.repo_code_scanning_alerts_remediated', repoCodeScanningAlertsRemediated, 'codeScanningAlerts', 'code scanning alert', 'code scanning'],
] as const)('%s', (_id, check, field, kind, feature) => {
  const P = { sla_days: { critical: 15, high: 30 } };
  const withAlerts = (value: unknown) => repo({ [field]: value });
  it('passes alerts within their SLA and untracked severities', () => {
    const v = run(check, withAlerts(summary(alert(1, 'critical', '2026-03-20T00:00:00Z'), alert(2, 'high', '2026-03-05T00:00:00Z'), alert(3, 'medium', '2025-01-01T00:00:00Z'))), P);
    expect(v).toEqual({ status: 'pass', reason: `2 open ${kind}s with an SLA, none past it (critical 15 days, high 30 days)` });
    expect(run(check, withAlerts(summary()), P).reason).toBe(`no open ${kind} of a severity with an SLA (critical 15 days, high 30 days)`);
  });
  it('fails overdue critical and high alerts, naming their opening dates', () => {
    const v = run(check, withAlerts(summary(alert(1, 'critical', '2026-03-16T11:00:00Z'), alert(2, 'HIGH', '2026-02-28T00:00:00Z', null), alert(3, 'critical', '2026-03-20T00:00:00Z'))), P);
    expect(v).toEqual({
      status: 'fail',
      reason: `${kind} #1 (critical, lodash) opened 2026-03-16, more than 15 days before this run; ${kind} #2 (high) opened 2026-02-28, more than 30 days before this run`,
    });
  });
  it('checks medium and low only when an SLA is set for them', () => {
    const a = withAlerts(summary(alert(9, 'medium', '2026-01-01T00:00:00Z')));
    expect(run(check, a, P).status).toBe('pass');
    expect(run(check, a, { sla_days: { critical: 15, high: 30, medium: 90 } }).status).toBe('fail');
  });
  it('is not applicable when the feature is not available, an error when Unknown', () => {
    expect(run(check, withAlerts(notAvailable('disabled for this repository')), P)).toEqual({
      status: 'not_applicable',
      reason: `${feature} is not available: disabled for this repository`,
    });
    expect(run(check, withAlerts(unknown('HTTP 403')), P).status).toBe('error');
  });
  it('is an error on a malformed alert date, and not applicable when archived', () => {
    expect(run(check, withAlerts(summary(alert(1, 'critical', 'yesterday'))), P).status).toBe('error');
    expect(run(check, repo({ ...ARCHIVED, [field]: summary(alert(1, 'critical', '2020-01-01T00:00:00Z')) }), P).status).toBe('not_applicable');
  });
});

describe('github.repo_deploy_keys_read_only', () => {
  const key = (over: Partial<DeployKeyValue> = {}): DeployKeyValue => ({
    id: 11,
    title: 'ci deploy',
    readOnly: true,
    createdAt: '2025-06-01T00:00:00Z',
    verified: true,
    addedBy: 'alice',
    ...over,
  });
  const P = { approved_write_keys: [], max_key_age_days: null };
  it('passes read-only keys; no keys is not applicable', () => {
    expect(run(repoDeployKeysReadOnly, repo({ deployKeys: [key()] }), P)).toEqual({ status: 'pass', reason: 'the deploy key is read-only' });
    expect(run(repoDeployKeysReadOnly, repo(), P).status).toBe('not_applicable');
  });
  it('fails an unapproved write key', () => {
    expect(run(repoDeployKeysReadOnly, repo({ deployKeys: [key({ readOnly: false })] }), P)).toEqual({
      status: 'fail',
      reason: 'deploy key 11 ("ci deploy") has write access and is not on approved_write_keys',
    });
  });
  it('passes a write key approved by repo + title or id, and fails an expired or mismatched approval', () => {
    const w = repo({ deployKeys: [key({ readOnly: false }), key({ id: 12, title: 'ro' })] });
    const approve = (entry: object) => ({ ...P, approved_write_keys: [{ repo: 'ACME/app', ...entry }] });
    expect(run(repoDeployKeysReadOnly, w, approve({ title: 'ci deploy' }))).toEqual({ status: 'pass', reason: '1 read-only and 1 approved write deploy key' });
    expect(run(repoDeployKeysReadOnly, w, approve({ id: 11, expires: '2026-12-31' })).status).toBe('pass');
    expect(run(repoDeployKeysReadOnly, w, approve({ id: 11, title: 'other' })).status).toBe('fail');
    expect(run(repoDeployKeysReadOnly, w, { ...P, approved_write_keys: [{ repo: 'acme/other', id: 11 }] }).status).toBe('fail');
    expect(run(repoDeployKeysReadOnly, w, approve({ id: 11, expires: '2026-03-01' })).reason).toBe(
      'deploy key 11 ("ci deploy") has write access; its approval expired 2026-03-01',
    );
  });
  it('fails keys older than max_key_age_days when set', () => {
    expect(run(repoDeployKeysReadOnly, repo({ deployKeys: [key()] }), { ...P, max_key_age_days: 180 })).toEqual({
      status: 'fail',
      reason: 'deploy key 11 ("ci deploy") was created 2025-06-01, more than 180 days before this run',
    });
  });
  it('rejects approvals without id or title', () => {
    expect(repoDeployKeysReadOnly.parameters.safeParse({ ...P, approved_write_keys: [{ repo: 'acme/app' }] }).success).toBe(false);
  });
  it('is an error when keys are Unknown, not applicable when archived', () => {
    expect(run(repoDeployKeysReadOnly, repo({ deployKeys: ADMIN_ONLY }), P).status).toBe('error');
    expect(run(repoDeployKeysReadOnly, repo({ ...ARCHIVED, deployKeys: [key({ readOnly: false })] }), P).status).toBe('not_applicable');
  });
});

describe('github.repo_public_visibility_approved', () => {
  const P = { approved_public_repos: ['acme/website'] };
  it('passes private repositories and approved public ones', () => {
    expect(run(repoPublicVisibilityApproved, repo(), P)).toEqual({ status: 'pass', reason: 'repository is private' });
    expect(run(repoPublicVisibilityApproved, repo({ visibility: 'public', name: 'website', fullName: 'acme/Website' }), P).status).toBe('pass');
  });
  it('fails an unapproved public repository, archived or not', () => {
    expect(run(repoPublicVisibilityApproved, repo({ visibility: 'public' }), P).status).toBe('fail');
    expect(run(repoPublicVisibilityApproved, repo({ ...ARCHIVED, visibility: 'public' }), P).status).toBe('fail');
  });
  it('is an error when the visibility is Unknown', () => {
    expect(run(repoPublicVisibilityApproved, repo({ visibility: unknown('HTTP 404') }), P).status).toBe('error');
  });
});

describe('github.repo_webhooks_secure', () => {
  it('passes, fails, is not applicable without hooks or when archived, errors on Unknown', () => {
    expect(run(repoWebhooksSecure, repo({ webhooks: [hook(), hook({ id: 2 })] })).reason).toBe('all 2 active webhooks use https with TLS verification and a secret');
    expect(run(repoWebhooksSecure, repo({ webhooks: [hook({ hasSecret: false })] })).reason).toBe('webhook 1 (https://hooks.example.com/github) has no secret');
    expect(run(repoWebhooksSecure, repo({ webhooks: [hook({ active: false })] }))).toEqual({ status: 'not_applicable', reason: 'the repository has no active webhook (1 inactive)' });
    expect(run(repoWebhooksSecure, repo({ ...ARCHIVED, webhooks: [hook({ https: false })] })).status).toBe('not_applicable');
    expect(run(repoWebhooksSecure, repo({ webhooks: ADMIN_ONLY })).status).toBe('error');
  });
});
