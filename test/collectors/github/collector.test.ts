import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeGithub } from '../../../src/demo/fakes/github/server.js';
import type { Estate } from '../../../src/demo/estate/schema.js';
import { GITHUB_OBSERVATION_TYPES } from '../../../collectors/github/observations.js';
import type { GithubOrgAttributes, GithubPullRequestAttributes, GithubRepoAttributes } from '../../../collectors/github/observations.js';
import { attrs, collect, githubConfig, startGithub, token, type Collected } from './harness.js';

describe('github collector against the fake (demo estate, owner token)', () => {
  let estate: Estate;
  let fake: FakeGithub;
  let out: Collected;

  beforeAll(async () => {
    ({ estate, fake } = await startGithub());
    out = await collect(githubConfig({ url: fake.url, token: token(estate, 'demo-owner') }));
  });
  afterAll(async () => fake?.close());

  it('every observation validates against its zod schema', () => {
    expect(out.observations.length).toBeGreaterThan(5);
    for (const o of out.observations) {
      const schema = GITHUB_OBSERVATION_TYPES[o.type as keyof typeof GITHUB_OBSERVATION_TYPES];
      expect(schema, o.type).toBeDefined();
      expect(() => schema.parse(o.attributes), `${o.type} ${o.id}`).not.toThrow();
    }
    expect(out.gaps).toEqual([]);
  });

  it('observes the organisation settings an owner can see', () => {
    const org = attrs<GithubOrgAttributes>(out, 'github.org', 'github:acme');
    expect(org.twoFactorRequirementEnabled).toBe(false);
    expect(org.defaultRepositoryPermission).toBe('write');
    expect(org.ownersCount).toBe(2);
    expect(org.membersWithout2fa).toEqual(['dave-dev']);
    expect(org.membersWithInsecure2fa).toEqual(['erin-dev']);
    expect(org.outsideCollaborators).toEqual(['auditor-grace', 'contractor-frank']);
    // Joined from the repositories' direct collaborators; secret-project is in scope but not granted.
    expect(org.outsideCollaboratorAccess).toEqual({
      grants: [
        { login: 'auditor-grace', repository: 'web-app', permission: 'read' },
        { login: 'contractor-frank', repository: 'infra', permission: 'write' },
      ],
      unreadableRepositories: [expect.stringMatching(/^secret-project: repository not visible to the token \(HTTP 404/)],
    });
    expect(org.webhooks).toEqual([
      expect.objectContaining({ id: 501, insecureSsl: false, hasSecret: true }),
      expect.objectContaining({ id: 502, insecureSsl: true, hasSecret: false }),
    ]);
    expect(org.actionsPermissions).toMatchObject({ allowedActions: 'all', selectedActions: null });
    expect(org.workflowPermissions).toEqual({ defaultWorkflowPermissions: 'write', canApprovePullRequestReviews: true });
    expect(org.securityManagers).toEqual(['appsec']);
  });

  it('classic protection and a ruleset-only repository are both protected in the merged view', () => {
    const payments = attrs<GithubRepoAttributes>(out, 'github.repo', 'github:acme/payments-api');
    expect(payments.defaultBranchRules).toMatchObject({
      protected: true,
      classicProtection: true,
      requiredApprovingReviewCount: 2,
      dismissStaleReviews: true,
      requireCodeOwnerReview: true,
      requiredStatusChecks: ['ci/build', 'ci/test'],
      enforceAdmins: true,
      forcePushesBlocked: true,
      deletionsBlocked: true,
    });
    const web = attrs<GithubRepoAttributes>(out, 'github.repo', 'github:acme/web-app');
    expect(web.defaultBranchRules).toMatchObject({
      protected: true,
      classicProtection: false,
      rulesets: [{ id: 31, name: 'main-protection', sourceType: 'Repository', enforcement: 'active' }],
      pullRequestRequired: true,
      requiredApprovingReviewCount: 1,
      enforceAdmins: null,
      bypassActors: [],
      forcePushesBlocked: true,
      deletionsBlocked: true,
      requiredStatusChecks: ['ci/build'],
    });
    const infra = attrs<GithubRepoAttributes>(out, 'github.repo', 'github:acme/infra');
    expect(infra.defaultBranchRules).toMatchObject({ protected: false, pullRequestRequired: false, forcePushesBlocked: false });
  });

  it('security features, alerts, deploy keys, CODEOWNERS and collaborators', () => {
    const infra = attrs<GithubRepoAttributes>(out, 'github.repo', 'github:acme/infra');
    expect(infra.dependabotAlertsEnabled).toBe(true);
    expect(infra.dependabotAlerts).toEqual({ open: [{ number: 12, severity: 'critical', createdAt: '2026-01-29T00:00:00Z', subject: 'terraform-provider-aws' }], openBySeverity: { critical: 1 } });
    expect(infra.codeScanningAlerts).toEqual({ $notAvailable: expect.stringContaining('Advanced Security') });
    expect(infra.deployKeys).toEqual([
      expect.objectContaining({ id: 801, readOnly: false }),
      expect.objectContaining({ id: 802, readOnly: true }),
    ]);
    expect(infra.codeownersPresent).toBe(false);
    expect(infra.secretScanningPushProtection).toBe('disabled');
    expect(infra.directCollaborators).toEqual([{ login: 'contractor-frank', roleName: 'write', admin: false }]);
    const payments = attrs<GithubRepoAttributes>(out, 'github.repo', 'github:acme/payments-api');
    expect(payments.secretScanning).toBe('enabled');
    expect(payments.codeScanningAlerts).toEqual({ open: [], openBySeverity: {} });
    expect(payments.codeownersPresent).toBe(true);
    const legacy = attrs<GithubRepoAttributes>(out, 'github.repo', 'github:acme/legacy-tool');
    expect(legacy.archived).toBe(true);
  });

  it('a repository the token cannot read is observed with Unknown attributes', () => {
    const secret = attrs<GithubRepoAttributes>(out, 'github.repo', 'github:acme/secret-project');
    expect(secret.visibility).toEqual({ $unknown: expect.stringContaining('404') });
    expect(secret.defaultBranchRules).toEqual({ $unknown: expect.any(String) });
  });

  it('merged pull requests carry approvals and whether someone other than the author approved first', () => {
    const pr41 = attrs<GithubPullRequestAttributes>(out, 'github.pull_request', 'github:acme/payments-api#41');
    expect(pr41).toMatchObject({ author: 'carol-dev', mergedBy: 'alice-owner', approvedByOtherThanAuthorBeforeMerge: true });
    expect(pr41.approvals).toHaveLength(2);
    const pr15 = attrs<GithubPullRequestAttributes>(out, 'github.pull_request', 'github:acme/infra#15');
    expect(pr15).toMatchObject({ approvals: [], approvedByOtherThanAuthorBeforeMerge: false });
    const self = attrs<GithubPullRequestAttributes>(out, 'github.pull_request', 'github:acme/web-app#7');
    expect(self.approvedByOtherThanAuthorBeforeMerge).toBe(true);
  });

  it('a commit on the default branch without a pull request is a direct push', () => {
    const pushes = out.observations.filter((o) => o.type === 'github.direct_push').map((o) => o.id);
    expect(pushes).toEqual(['github:acme/infra@3f2a9c1b7d4e5f60718293a4b5c6d7e8f9012345']);
  });

  it('collapses branch rules into one GraphQL query and counts calls by route', () => {
    // The repository query and the batched change query: no per-pull-request or per-commit call.
    expect(out.stats.byOperation['POST /graphql']).toBe(2);
    expect(out.stats.byOperation['GET /repos/{owner}/{repo}/pulls/{pull_number}']).toBeUndefined();
    expect(out.stats.byOperation['GET /repos/{owner}/{repo}/commits']).toBeUndefined();
    expect(out.stats.byOperation['GET /repos/{owner}/{repo}/branches/{branch}/protection']).toBeUndefined();
    expect(out.stats.calls).toBe(Object.values(out.stats.byOperation).reduce((a, b) => a + b, 0));
    expect(out.logs).toContain('github collection finished');
    expect(out.logs).toContain('rateLimitRemaining');
  });
});
