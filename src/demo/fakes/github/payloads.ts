import { createHash } from 'node:crypto';
import type { EstateGithubAlert, EstateGithubHook, EstateGithubOrg, EstateGithubPullRequest, EstateGithubRepo } from '../../estate/github-schema.js';

/**
 * Builders of GitHub REST payloads in GitHub's real shapes (every field the OpenAPI description marks
 * required), so the collector parses exactly what api.github.com sends. The test suite validates each
 * builder's output against @octokit/openapi; when GitHub's schema changes, those tests fail here.
 */

const API = 'https://api.github.com';
const WEB = 'https://github.com';

export function nodeId(kind: string, id: number | string): string {
  return Buffer.from(`${kind}:${id}`).toString('base64url');
}

/** A deterministic fake 40-hex sha from any seed. */
export function fakeSha(seed: string): string {
  return createHash('sha1').update(seed).digest('hex');
}

/** Stable numeric id for a login (estate members declare theirs; reviewers may not). */
export function loginId(login: string): number {
  return Number.parseInt(createHash('sha1').update(login).digest('hex').slice(0, 7), 16);
}

export function simpleUser(login: string, id = loginId(login)): Record<string, unknown> {
  const url = `${API}/users/${login}`;
  return {
    login,
    id,
    node_id: nodeId('User', id),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url,
    html_url: `${WEB}/${login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: login.endsWith('[bot]') ? 'Bot' : 'User',
    site_admin: false,
    user_view_type: 'public',
  };
}

function orgOwner(org: EstateGithubOrg): Record<string, unknown> {
  return { ...simpleUser(org.login, org.id), type: 'Organization', html_url: `${WEB}/${org.login}` };
}

export function orgFull(org: EstateGithubOrg, ownerView: boolean, at: (spec: string) => string): Record<string, unknown> {
  const url = `${API}/orgs/${org.login}`;
  const base: Record<string, unknown> = {
    login: org.login,
    id: org.id,
    node_id: nodeId('Organization', org.id),
    url,
    repos_url: `${url}/repos`,
    events_url: `${url}/events`,
    hooks_url: `${url}/hooks`,
    issues_url: `${url}/issues`,
    members_url: `${url}/members{/member}`,
    public_members_url: `${url}/public_members{/member}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${org.id}?v=4`,
    description: null,
    html_url: `${WEB}/${org.login}`,
    has_organization_projects: true,
    has_repository_projects: true,
    public_repos: org.repositories.filter((r) => r.visibility === 'public').length,
    public_gists: 0,
    followers: 0,
    following: 0,
    type: 'Organization',
    created_at: at('2020-01-01T00:00:00Z'),
    updated_at: at('2024-01-01T00:00:00Z'),
    archived_at: null,
  };
  if (!ownerView) return base;
  // Fields GitHub sends only to organisation owners.
  return {
    ...base,
    two_factor_requirement_enabled: org.two_factor_requirement_enabled,
    default_repository_permission: org.default_repository_permission,
    members_can_create_repositories: org.members_can_create_repositories,
    members_can_create_public_repositories: org.members_can_create_public_repositories,
    members_can_create_private_repositories: org.members_can_create_private_repositories,
    members_can_create_internal_repositories: false,
    web_commit_signoff_required: org.web_commit_signoff_required,
    billing_email: `billing@${org.login}.example`,
    plan: { name: 'enterprise', space: 976562499, private_repos: 999999, filled_seats: org.members.length, seats: 100 },
  };
}

export function repoUrls(full: string): Record<string, string> {
  const u = `${API}/repos/${full}`;
  return {
    url: u,
    html_url: `${WEB}/${full}`,
    archive_url: `${u}/{archive_format}{/ref}`,
    assignees_url: `${u}/assignees{/user}`,
    blobs_url: `${u}/git/blobs{/sha}`,
    branches_url: `${u}/branches{/branch}`,
    collaborators_url: `${u}/collaborators{/collaborator}`,
    comments_url: `${u}/comments{/number}`,
    commits_url: `${u}/commits{/sha}`,
    compare_url: `${u}/compare/{base}...{head}`,
    contents_url: `${u}/contents/{+path}`,
    contributors_url: `${u}/contributors`,
    deployments_url: `${u}/deployments`,
    downloads_url: `${u}/downloads`,
    events_url: `${u}/events`,
    forks_url: `${u}/forks`,
    git_commits_url: `${u}/git/commits{/sha}`,
    git_refs_url: `${u}/git/refs{/sha}`,
    git_tags_url: `${u}/git/tags{/sha}`,
    hooks_url: `${u}/hooks`,
    issue_comment_url: `${u}/issues/comments{/number}`,
    issue_events_url: `${u}/issues/events{/number}`,
    issues_url: `${u}/issues{/number}`,
    keys_url: `${u}/keys{/key_id}`,
    labels_url: `${u}/labels{/name}`,
    languages_url: `${u}/languages`,
    merges_url: `${u}/merges`,
    milestones_url: `${u}/milestones{/number}`,
    notifications_url: `${u}/notifications{?since,all,participating}`,
    pulls_url: `${u}/pulls{/number}`,
    releases_url: `${u}/releases{/id}`,
    stargazers_url: `${u}/stargazers`,
    statuses_url: `${u}/statuses/{sha}`,
    subscribers_url: `${u}/subscribers`,
    subscription_url: `${u}/subscription`,
    tags_url: `${u}/tags`,
    teams_url: `${u}/teams`,
    trees_url: `${u}/git/trees{/sha}`,
  };
}

/** A repository as GitHub's `simple-repository` (the `repository` of an organisation-wide alert). */
export function simpleRepository(org: EstateGithubOrg, repo: EstateGithubRepo): Record<string, unknown> {
  const full = `${org.login}/${repo.name}`;
  return {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: full,
    owner: orgOwner(org),
    private: repo.visibility !== 'public',
    description: null,
    fork: false,
    ...repoUrls(full),
  };
}

export type RepoPermission = 'admin' | 'maintain' | 'write' | 'triage' | 'read';

function permissionsObject(p: RepoPermission): Record<string, boolean> {
  const rank = { read: 0, triage: 1, write: 2, maintain: 3, admin: 4 }[p];
  return { admin: rank >= 4, maintain: rank >= 3, push: rank >= 2, triage: rank >= 1, pull: true };
}

function securityAndAnalysis(repo: EstateGithubRepo): Record<string, unknown> {
  const out: Record<string, unknown> = {
    dependabot_security_updates: { status: repo.dependabot_security_updates },
  };
  if (repo.secret_scanning !== 'unavailable') out['secret_scanning'] = { status: repo.secret_scanning };
  if (repo.push_protection !== 'unavailable') out['secret_scanning_push_protection'] = { status: repo.push_protection };
  // Code scanning is offered with Advanced Security: its status says whether a repository's alert list exists.
  out['advanced_security'] = { status: repo.code_scanning ? 'enabled' : 'disabled' };
  return out;
}

/** A repository as in GET /orgs/{org}/repos (minimal) or GET /repos/{o}/{r} (full: `full = true`). */
export function repository(org: EstateGithubOrg, repo: EstateGithubRepo, permission: RepoPermission, at: (spec: string) => string, full = false): Record<string, unknown> {
  const fullName = `${org.login}/${repo.name}`;
  const payload: Record<string, unknown> = {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: fullName,
    owner: orgOwner(org),
    private: repo.visibility !== 'public',
    visibility: repo.visibility,
    description: null,
    fork: false,
    ...repoUrls(fullName),
    git_url: `git://github.com/${fullName}.git`,
    ssh_url: `git@github.com:${fullName}.git`,
    clone_url: `${WEB}/${fullName}.git`,
    svn_url: `${WEB}/${fullName}`,
    mirror_url: null,
    homepage: null,
    language: null,
    forks_count: 0,
    forks: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 100,
    default_branch: repo.default_branch,
    open_issues_count: 0,
    open_issues: 0,
    is_template: false,
    topics: repo.topics,
    custom_properties: repo.custom_properties,
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: repo.archived,
    disabled: false,
    license: null,
    pushed_at: at(repo.created),
    created_at: at(repo.created),
    updated_at: at(repo.created),
    permissions: permissionsObject(permission),
    allow_forking: false,
    web_commit_signoff_required: false,
  };
  // GitHub includes security_and_analysis only for callers with admin permission.
  if (permission === 'admin') payload['security_and_analysis'] = securityAndAnalysis(repo);
  if (full) {
    payload['network_count'] = 0;
    payload['subscribers_count'] = 0;
    payload['organization'] = orgOwner(org);
  }
  return payload;
}

