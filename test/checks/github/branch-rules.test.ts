import { describe, expect, it } from 'vitest';
import { repoBranchDeletionBlocked } from '../../../checks/github/repo-branch-deletion-blocked.js';
import { repoCodeownersReviewRequired } from '../../../checks/github/repo-codeowners-review-required.js';
import { repoDefaultBranchProtected } from '../../../checks/github/repo-default-branch-protected.js';
import { repoForcePushBlocked } from '../../../checks/github/repo-force-push-blocked.js';
import { repoPrReviewRequired } from '../../../checks/github/repo-pr-review-required.js';
import { repoProtectionAppliesToAdmins } from '../../../checks/github/repo-protection-applies-to-admins.js';
import { repoStaleReviewsDismissed } from '../../../checks/github/repo-stale-reviews-dismissed.js';
import { repoStatusChecksRequired } from '../../../checks/github/repo-status-checks-required.js';
import type { CheckDefinition } from '../../../src/model/check.js';
import { unknown } from '../../../src/model/unknown.js';
import { ADMIN_ONLY, ARCHIVED, repo, rules, run, UNPROTECTED } from './fixtures.js';

const RULESET = { id: 7, name: 'main rules', sourceType: 'Organization', enforcement: 'active' };
/** Protected by an active organisation ruleset only (no classic protection). */
const RULESET_ONLY = rules({ classicProtection: false, enforceAdmins: null, rulesets: [RULESET] });

/** Every branch-rule check with parameters that make the fully protected fixture pass. */
const ALL: [CheckDefinition, unknown][] = [
  [repoDefaultBranchProtected, {}],
  [repoPrReviewRequired, { min_approvals: 1 }],
  [repoStaleReviewsDismissed, {}],
  [repoCodeownersReviewRequired, {}],
  [repoStatusChecksRequired, { require_strict: false }],
  [repoProtectionAppliesToAdmins, { approved_bypass_actors: [] }],
  [repoForcePushBlocked, {}],
  [repoBranchDeletionBlocked, {}],
];

describe.each(ALL.map(([check, params]) => [check.id, check, params] as const))('%s (common cases)', (_id, check, params) => {
  it('passes a fully protected branch', () => {
    expect(run(check, repo(), params).status).toBe('pass');
  });
  it('passes a branch protected by an active ruleset alone', () => {
    expect(run(check, repo({ defaultBranchRules: RULESET_ONLY }), params).status).toBe('pass');
  });
  it('fails an unprotected branch', () => {
    expect(run(check, repo({ defaultBranchRules: UNPROTECTED }), params).status).toBe('fail');
  });
  it('is an error when the branch rules are Unknown', () => {
    expect(run(check, repo({ defaultBranchRules: ADMIN_ONLY }), params)).toEqual({
      status: 'error',
      reason: 'default-branch protection and rulesets could not be collected: requires repository admin',
    });
  });
  it('is not applicable to an archived repository, whatever its rules', () => {
    expect(run(check, repo({ ...ARCHIVED, defaultBranchRules: UNPROTECTED }), params)).toEqual({ status: 'not_applicable', reason: 'repository is archived (read-only)' });
  });
  it('is an error when it is unknown whether the repository is archived', () => {
    expect(run(check, repo({ archived: unknown('HTTP 404') }), params).status).toBe('error');
  });
});

describe('github.repo_default_branch_protected', () => {
  it('names what protects the branch', () => {
    expect(run(repoDefaultBranchProtected, repo({ defaultBranchRules: rules({ rulesets: [RULESET] }) })).reason).toBe(
      'default branch main is protected by classic branch protection and active ruleset "main rules" (id 7, organization)',
    );
  });
  it('does not count evaluate-mode rulesets, and says so', () => {
    const r = { ...UNPROTECTED, rulesets: [{ ...RULESET, enforcement: 'evaluate' }] };
    expect(run(repoDefaultBranchProtected, repo({ defaultBranchRules: r }))).toEqual({
      status: 'fail',
      reason: 'default branch main has no branch protection and no active ruleset (ruleset "main rules" (id 7, organization) in evaluate mode is not enforced)',
    });
  });
});

