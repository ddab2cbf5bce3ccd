import { describe, expect, it } from 'vitest';
import { org2faEnforced } from '../../../checks/github/org-2fa-enforced.js';
import { orgActionsAllowedRestricted } from '../../../checks/github/org-actions-allowed-restricted.js';
import { orgActionsCannotApprovePrs } from '../../../checks/github/org-actions-cannot-approve-prs.js';
import { orgBasePermissionRestricted } from '../../../checks/github/org-base-permission-restricted.js';
import { orgOutsideCollaboratorsApproved } from '../../../checks/github/org-outside-collaborators-approved.js';
import { orgOwnerCountLimited } from '../../../checks/github/org-owner-count-limited.js';
import { orgRepoCreationRestricted } from '../../../checks/github/org-repo-creation-restricted.js';
import { orgWebhooksSecure } from '../../../checks/github/org-webhooks-secure.js';
import { orgWorkflowTokenReadOnly } from '../../../checks/github/org-workflow-token-read-only.js';
import { unknown } from '../../../src/model/unknown.js';
import { hook, org, OWNER_ONLY, run } from './fixtures.js';

describe('github.org_2fa_enforced', () => {
  const P = { forbid_insecure_2fa: false };
  it('passes when 2FA is required and nobody lacks it', () => {
    expect(run(org2faEnforced, org(), P)).toEqual({ status: 'pass', reason: 'the organisation requires 2FA and every member and outside collaborator has it' });
  });
  it('fails when the requirement is off', () => {
    expect(run(org2faEnforced, org({ twoFactorRequirementEnabled: false }), P)).toEqual({ status: 'fail', reason: 'the organisation does not require two-factor authentication' });
  });
  it('fails naming members and outside collaborators without 2FA', () => {
    const v = run(org2faEnforced, org({ membersWithout2fa: ['zed', 'carol'], outsideCollaboratorsWithout2fa: ['vendor1'] }), P);
    expect(v).toEqual({ status: 'fail', reason: 'members without 2FA: carol; zed; outside collaborators without 2FA: vendor1' });
  });
  it('checks insecure 2FA methods only when asked', () => {
    const a = org({ membersWithInsecure2fa: ['sms-user'] });
    expect(run(org2faEnforced, a, P).status).toBe('pass');
    expect(run(org2faEnforced, a, { forbid_insecure_2fa: true })).toEqual({ status: 'fail', reason: 'members using insecure 2FA (e.g. SMS): sms-user' });
  });
  it('is an error when the requirement or a list is Unknown', () => {
    expect(run(org2faEnforced, org({ twoFactorRequirementEnabled: OWNER_ONLY }), P)).toEqual({
      status: 'error',
      reason: 'the 2FA requirement setting could not be collected: requires organisation owner',
    });
    expect(run(org2faEnforced, org({ outsideCollaboratorsWithout2fa: OWNER_ONLY }), P).status).toBe('error');
    expect(run(org2faEnforced, org({ membersWithInsecure2fa: OWNER_ONLY }), { forbid_insecure_2fa: true }).status).toBe('error');
  });
  it('does not need the insecure list when not asked for it', () => {
    expect(run(org2faEnforced, org({ membersWithInsecure2fa: OWNER_ONLY }), P).status).toBe('pass');
  });
  it('still fails on a seen failure when another list is Unknown', () => {
    expect(run(org2faEnforced, org({ twoFactorRequirementEnabled: false, membersWithout2fa: OWNER_ONLY }), P).status).toBe('fail');
  });
});

describe('github.org_base_permission_restricted', () => {
  it.each([
    ['none', true, 'pass'],
    ['read', true, 'pass'],
    ['none', false, 'pass'],
    ['read', false, 'fail'],
    ['write', true, 'fail'],
    ['admin', true, 'fail'],
  ])('base permission %s with allow_read %s → %s', (perm, allowRead, status) => {
    expect(run(orgBasePermissionRestricted, org({ defaultRepositoryPermission: perm }), { allow_read: allowRead }).status).toBe(status);
  });
  it('names the permission and the limit', () => {
    expect(run(orgBasePermissionRestricted, org({ defaultRepositoryPermission: 'write' }), { allow_read: true }).reason).toBe(
      'base repository permission is write: every member gets it on every repository (allowed: none or read)',
    );
  });
  it('is an error when the setting is Unknown', () => {
    expect(run(orgBasePermissionRestricted, org({ defaultRepositoryPermission: OWNER_ONLY }), { allow_read: true })).toEqual({
      status: 'error',
      reason: 'base repository permission could not be collected: requires organisation owner',
    });
  });
});