export function hook(h: EstateGithubHook, base: string, at: (spec: string) => string, repoHook: boolean): Record<string, unknown> {
  const config: Record<string, unknown> = { url: h.url, content_type: 'json', insecure_ssl: h.insecure_ssl ? '1' : '0' };
  if (h.secret) config['secret'] = '********';
  const url = `${API}${base}/hooks/${h.id}`;
  const payload: Record<string, unknown> = {
    id: h.id,
    url,
    type: repoHook ? 'Repository' : 'Organization',
    name: 'web',
    active: h.active,
    events: h.events,
    config,
    ping_url: `${url}/pings`,
    deliveries_url: `${url}/deliveries`,
    created_at: at(h.created),
    updated_at: at(h.created),
  };
  if (repoHook) {
    payload['test_url'] = `${url}/test`;
    payload['last_response'] = { code: null, status: 'unused', message: null };
  }
  return payload;
}

export function team(org: EstateGithubOrg, slug: string): Record<string, unknown> {
  const id = loginId(`team:${slug}`);
  const url = `${API}/organizations/${org.id}/team/${id}`;
  return {
    id,
    node_id: nodeId('Team', id),
    url,
    members_url: `${url}/members{/member}`,
    name: slug,
    slug,
    description: null,
    privacy: 'closed',
    notification_setting: 'notifications_enabled',
    permission: 'pull',
    html_url: `${WEB}/orgs/${org.login}/teams/${slug}`,
    repositories_url: `${url}/repos`,
    type: 'organization',
    organization_id: org.id,
  };
}