describe('github.repo_pr_review_required', () => {
  it('fails when no pull request is required', () => {
    expect(run(repoPrReviewRequired, repo({ defaultBranchRules: rules({ pullRequestRequired: false, requiredApprovingReviewCount: 0 }) }), { min_approvals: 1 }).reason).toBe(
      'default branch main does not require a pull request before merging (classic branch protection)',
    );
  });
  it('fails too few approvals for min_approvals', () => {
    expect(run(repoPrReviewRequired, repo(), { min_approvals: 2 })).toEqual({
      status: 'fail',
      reason: 'default branch main requires a pull request with 1 approving review (at least 2 required)',
    });
    expect(run(repoPrReviewRequired, repo({ defaultBranchRules: rules({ requiredApprovingReviewCount: 0 }) }), { min_approvals: 1 }).status).toBe('fail');
  });
  it('rejects min_approvals below 1', () => {
    expect(repoPrReviewRequired.parameters.safeParse({ min_approvals: 0 }).success).toBe(false);
  });
});

describe('github.repo_stale_reviews_dismissed', () => {
  it('fails when approvals survive new pushes, or no pull request is required', () => {
    expect(run(repoStaleReviewsDismissed, repo({ defaultBranchRules: rules({ dismissStaleReviews: false }) })).reason).toBe(
      'default branch main keeps approvals after new commits are pushed',
    );
    expect(run(repoStaleReviewsDismissed, repo({ defaultBranchRules: rules({ pullRequestRequired: false }) })).status).toBe('fail');
  });
});

describe('github.repo_codeowners_review_required', () => {
  it('fails when code-owner review is not required', () => {
    expect(run(repoCodeownersReviewRequired, repo({ defaultBranchRules: rules({ requireCodeOwnerReview: false }) })).status).toBe('fail');
  });
  it('fails a missing or broken CODEOWNERS file', () => {
    expect(run(repoCodeownersReviewRequired, repo({ codeownersPresent: false })).reason).toContain('has no CODEOWNERS file');
    expect(run(repoCodeownersReviewRequired, repo({ codeownersErrors: ['Unknown owner: line 3'] }))).toEqual({
      status: 'fail',
      reason: 'CODEOWNERS has errors: Unknown owner: line 3',
    });
  });
  it('is an error when CODEOWNERS could not be read', () => {
    expect(run(repoCodeownersReviewRequired, repo({ codeownersPresent: unknown('HTTP 500') })).status).toBe('error');
    expect(run(repoCodeownersReviewRequired, repo({ codeownersErrors: unknown('HTTP 500') })).status).toBe('error');
  });
});

describe('github.repo_status_checks_required', () => {
  it('names the required checks', () => {
    expect(run(repoStatusChecksRequired, repo(), { require_strict: true })).toEqual({
      status: 'pass',
      reason: 'default branch main requires status check "ci/test" on an up-to-date branch',
    });
  });
  it('fails without required checks, or without strict when required', () => {
    expect(run(repoStatusChecksRequired, repo({ defaultBranchRules: rules({ requiredStatusChecks: [] }) }), { require_strict: false }).status).toBe('fail');
    expect(run(repoStatusChecksRequired, repo({ defaultBranchRules: rules({ strictStatusChecks: false }) }), { require_strict: true }).status).toBe('fail');
    expect(run(repoStatusChecksRequired, repo({ defaultBranchRules: rules({ strictStatusChecks: false }) }), { require_strict: false }).status).toBe('pass');
  });
});