describe('github.org_owner_count_limited', () => {
  const P = { min_owners: 2, max_owners: 3, approved_owners: null };
  it('passes two owners', () => {
    expect(run(orgOwnerCountLimited, org(), P)).toEqual({ status: 'pass', reason: '2 owners (alice, bob), within 2 to 3' });
  });
  it('fails a single owner and too many owners', () => {
    const one = org({ members: [{ login: 'alice', role: 'admin' }], ownersCount: 1 });
    expect(run(orgOwnerCountLimited, one, P)).toEqual({ status: 'fail', reason: '1 owner (alice): fewer than 2' });
    const many = org({ members: ['a', 'b', 'c', 'd'].map((login) => ({ login, role: 'admin' as const })), ownersCount: 4 });
    expect(run(orgOwnerCountLimited, many, P)).toEqual({ status: 'fail', reason: '4 owners (a, b, c, d): more than 3' });
  });
  it('checks owners against approved_owners (case-insensitive) when set', () => {
    expect(run(orgOwnerCountLimited, org(), { ...P, approved_owners: ['Alice', 'bob'] })).toEqual({
      status: 'pass',
      reason: '2 owners (alice, bob), within 2 to 3, all on approved_owners',
    });
    expect(run(orgOwnerCountLimited, org(), { ...P, approved_owners: ['alice'] })).toEqual({
      status: 'fail',
      reason: '2 owners (alice, bob): not on approved_owners: bob',
    });
  });
  it('uses the owner count when the member list is Unknown and no approved list is set', () => {
    expect(run(orgOwnerCountLimited, org({ members: OWNER_ONLY, ownersCount: 2 }), P)).toEqual({ status: 'pass', reason: '2 owners, within 2 to 3' });
  });
  it('is an error when it cannot count, or cannot compare with approved_owners', () => {
    expect(run(orgOwnerCountLimited, org({ members: OWNER_ONLY, ownersCount: OWNER_ONLY }), P).status).toBe('error');
    expect(run(orgOwnerCountLimited, org({ members: OWNER_ONLY }), { ...P, approved_owners: ['alice', 'bob'] })).toEqual({
      status: 'error',
      reason: 'the member list could not be collected: requires organisation owner',
    });
  });
  it('rejects min_owners above max_owners', () => {
    expect(orgOwnerCountLimited.parameters.safeParse({ min_owners: 4, max_owners: 3, approved_owners: null }).success).toBe(false);
  });
});