export function dependabotAlert(full: string, a: EstateGithubAlert, at: (spec: string) => string): Record<string, unknown> {
  const created = at(a.created);
  const ghsa = `GHSA-${fakeSha(`${full}#${a.number}`).slice(0, 4)}-xxxx-xxxx`;
  const pkg = { ecosystem: 'npm', name: a.subject };
  const vulnerability = { package: pkg, severity: a.severity, vulnerable_version_range: '< 4.17.21', first_patched_version: { identifier: '4.17.21' } };
  return {
    number: a.number,
    state: a.state,
    dependency: { package: pkg, manifest_path: 'package-lock.json', scope: 'runtime', relationship: 'direct' },
    security_advisory: {
      ghsa_id: ghsa,
      cve_id: null,
      summary: `Vulnerability in ${a.subject}`,
      description: `Simulated ${a.severity} advisory for ${a.subject}.`,
      vulnerabilities: [vulnerability],
      severity: a.severity,
      cvss: { score: 9.8, vector_string: null },
      cwes: [],
      identifiers: [{ type: 'GHSA', value: ghsa }],
      references: [{ url: `https://github.com/advisories/${ghsa}` }],
      published_at: created,
      updated_at: created,
      withdrawn_at: null,
    },
    security_vulnerability: vulnerability,
    url: `${API}/repos/${full}/dependabot/alerts/${a.number}`,
    html_url: `${WEB}/${full}/security/dependabot/${a.number}`,
    created_at: created,
    updated_at: created,
    dismissed_at: null,
    dismissed_by: null,
    dismissed_reason: null,
    dismissed_comment: null,
    fixed_at: null,
    auto_dismissed_at: null,
  };
}