describe('github.repo_protection_applies_to_admins', () => {
  const NONE = { approved_bypass_actors: [] };
  const bypass = (actorType: string, actorId: number | null, bypassMode = 'always', rulesetId = 7) => ({ rulesetId, actorType, actorId, bypassMode });
  it('fails classic protection without enforce_admins', () => {
    expect(run(repoProtectionAppliesToAdmins, repo({ defaultBranchRules: rules({ enforceAdmins: false }) }), NONE)).toEqual({
      status: 'fail',
      reason: 'default branch main: classic branch protection does not apply to administrators (enforce_admins is off)',
    });
  });
  it('fails unapproved ruleset bypass actors, whatever the bypass mode', () => {
    const r = { ...RULESET_ONLY, bypassActors: [bypass('OrganizationAdmin', null), bypass('Team', 42, 'pull_request')] };
    expect(run(repoProtectionAppliesToAdmins, repo({ defaultBranchRules: r }), NONE)).toEqual({
      status: 'fail',
      reason: 'default branch main: ruleset bypass actors not on approved_bypass_actors: OrganizationAdmin (ruleset 7, always); Team:42 (ruleset 7, pull_request)',
    });
  });
  it('passes approved bypass actors, by type or by type and id', () => {
    const r = { ...RULESET_ONLY, bypassActors: [bypass('OrganizationAdmin', null), bypass('Team', 42)] };
    const v = run(repoProtectionAppliesToAdmins, repo({ defaultBranchRules: r }), { approved_bypass_actors: ['OrganizationAdmin', 'Team:42'] });
    expect(v.status).toBe('pass');
    expect(v.reason).toContain('approved bypass actors only: OrganizationAdmin (ruleset 7, always); Team:42 (ruleset 7, always)');
    expect(run(repoProtectionAppliesToAdmins, repo({ defaultBranchRules: r }), { approved_bypass_actors: ['OrganizationAdmin', 'Team:43'] }).status).toBe('fail');
  });
  it('ignores bypass actors of rulesets that are not active', () => {
    const r = { ...RULESET_ONLY, rulesets: [RULESET, { ...RULESET, id: 8, enforcement: 'evaluate' }], bypassActors: [bypass('Team', 1, 'always', 8)] };
    expect(run(repoProtectionAppliesToAdmins, repo({ defaultBranchRules: r }), NONE).status).toBe('pass');
  });
  it('is an error when active rulesets exist but their bypass actors are Unknown', () => {
    expect(run(repoProtectionAppliesToAdmins, repo({ defaultBranchRules: { ...RULESET_ONLY, bypassActors: unknown('requires organisation owner') } }), NONE)).toEqual({
      status: 'error',
      reason: 'ruleset bypass actors could not be collected: requires organisation owner',
    });
  });
  it('does not need bypass actors when only classic protection applies', () => {
    expect(run(repoProtectionAppliesToAdmins, repo({ defaultBranchRules: rules({ bypassActors: unknown('x') }) }), NONE).status).toBe('pass');
  });
  it('rejects malformed actor references', () => {
    expect(repoProtectionAppliesToAdmins.parameters.safeParse({ approved_bypass_actors: ['Team 42'] }).success).toBe(false);
  });
});

describe('github.repo_force_push_blocked / github.repo_branch_deletion_blocked', () => {
  it('fail when the protected branch still allows them', () => {
    expect(run(repoForcePushBlocked, repo({ defaultBranchRules: rules({ forcePushesBlocked: false }) })).reason).toBe(
      'default branch main allows force pushes, which can rewrite reviewed history',
    );
    expect(run(repoBranchDeletionBlocked, repo({ defaultBranchRules: rules({ deletionsBlocked: false }) }))).toEqual({
      status: 'fail',
      reason: 'default branch main can be deleted',
    });
  });
  it('explain the unprotected failure', () => {
    expect(run(repoForcePushBlocked, repo({ defaultBranchRules: UNPROTECTED })).reason).toBe(
      'default branch main has no branch protection and no active ruleset, so anyone with write access can force-push to it',
    );
  });
});