describe('github.org_outside_collaborators_approved', () => {
  const C = orgOutsideCollaboratorsApproved;
  /** An organisation whose outside collaborators hold exactly these grants. */
  const withAccess = (grants: { login: string; repository: string; permission: string }[], unreadableRepositories: string[] = []) =>
    org({ outsideCollaborators: [...new Set(grants.map((g) => g.login))], outsideCollaboratorAccess: { grants, unreadableRepositories } });

  it('passes when there are none', () => {
    expect(run(C, org(), { approved_collaborators: [] })).toEqual({ status: 'pass', reason: 'the organisation has no outside collaborators' });
  });
  it('read and triage need no approval', () => {
    const v = run(C, withAccess([{ login: 'reader', repository: 'docs', permission: 'read' }, { login: 'triager', repository: 'web', permission: 'triage' }]), { approved_collaborators: [] });
    expect(v).toEqual({ status: 'pass', reason: 'no outside collaborator has write, maintain or admin on any repository (2 with read or triage only)' });
  });
  it('passes approved writers, plain or with a future expiry (valid through that day), case-insensitively', () => {
    const v = run(C, withAccess([{ login: 'vendor1', repository: 'api', permission: 'write' }, { login: 'Vendor2', repository: 'web', permission: 'maintain' }, { login: 'reader', repository: 'web', permission: 'read' }]), {
      approved_collaborators: ['VENDOR1', { login: 'vendor2', expires: '2026-04-01', ticket: 'SEC-12' }],
    });
    expect(v).toEqual({ status: 'pass', reason: 'all 2 outside collaborators with write or higher (Vendor2, vendor1) are approved and unexpired; 1 with read or triage only' });
  });
  it('fails unapproved and expired writers, naming their access', () => {
    const v = run(C, withAccess([{ login: 'stranger', repository: 'infra', permission: 'write' }, { login: 'vendor1', repository: 'api', permission: 'maintain' }]), {
      approved_collaborators: [{ login: 'vendor1', expires: '2026-03-31' }],
    });
    expect(v).toEqual({ status: 'fail', reason: "stranger (write on infra) is not on approved_collaborators; vendor1's approval (maintain on api) expired 2026-03-31" });
  });
  it('treats a custom role as elevated (it may include write)', () => {
    expect(run(C, withAccess([{ login: 'x', repository: 'api', permission: 'security-auditor' }]), { approved_collaborators: [] }).status).toBe('fail');
  });
  it('fails an approved admin unless the approval says allow_admin', () => {
    const grants = [{ login: 'ops', repository: 'infra', permission: 'admin' }, { login: 'ops', repository: 'web', permission: 'write' }];
    expect(run(C, withAccess(grants), { approved_collaborators: ['ops'] })).toEqual({
      status: 'fail',
      reason: 'ops has admin on infra, which the approval does not allow (allow_admin)',
    });
    expect(run(C, withAccess(grants), { approved_collaborators: [{ login: 'ops', allow_admin: true }] }).status).toBe('pass');
    expect(run(C, withAccess(grants), { approved_collaborators: [{ login: 'ops', allow_admin: true, expires: '2026-03-01' }] }).status).toBe('fail');
  });
  it('fails on a known unapproved writer even when some repositories were unreadable, else is an error', () => {
    const unreadable = ['secret: HTTP 404: Not Found'];
    expect(run(C, withAccess([{ login: 'stranger', repository: 'infra', permission: 'write' }], unreadable), { approved_collaborators: [] }).status).toBe('fail');
    expect(run(C, withAccess([{ login: 'reader', repository: 'docs', permission: 'read' }], unreadable), { approved_collaborators: [] })).toEqual({
      status: 'error',
      reason: "collaborators of some repositories could not be read, so outside collaborators' access there is unknown: secret: HTTP 404: Not Found",
    });
  });
  it('is an error when the list or the access join is Unknown', () => {
    expect(run(C, org({ outsideCollaborators: unknown('HTTP 403') }), { approved_collaborators: [] })).toEqual({
      status: 'error',
      reason: 'outside collaborator list could not be collected: HTTP 403',
    });
    expect(run(C, org({ outsideCollaborators: ['x'], outsideCollaboratorAccess: unknown('repositories could not be listed') }), { approved_collaborators: ['x'] })).toEqual({
      status: 'error',
      reason: "outside collaborators' repository permissions could not be collected: repositories could not be listed",
    });
  });
  it('keeps the old parameter format and rejects malformed expiry dates', () => {
    expect(C.parameters.safeParse({ approved_collaborators: ['a', { login: 'b', expires: '2026-12-31', ticket: 'T-1' }] }).success).toBe(true);
    expect(C.parameters.safeParse({ approved_collaborators: [{ login: 'x', expires: '31/03/2026' }] }).success).toBe(false);
    expect(C.parameters.safeParse({ approved_collaborators: [{ login: 'x', expires: '2026-02-30' }] }).success).toBe(false);
  });
});

describe('github.org_repo_creation_restricted', () => {
  it('passes when members cannot create public repositories', () => {
    expect(run(orgRepoCreationRestricted, org({ membersCanCreateRepositories: true }), { strict: false }).status).toBe('pass');
  });
  it('fails public creation, and any creation when strict', () => {
    expect(run(orgRepoCreationRestricted, org({ membersCanCreatePublicRepositories: true }), { strict: false }).status).toBe('fail');
    expect(run(orgRepoCreationRestricted, org({ membersCanCreateRepositories: true }), { strict: true }).status).toBe('fail');
    expect(run(orgRepoCreationRestricted, org(), { strict: true }).reason).toBe('members cannot create repositories; only owners can');
  });
  it('is an error on Unknown', () => {
    expect(run(orgRepoCreationRestricted, org({ membersCanCreatePublicRepositories: OWNER_ONLY }), { strict: false }).status).toBe('error');
    expect(run(orgRepoCreationRestricted, org({ membersCanCreateRepositories: OWNER_ONLY }), { strict: true }).status).toBe('error');
  });
});