export function codeScanningAlert(full: string, a: EstateGithubAlert, branch: string, at: (spec: string) => string): Record<string, unknown> {
  const created = at(a.created);
  const url = `${API}/repos/${full}/code-scanning/alerts/${a.number}`;
  return {
    number: a.number,
    created_at: created,
    updated_at: created,
    url,
    html_url: `${WEB}/${full}/security/code-scanning/${a.number}`,
    instances_url: `${url}/instances`,
    state: a.state === 'open' ? 'open' : a.state,
    fixed_at: null,
    dismissed_by: null,
    dismissed_at: null,
    dismissed_reason: null,
    dismissed_comment: null,
    rule: { id: a.subject, severity: 'error', security_severity_level: a.severity, description: a.subject, name: a.subject, tags: ['security'] },
    tool: { name: 'CodeQL', guid: null, version: '2.17.0' },
    most_recent_instance: {
      ref: `refs/heads/${branch}`,
      analysis_key: '.github/workflows/codeql.yml:analyze',
      category: '.github/workflows/codeql.yml:analyze',
      environment: '{}',
      state: 'open',
      commit_sha: fakeSha(`${full}:${a.number}`),
      message: { text: a.subject },
      location: { path: 'src/index.js', start_line: 1, end_line: 1, start_column: 1, end_column: 10 },
      classifications: [],
    },
  };
}

export function secretScanningAlert(full: string, a: EstateGithubAlert, at: (spec: string) => string): Record<string, unknown> {
  const created = at(a.created);
  const url = `${API}/repos/${full}/secret-scanning/alerts/${a.number}`;
  return {
    number: a.number,
    created_at: created,
    updated_at: created,
    url,
    html_url: `${WEB}/${full}/security/secret-scanning/${a.number}`,
    locations_url: `${url}/locations`,
    state: a.state === 'open' ? 'open' : 'resolved',
    resolution: null,
    resolved_at: null,
    resolved_by: null,
    secret_type: a.subject,
    secret_type_display_name: a.subject,
    validity: 'unknown',
    push_protection_bypassed: false,
  };
}

export function pullRequestSimple(
  org: EstateGithubOrg,
  repo: EstateGithubRepo,
  pr: EstateGithubPullRequest,
  at: (spec: string) => string,
): Record<string, unknown> {
  const full = `${org.login}/${repo.name}`;
  const u = `${API}/repos/${full}`;
  const merged = pr.merged_at !== undefined ? at(pr.merged_at) : null;
  const repoPayload = repository(org, repo, 'admin', at);
  delete repoPayload['security_and_analysis'];
  const side = (ref: string, sha: string) => ({ label: `${org.login}:${ref}`, ref, sha, user: orgOwner(org), repo: repoPayload });
  return {
    url: `${u}/pulls/${pr.number}`,
    id: repo.id * 10_000 + pr.number,
    node_id: nodeId('PullRequest', `${repo.id}-${pr.number}`),
    html_url: `${WEB}/${full}/pull/${pr.number}`,
    diff_url: `${WEB}/${full}/pull/${pr.number}.diff`,
    patch_url: `${WEB}/${full}/pull/${pr.number}.patch`,
    issue_url: `${u}/issues/${pr.number}`,
    commits_url: `${u}/pulls/${pr.number}/commits`,
    review_comments_url: `${u}/pulls/${pr.number}/comments`,
    review_comment_url: `${u}/pulls/comments{/number}`,
    comments_url: `${u}/issues/${pr.number}/comments`,
    statuses_url: `${u}/statuses/${headSha(full, pr.number)}`,
    number: pr.number,
    state: pr.open ? 'open' : 'closed',
    locked: false,
    title: pr.title,
    user: simpleUser(pr.author),
    body: null,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: at(pr.created),
    updated_at: merged ?? at(pr.created),
    closed_at: pr.open ? null : (merged ?? at(pr.created)),
    merged_at: merged,
    merge_commit_sha: merged !== null ? mergeSha(full, pr.number) : null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: side(`feature-${pr.number}`, headSha(full, pr.number)),
    base: side(repo.default_branch, fakeSha(`${full}:base:${pr.number}`)),
    _links: {
      self: { href: `${u}/pulls/${pr.number}` },
      html: { href: `${WEB}/${full}/pull/${pr.number}` },
      issue: { href: `${u}/issues/${pr.number}` },
      comments: { href: `${u}/issues/${pr.number}/comments` },
      review_comments: { href: `${u}/pulls/${pr.number}/comments` },
      review_comment: { href: `${u}/pulls/comments{/number}` },
      commits: { href: `${u}/pulls/${pr.number}/commits` },
      statuses: { href: `${u}/statuses/${headSha(full, pr.number)}` },
    },
    author_association: 'MEMBER',
    auto_merge: null,
    draft: false,
  };
}

