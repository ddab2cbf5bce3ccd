import { afterEach, describe, expect, it } from 'vitest';
import type { FakeGithub } from '../../../src/demo/fakes/github/server.js';
import type { GithubOrgAttributes, GithubRepoAttributes } from '../../../collectors/github/observations.js';
import { attrs, collect, githubConfig, startGithub, token } from './harness.js';

/** Throttling, permissions and failures, through the real Octokit plugins against the fake. */
describe('github collector: throttling, permissions and faults', () => {
  let fake: FakeGithub | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('waits for the primary rate limit reset (x-ratelimit-remaining: 0) and recovers', async () => {
    const started = await startGithub();
    fake = started.fake;
    fake.faults.inject({ route: 'GET /orgs/{org}/hooks', kind: 'rate_limit', times: 1, retryAfterSeconds: 1 });
    const out = await collect(githubConfig({ url: fake.url, token: token(started.estate, 'demo-owner') }));
    expect(attrs<GithubOrgAttributes>(out, 'github.org', 'github:acme').webhooks).toHaveLength(2);
    expect(out.stats.throttles).toBe(1);
    expect(out.logs).toContain('"kind":"primary"');
  });

  it('a limit that outlasts the retries makes the attribute Unknown, never empty', async () => {
    const started = await startGithub();
    fake = started.fake;
    fake.faults.inject({ route: 'GET /orgs/{org}/outside_collaborators', kind: 'secondary_limit', retryAfterSeconds: 1 });
    const out = await collect(githubConfig({ url: fake.url, token: token(started.estate, 'demo-owner'), maxThrottleRetries: 1 }));
    const org = attrs<GithubOrgAttributes>(out, 'github.org', 'github:acme');
    expect(org.outsideCollaborators).toEqual({ $unknown: expect.stringContaining('secondary rate limit') });
    expect(org.outsideCollaboratorAccess).toEqual({ $unknown: expect.stringMatching(/^outside collaborator list could not be read .*secondary rate limit/) });
    expect(out.stats.throttles).toBe(4); // two lists (all, 2fa_disabled) × (first try + one retry)
  });

  it('a token without owner rights: owner-only organisation settings are Unknown, never false', async () => {
    const started = await startGithub();
    fake = started.fake;
    const out = await collect(githubConfig({ url: fake.url, token: token(started.estate, 'demo-member') }));
    const org = attrs<GithubOrgAttributes>(out, 'github.org', 'github:acme');
    expect(org.twoFactorRequirementEnabled).toEqual({ $unknown: 'requires organisation owner' });
    expect(org.defaultRepositoryPermission).toEqual({ $unknown: 'requires organisation owner' });
    expect(org.membersWithout2fa).toEqual({ $unknown: expect.stringContaining('requires organisation owner') });
    expect(org.webhooks).toEqual({ $unknown: expect.stringContaining('requires organisation owner') });
    expect(org.ownersCount).toBe(2);
    const infra = attrs<GithubRepoAttributes>(out, 'github.repo', 'github:acme/infra');
    // Not admin: a missing classic protection cannot be told from "not allowed to see it".
    expect(infra.defaultBranchRules).toEqual({ $unknown: expect.stringContaining('requires repository admin') });
    expect(infra.deployKeys).toEqual({ $unknown: expect.stringContaining('requires repository admin') });
    expect(infra.dependabotAlertsEnabled).toEqual({ $unknown: expect.stringContaining('requires repository admin') });
    expect(infra.secretScanning).toEqual({ $unknown: expect.stringContaining('requires repository admin') });
  });

  it('REST fallback when GraphQL fails: 404 protection means "not protected" only with admin permission', async () => {
    const started = await startGithub();
    fake = started.fake;
    fake.faults.inject({ route: 'POST /graphql', kind: 'server_error' });
    const owner = await collect(githubConfig({ url: fake.url, token: token(started.estate, 'demo-owner') }));
    expect(attrs<GithubRepoAttributes>(owner, 'github.repo', 'github:acme/infra').defaultBranchRules).toMatchObject({ protected: false, classicProtection: false });
    expect(attrs<GithubRepoAttributes>(owner, 'github.repo', 'github:acme/payments-api').defaultBranchRules).toMatchObject({ protected: true, requiredApprovingReviewCount: 2, enforceAdmins: true });
    expect(attrs<GithubRepoAttributes>(owner, 'github.repo', 'github:acme/web-app').defaultBranchRules).toMatchObject({ protected: true, classicProtection: false, bypassActors: [] });
    expect(owner.stats.byOperation['GET /repos/{owner}/{repo}/branches/{branch}/protection']).toBe(4);
    expect(owner.logs).toContain('falling back to REST');

    const member = await collect(githubConfig({ url: fake.url, token: token(started.estate, 'demo-member') }));
    expect(attrs<GithubRepoAttributes>(member, 'github.repo', 'github:acme/infra').defaultBranchRules).toEqual({ $unknown: expect.stringContaining('requires repository admin') });
  });

  it('a repo-limited token sees only its repository; others configured by name are Unknown', async () => {
    const started = await startGithub();
    fake = started.fake;
    const out = await collect(githubConfig({ url: fake.url, token: token(started.estate, 'demo-limited'), include: ['web-app', 'infra'] }));
    expect(out.observations.filter((o) => o.type === 'github.repo').map((o) => o.id).sort()).toEqual(['github:acme/infra', 'github:acme/web-app']);
    expect(attrs<GithubRepoAttributes>(out, 'github.repo', 'github:acme/infra').archived).toEqual({ $unknown: expect.stringContaining('HTTP 404') });
  });

  it('the repository listing failing is a gap for the repository types, not an empty population', async () => {
    const started = await startGithub();
    fake = started.fake;
    fake.faults.inject({ route: 'GET /orgs/{org}/repos', kind: 'forbidden' });
    const out = await collect(githubConfig({ url: fake.url, token: token(started.estate, 'demo-owner') }));
    expect(out.gaps.map((g) => g.type).sort()).toEqual(['github.direct_push', 'github.pull_request', 'github.repo']);
    // The change windows say that both event populations were not read completely.
    expect(out.observations.map((o) => o.type)).toEqual(['github.org', 'github.change_window', 'github.change_window']);
    expect(out.observations.filter((o) => o.type === 'github.change_window').map((o) => (o.attributes as { complete: boolean }).complete)).toEqual([false, false]);
    expect(attrs<GithubOrgAttributes>(out, 'github.org', 'github:acme').outsideCollaboratorAccess).toEqual({ $unknown: expect.stringContaining('repositories could not be listed') });
  });

  it('an unreadable collaborator list is named in the outside-collaborator join, other grants kept', async () => {
    const started = await startGithub();
    fake = started.fake;
    // The REST path (the repository query failed): one repository's list refused.
    fake.faults.inject({ route: 'POST /graphql', kind: 'server_error' });
    fake.faults.inject({ route: 'GET /repos/{owner}/{repo}/collaborators', repo: 'web-app', kind: 'forbidden' });
    const out = await collect(githubConfig({ url: fake.url, token: token(started.estate, 'demo-owner'), include: ['*'] }));
    expect(attrs<GithubOrgAttributes>(out, 'github.org', 'github:acme').outsideCollaboratorAccess).toEqual({
      grants: [{ login: 'contractor-frank', repository: 'infra', permission: 'write' }],
      unreadableRepositories: ['web-app: HTTP 403: Resource not accessible by personal access token'],
    });
  });

  it('GraphQL refuses the collaborators of a repository the token cannot push to: Unknown there, the rest of the answer kept', async () => {
    const started = await startGithub();
    fake = started.fake;
    // demo-limited reads web-app only, without push access: GitHub answers collaborators: null with a FORBIDDEN error.
    const out = await collect(githubConfig({ url: fake.url, token: token(started.estate, 'demo-limited'), include: ['web-app'] }));
    const web = attrs<GithubRepoAttributes>(out, 'github.repo', 'github:acme/web-app');
    expect(web.directCollaborators).toEqual({ $unknown: expect.stringContaining('Must have push access') });
    // The branch rules of the same answer are used (Unknown without admin, as ever), not thrown away with the field error.
    expect(web.defaultBranchRules).toEqual({ $unknown: expect.stringContaining('requires repository admin') });
    expect(out.stats.byOperation['POST /graphql']).toBe(2); // the repository query and the change query
    expect(out.stats.byOperation['GET /repos/{owner}/{repo}/rules/branches/{branch}']).toBeUndefined();
    expect(out.stats.byOperation['GET /repos/{owner}/{repo}/collaborators']).toBeUndefined();
    expect(web.deployKeys).toEqual({ $unknown: expect.stringContaining('requires repository admin') });
  });

  it('a malformed body and a 5xx that persists make only their attributes Unknown', async () => {
    const started = await startGithub();
    fake = started.fake;
    // infra has deploy keys: the repository query says so, and their REST list (with the ids) is malformed.
    fake.faults.inject({ route: 'GET /repos/{owner}/{repo}/keys', repo: 'infra', kind: 'malformed' });
    fake.faults.inject({ route: 'GET /repos/{owner}/{repo}/hooks', repo: 'payments-api', kind: 'server_error' });
    const out = await collect(githubConfig({ url: fake.url, token: token(started.estate, 'demo-owner') }));
    expect(attrs<GithubRepoAttributes>(out, 'github.repo', 'github:acme/infra').deployKeys).toEqual({ $unknown: expect.stringContaining('malformed') });
    const repo = attrs<GithubRepoAttributes>(out, 'github.repo', 'github:acme/payments-api');
    expect(repo.deployKeys).toEqual([]);
    expect(repo.webhooks).toEqual({ $unknown: 'HTTP 502: Server Error' });
    expect(repo.codeownersPresent).toBe(true);
    expect(out.stats.byOperation['GET /repos/{owner}/{repo}/hooks']).toBe(4 + 2); // 4 visible repositories + two retries by the retry plugin
  });

  it('rejected credentials fail the scope without echoing the token', async () => {
    const started = await startGithub();
    fake = started.fake;
    const secret = 'ghp_notAValidTokenButSecret1234567890';
    const error = await collect(githubConfig({ url: fake.url, token: secret })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('Bad credentials');
    expect(JSON.stringify(error) + String((error as Error).stack)).not.toContain(secret);
  });

  it('the token never appears in logs, errors or observations, even with faults', async () => {
    const started = await startGithub();
    fake = started.fake;
    const t = token(started.estate, 'demo-owner');
    fake.faults.inject({ route: 'GET /orgs/{org}/hooks', kind: 'secondary_limit', times: 1 });
    fake.faults.inject({ route: 'GET /repos/{owner}/{repo}/keys', kind: 'server_error' });
    const out = await collect(githubConfig({ url: fake.url, token: t }));
    expect(out.logs.length).toBeGreaterThan(0);
    expect(out.logs).not.toContain(t);
    expect(JSON.stringify(out.observations)).not.toContain(t);
    expect(JSON.stringify(out.gaps)).not.toContain(t);
  });
});