describe('github.org_workflow_token_read_only and github.org_actions_cannot_approve_prs', () => {
  it('pass on read-only tokens that cannot approve', () => {
    expect(run(orgWorkflowTokenReadOnly, org())).toEqual({ status: 'pass', reason: 'the default GITHUB_TOKEN permission is read' });
    expect(run(orgActionsCannotApprovePrs, org()).status).toBe('pass');
  });
  it('fail on write tokens / approving workflows', () => {
    const a = org({ workflowPermissions: { defaultWorkflowPermissions: 'write', canApprovePullRequestReviews: true } });
    expect(run(orgWorkflowTokenReadOnly, a).status).toBe('fail');
    expect(run(orgActionsCannotApprovePrs, a).status).toBe('fail');
  });
  it('are errors when the workflow permissions are Unknown', () => {
    const a = org({ workflowPermissions: unknown('HTTP 403: requires admin:org') });
    expect(run(orgWorkflowTokenReadOnly, a)).toEqual({ status: 'error', reason: 'workflow permissions of the organisation could not be collected: HTTP 403: requires admin:org' });
    expect(run(orgActionsCannotApprovePrs, a).status).toBe('error');
  });
});

describe('github.org_actions_allowed_restricted', () => {
  const P = { allow_all_repositories: true };
  const actions = (allowedActions: string | null, selected: unknown = null, enabled = 'all') =>
    org({ actionsPermissions: { enabledRepositories: enabled, allowedActions, shaPinningRequired: null, selectedActions: selected as never } });
  it('passes local-only actions and disabled Actions', () => {
    expect(run(orgActionsAllowedRestricted, actions('local_only'), P).status).toBe('pass');
    expect(run(orgActionsAllowedRestricted, actions(null, null, 'none'), P).reason).toBe('GitHub Actions are disabled for every repository');
  });
  it('passes selected actions with owner-scoped patterns', () => {
    const v = run(orgActionsAllowedRestricted, actions('selected', { githubOwnedAllowed: true, verifiedAllowed: false, patternsAllowed: ['acme/*', 'docker/login-action@*'] }), P);
    expect(v).toEqual({ status: 'pass', reason: 'Actions enabled for all repositories may run selected actions (GitHub-owned, 2 allow-listed patterns)' });
  });
  it('fails all actions, wildcard-owner patterns, and all repositories when not allowed', () => {
    expect(run(orgActionsAllowedRestricted, actions('all'), P).status).toBe('fail');
    expect(run(orgActionsAllowedRestricted, actions('selected', { githubOwnedAllowed: false, verifiedAllowed: false, patternsAllowed: ['*'] }), P).reason).toBe(
      'the allowed-actions patterns "*" admit actions from any owner',
    );
    expect(run(orgActionsAllowedRestricted, actions('local_only'), { allow_all_repositories: false }).reason).toBe(
      'Actions are enabled for all repositories, not a selected set',
    );
  });
  it('is an error when the policy or its selected-actions detail is Unknown', () => {
    expect(run(orgActionsAllowedRestricted, org({ actionsPermissions: OWNER_ONLY }), P).status).toBe('error');
    expect(run(orgActionsAllowedRestricted, actions('selected', unknown('HTTP 500')), P)).toEqual({
      status: 'error',
      reason: 'selected-actions policy could not be collected: HTTP 500',
    });
  });
});

describe('github.org_webhooks_secure', () => {
  it('passes secure active hooks and ignores inactive ones', () => {
    expect(run(orgWebhooksSecure, org({ webhooks: [hook(), hook({ id: 2, active: false, https: false })] }))).toEqual({
      status: 'pass',
      reason: 'the active webhook uses https with TLS verification and a secret',
    });
  });
  it('fails naming each problem', () => {
    const v = run(orgWebhooksSecure, org({ webhooks: [hook({ id: 7, url: 'http://x.example/h', https: false, insecureSsl: true, hasSecret: false })] }));
    expect(v).toEqual({ status: 'fail', reason: 'webhook 7 (http://x.example/h) does not use https, has TLS certificate verification turned off, has no secret' });
  });
  it('is not applicable without active hooks, an error when Unknown', () => {
    expect(run(orgWebhooksSecure, org({ webhooks: [] })).status).toBe('not_applicable');
    expect(run(orgWebhooksSecure, org({ webhooks: OWNER_ONLY })).status).toBe('error');
  });
});