/** GET /repos/{o}/{r}/pulls/{n}: the simple shape plus the fields only the single-PR endpoint has (merged_by…). */
export function pullRequestFull(org: EstateGithubOrg, repo: EstateGithubRepo, pr: EstateGithubPullRequest, at: (spec: string) => string): Record<string, unknown> {
  const merged = pr.merged_at !== undefined;
  return {
    ...pullRequestSimple(org, repo, pr, at),
    merged,
    mergeable: null,
    rebaseable: null,
    mergeable_state: 'unknown',
    merged_by: merged ? simpleUser(pr.merged_by ?? pr.author) : null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: 10,
    deletions: 2,
    changed_files: 1,
  };
}

export function headSha(full: string, number: number): string {
  return fakeSha(`${full}:head:${number}`);
}

export function mergeSha(full: string, number: number): string {
  return fakeSha(`${full}:merge:${number}`);
}

export function review(full: string, number: number, index: number, r: EstateGithubPullRequest['reviews'][number], at: (spec: string) => string): Record<string, unknown> {
  const id = loginId(`${full}#${number}/${index}`);
  const prUrl = `${API}/repos/${full}/pulls/${number}`;
  return {
    id,
    node_id: nodeId('PullRequestReview', id),
    user: simpleUser(r.user),
    body: '',
    state: r.state,
    html_url: `${WEB}/${full}/pull/${number}#pullrequestreview-${id}`,
    pull_request_url: prUrl,
    _links: { html: { href: `${WEB}/${full}/pull/${number}#pullrequestreview-${id}` }, pull_request: { href: prUrl } },
    submitted_at: at(r.submitted),
    commit_id: headSha(full, number),
    author_association: 'MEMBER',
  };
}

export function commit(full: string, sha: string, authorLogin: string | null, message: string, date: string): Record<string, unknown> {
  const u = `${API}/repos/${full}`;
  const person = { name: authorLogin ?? 'Unknown', email: `${authorLogin ?? 'unknown'}@users.noreply.github.com`, date };
  return {
    url: `${u}/commits/${sha}`,
    sha,
    node_id: nodeId('Commit', sha),
    html_url: `${WEB}/${full}/commit/${sha}`,
    comments_url: `${u}/commits/${sha}/comments`,
    commit: {
      url: `${u}/git/commits/${sha}`,
      author: person,
      committer: person,
      message,
      comment_count: 0,
      tree: { sha: fakeSha(`tree:${sha}`), url: `${u}/git/trees/${fakeSha(`tree:${sha}`)}` },
    },
    author: authorLogin === null ? null : simpleUser(authorLogin),
    committer: authorLogin === null ? null : simpleUser(authorLogin),
    parents: [{ sha: fakeSha(`parent:${sha}`), url: `${u}/commits/${fakeSha(`parent:${sha}`)}` }],
  };
}
