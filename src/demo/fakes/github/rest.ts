import type { EstateGithub, EstateGithubOrg, EstateGithubRepo, EstateGithubRuleset } from '../../estate/github-schema.js';
import type { Access } from './access.js';
import * as P from './payloads.js';

/**
 * The REST endpoints the GitHub collector uses, answering from the estate with GitHub's status codes
 * and messages — including the ambiguous ones the collector must handle (404 for "not protected" and
 * for "not allowed to see", owner-only fields silently absent).
 */

export interface RestReply {
  readonly status: number;
  readonly body?: unknown;
  /** A list to paginate (per_page / page → Link header) instead of `body`. */
  readonly list?: readonly unknown[];
  /** Paginate `list` with cursors (`after`), as GitHub's cursor-only endpoints do, instead of `page`. */
  readonly cursor?: true;
}

export interface RouteContext {
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
  readonly access: Access;
  readonly org: EstateGithubOrg;
  readonly at: (spec: string) => string;
  readonly nowMs: number;
}

interface RepoContext extends RouteContext {
  readonly repo: EstateGithubRepo;
}

interface Route {
  readonly method: string;
  readonly template: string;
  readonly pattern: RegExp;
  readonly names: string[];
  readonly handler: (ctx: RouteContext) => RestReply;
}

const DOCS = 'https://docs.github.com/rest';

export function githubError(status: number, message: string): RestReply {
  return { status, body: { message, documentation_url: DOCS, status: String(status) } };
}

const NOT_FOUND = githubError(404, 'Not Found');

function route(method: string, template: string, handler: (ctx: RouteContext) => RestReply): Route {
  const names: string[] = [];
  const source = template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { method, template, pattern: new RegExp(`^${source}$`), names, handler };
}

/** Handler for /repos/{owner}/{repo}/… : resolves the repository as the token may see it. */
function repoRoute(method: string, template: string, handler: (ctx: RepoContext) => RestReply): Route {
  return route(method, template, (ctx) => {
    const repo = ctx.org.repositories.find((r) => r.name === ctx.params['repo']);
    if (repo === undefined || !ctx.access.canSeeRepo(repo)) return NOT_FOUND;
    return handler({ ...ctx, repo });
  });
}

function ownerOnly(ctx: RouteContext, reply: () => RestReply, denied = githubError(403, 'Must have admin rights to Repository.')): RestReply {
  return ctx.access.isOwner ? reply() : denied;
}

function adminOnly(ctx: RepoContext, reply: () => RestReply, denied: RestReply = NOT_FOUND): RestReply {
  return ctx.access.isRepoAdmin(ctx.org, ctx.repo) ? reply() : denied;
}

function full(ctx: RepoContext): string {
  return `${ctx.org.login}/${ctx.repo.name}`;
}

function protectionPayload(ctx: RepoContext): Record<string, unknown> {
  const p = ctx.repo.protection!;
  const u = `https://api.github.com/repos/${full(ctx)}/branches/${ctx.repo.default_branch}/protection`;
  const out: Record<string, unknown> = {
    url: u,
    required_signatures: { url: `${u}/required_signatures`, enabled: p.required_signatures },
    enforce_admins: { url: `${u}/enforce_admins`, enabled: p.enforce_admins },
    required_linear_history: { enabled: p.required_linear_history },
    allow_force_pushes: { enabled: p.allow_force_pushes },
    allow_deletions: { enabled: p.allow_deletions },
    block_creations: { enabled: false },
    required_conversation_resolution: { enabled: false },
    lock_branch: { enabled: false },
    allow_fork_syncing: { enabled: false },
  };
  if (p.required_status_checks !== null) {
    out['required_status_checks'] = {
      url: `${u}/required_status_checks`,
      strict: p.strict,
      contexts: p.required_status_checks,
      contexts_url: `${u}/required_status_checks/contexts`,
      checks: p.required_status_checks.map((context) => ({ context, app_id: null })),
    };
  }
  if (p.required_approving_review_count !== null) {
    out['required_pull_request_reviews'] = {
      url: `${u}/required_pull_request_reviews`,
      dismiss_stale_reviews: p.dismiss_stale_reviews,
      require_code_owner_reviews: p.require_code_owner_reviews,
      required_approving_review_count: p.required_approving_review_count,
      require_last_push_approval: p.require_last_push_approval,
    };
  }
  return out;
}

function activeRulesets(repo: EstateGithubRepo): EstateGithubRuleset[] {
  return repo.rulesets.filter((r) => r.enforcement !== 'disabled');
}

function rulesetPayload(ctx: RepoContext, rs: EstateGithubRuleset): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: rs.id,
    name: rs.name,
    target: 'branch',
    source_type: rs.source_type,
    source: rs.source_type === 'Repository' ? full(ctx) : ctx.org.login,
    enforcement: rs.enforcement,
    conditions: { ref_name: { include: ['~DEFAULT_BRANCH'], exclude: [] } },
    rules: rs.rules.map((r) => ({ type: r.type, ...(r.parameters !== undefined ? { parameters: r.parameters } : {}) })),
    node_id: P.nodeId('RepositoryRuleset', rs.id),
    _links: { self: { href: `https://api.github.com/repos/${full(ctx)}/rulesets/${rs.id}` } },
    created_at: ctx.at('2024-01-01T00:00:00Z'),
    updated_at: ctx.at('2024-01-01T00:00:00Z'),
  };
  // GitHub returns bypass actors only to callers who can edit the ruleset.
  if (ctx.access.isRepoAdmin(ctx.org, ctx.repo)) {
    out['bypass_actors'] = rs.bypass_actors;
    out['current_user_can_bypass'] = 'never';
  }
  return out;
}

function branchCommits(ctx: RepoContext): BranchCommit[] {
  return defaultBranchCommits(ctx.org, ctx.repo, ctx.at);
}

export interface BranchCommit {
  readonly sha: string;
  readonly author: string | null;
  readonly message: string;
  readonly date: string;
  readonly pull: number | undefined;
}

/** The default branch's commits, newest first: each merged pull request's merge commit and the estate's other commits (REST and GraphQL share it). */
export function defaultBranchCommits(org: EstateGithubOrg, repo: EstateGithubRepo, at: (spec: string) => string): BranchCommit[] {
  const f = `${org.login}/${repo.name}`;
  const merges = repo.pull_requests
    .filter((pr) => pr.merged_at !== undefined)
    .map((pr) => ({ sha: P.mergeSha(f, pr.number), author: pr.merged_by ?? pr.author, message: `Merge pull request #${pr.number}: ${pr.title}`, date: at(pr.merged_at!), pull: pr.number as number | undefined }));
  const direct = repo.commits.map((c) => ({ sha: c.sha, author: c.author, message: c.message, date: at(c.date), pull: c.pull }));
  return [...merges, ...direct].sort((a, b) => Date.parse(b.date) - Date.parse(a.date));
}

function alertList(ctx: RepoContext, list: EstateGithubRepo['dependabot_alert_list'], toPayload: (a: EstateGithubRepo['dependabot_alert_list'][number]) => unknown): RestReply {
  const state = ctx.query.get('state');
  const severities = ctx.query.get('severity')?.split(',');
  return {
    status: 200,
    list: list
      .filter((a) => (state === null || a.state === state) && (severities === undefined || severities.includes(a.severity)))
      .sort((a, b) => b.number - a.number)
      .map(toPayload),
  };
}

/**
 * An organisation-wide alert list: owners only (security managers too on GitHub), the open alerts of every
 * repository the token sees where the feature is on — a repository with the feature off is simply absent.
 */
function orgAlertList(
  ctx: RouteContext,
  on: (r: EstateGithubRepo) => boolean,
  list: (r: EstateGithubRepo) => EstateGithubRepo['dependabot_alert_list'],
  toPayload: (r: EstateGithubRepo, a: EstateGithubRepo['dependabot_alert_list'][number]) => Record<string, unknown>,
  denied: RestReply,
): RestReply {
  if (!ctx.access.isOwner) return denied;
  const state = ctx.query.get('state');
  const alerts = ctx.org.repositories
    .filter((r) => ctx.access.canSeeRepo(r) && on(r))
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((r) =>
      list(r)
        .filter((a) => state === null || a.state === state)
        .sort((a, b) => b.number - a.number)
        .map((a) => ({ ...toPayload(r, a), repository: P.simpleRepository(ctx.org, r) })),
    );
  return { status: 200, list: alerts };
}

export const ROUTES: readonly Route[] = [
  route('GET', '/orgs/{org}', (ctx) => ({ status: 200, body: P.orgFull(ctx.org, ctx.access.isOwner, ctx.at) })),
  route('GET', '/orgs/{org}/members', (ctx) => {
    const filter = ctx.query.get('filter') ?? 'all';
    const role = ctx.query.get('role') ?? 'all';
    if (filter !== 'all' && !ctx.access.isOwner) return githubError(422, 'Only owners can use this filter.');
    const members = ctx.org.members
      .filter((m) => role === 'all' || m.role === role)
      .filter((m) => filter === 'all' || (filter === '2fa_disabled' ? !m.two_factor : m.insecure_2fa))
      .sort((a, b) => a.id - b.id);
    return { status: 200, list: members.map((m) => P.simpleUser(m.login, m.id)) };
  }),
  route('GET', '/orgs/{org}/outside_collaborators', (ctx) =>
    ownerOnly(ctx, () => {
      const filter = ctx.query.get('filter') ?? 'all';
      const list = ctx.org.outside_collaborators.filter((c) => filter === 'all' || !c.two_factor).sort((a, b) => a.id - b.id);
      return { status: 200, list: list.map((c) => P.simpleUser(c.login, c.id)) };
    }, githubError(403, 'You must be an owner of this organization to list outside collaborators.')),
  ),
  route('GET', '/orgs/{org}/hooks', (ctx) =>
    ownerOnly(ctx, () => ({ status: 200, list: ctx.org.hooks.map((h) => P.hook(h, `/orgs/${ctx.org.login}`, ctx.at, false)) }), NOT_FOUND),
  ),
  route('GET', '/orgs/{org}/actions/permissions', (ctx) =>
    ownerOnly(ctx, () => {
      const a = ctx.org.actions;
      const body: Record<string, unknown> = { enabled_repositories: a.enabled_repositories, allowed_actions: a.allowed_actions, sha_pinning_required: a.sha_pinning_required };
      body['selected_actions_url'] = `https://api.github.com/orgs/${ctx.org.login}/actions/permissions/selected-actions`;
      return { status: 200, body };
    }),
  ),
  route('GET', '/orgs/{org}/actions/permissions/selected-actions', (ctx) =>
    ownerOnly(ctx, () => {
      const a = ctx.org.actions;
      return { status: 200, body: { github_owned_allowed: a.github_owned_allowed, verified_allowed: a.verified_allowed, patterns_allowed: a.patterns_allowed } };
    }),
  ),
  route('GET', '/orgs/{org}/actions/permissions/workflow', (ctx) =>
    ownerOnly(ctx, () => ({
      status: 200,
      body: { default_workflow_permissions: ctx.org.actions.default_workflow_permissions, can_approve_pull_request_reviews: ctx.org.actions.can_approve_pull_request_reviews },
    })),
  ),
  route('GET', '/orgs/{org}/security-managers', (ctx) =>
    ownerOnly(ctx, () => ({ status: 200, list: ctx.org.security_managers.map((slug) => P.team(ctx.org, slug)) })),
  ),
  route('GET', '/orgs/{org}/dependabot/alerts', (ctx) => {
    const reply = orgAlertList(ctx, (r) => r.dependabot_alerts, (r) => r.dependabot_alert_list, (r, a) => P.dependabotAlert(`${ctx.org.login}/${r.name}`, a, ctx.at), githubError(403, 'Resource not accessible by personal access token'));
    // Dependabot's organisation list pages with cursors only (before / after), never `page`.
    return reply.list === undefined ? reply : { ...reply, cursor: true };
  }),
  route('GET', '/orgs/{org}/code-scanning/alerts', (ctx) =>
    orgAlertList(ctx, (r) => r.code_scanning, (r) => r.code_scanning_alert_list, (r, a) => P.codeScanningAlert(`${ctx.org.login}/${r.name}`, a, r.default_branch, ctx.at), NOT_FOUND),
  ),
  route('GET', '/orgs/{org}/secret-scanning/alerts', (ctx) =>
    orgAlertList(ctx, (r) => r.secret_scanning === 'enabled', (r) => r.secret_scanning_alert_list, (r, a) => P.secretScanningAlert(`${ctx.org.login}/${r.name}`, a, ctx.at), NOT_FOUND),
  ),
  route('GET', '/orgs/{org}/repos', (ctx) => {
    const visible = ctx.org.repositories.filter((r) => ctx.access.canSeeRepo(r)).sort((a, b) => a.name.localeCompare(b.name));
    return { status: 200, list: visible.map((r) => P.repository(ctx.org, r, ctx.access.permission(ctx.org, r), ctx.at)) };
  }),
  repoRoute('GET', '/repos/{owner}/{repo}', (ctx) => ({ status: 200, body: P.repository(ctx.org, ctx.repo, ctx.access.permission(ctx.org, ctx.repo), ctx.at, true) })),
  repoRoute('GET', '/repos/{owner}/{repo}/branches/{branch}/protection', (ctx) =>
    adminOnly(ctx, () =>
      ctx.params['branch'] === ctx.repo.default_branch && ctx.repo.protection !== undefined
        ? { status: 200, body: protectionPayload(ctx) }
        : githubError(404, 'Branch not protected'),
    ),
  ),
  repoRoute('GET', '/repos/{owner}/{repo}/rules/branches/{branch}', (ctx) => {
    if (ctx.params['branch'] !== ctx.repo.default_branch) return { status: 200, list: [] };
    const rules = activeRulesets(ctx.repo).flatMap((rs) =>
      rs.rules.map((r) => ({
        type: r.type,
        ...(r.parameters !== undefined ? { parameters: r.parameters } : {}),
        ruleset_source_type: rs.source_type,
        ruleset_source: rs.source_type === 'Repository' ? full(ctx) : ctx.org.login,
        ruleset_id: rs.id,
      })),
    );
    return { status: 200, list: rules };
  }),
  repoRoute('GET', '/repos/{owner}/{repo}/rulesets/{ruleset_id}', (ctx) => {
    const rs = ctx.repo.rulesets.find((r) => String(r.id) === ctx.params['ruleset_id']);
    return rs === undefined ? NOT_FOUND : { status: 200, body: rulesetPayload(ctx, rs) };
  }),
  repoRoute('GET', '/repos/{owner}/{repo}/vulnerability-alerts', (ctx) =>
    adminOnly(ctx, () => (ctx.repo.dependabot_alerts ? { status: 204 } : NOT_FOUND)),
  ),
  repoRoute('GET', '/repos/{owner}/{repo}/dependabot/alerts', (ctx) => {
    if (!ctx.access.isRepoAdmin(ctx.org, ctx.repo)) return githubError(403, 'Resource not accessible by personal access token');
    if (!ctx.repo.dependabot_alerts) return githubError(403, 'Dependabot alerts are disabled for this repository.');
    return alertList(ctx, ctx.repo.dependabot_alert_list, (a) => P.dependabotAlert(full(ctx), a, ctx.at));
  }),
  repoRoute('GET', '/repos/{owner}/{repo}/code-scanning/alerts', (ctx) => {
    if (!ctx.repo.code_scanning) return githubError(403, 'Advanced Security must be enabled for this repository to use code scanning.');
    if (!ctx.access.isRepoAdmin(ctx.org, ctx.repo)) return githubError(403, 'Resource not accessible by personal access token');
    if (!ctx.repo.code_scanning_analysed) return githubError(404, 'no analysis found');
    return alertList(ctx, ctx.repo.code_scanning_alert_list, (a) => P.codeScanningAlert(full(ctx), a, ctx.repo.default_branch, ctx.at));
  }),
  repoRoute('GET', '/repos/{owner}/{repo}/secret-scanning/alerts', (ctx) => {
    if (ctx.repo.secret_scanning !== 'enabled') return githubError(404, 'Secret scanning is disabled on this repository.');
    if (!ctx.access.isRepoAdmin(ctx.org, ctx.repo)) return githubError(403, 'Resource not accessible by personal access token');
    return alertList(ctx, ctx.repo.secret_scanning_alert_list, (a) => P.secretScanningAlert(full(ctx), a, ctx.at));
  }),
  repoRoute('GET', '/repos/{owner}/{repo}/keys', (ctx) =>
    adminOnly(ctx, () => ({
      status: 200,
      list: ctx.repo.deploy_keys.map((k) => ({
        id: k.id,
        key: `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${P.fakeSha(String(k.id)).slice(0, 20)}`,
        url: `https://api.github.com/repos/${full(ctx)}/keys/${k.id}`,
        title: k.title,
        verified: true,
        created_at: ctx.at(k.created),
        read_only: k.read_only,
        added_by: null,
        last_used: ctx.at('-1d'),
        enabled: true,
      })),
    })),
  ),
  repoRoute('GET', '/repos/{owner}/{repo}/hooks', (ctx) =>
    adminOnly(ctx, () => ({ status: 200, list: ctx.repo.hooks.map((h) => P.hook(h, `/repos/${full(ctx)}`, ctx.at, true)) })),
  ),
  repoRoute('GET', '/repos/{owner}/{repo}/codeowners/errors', (ctx) =>
    ctx.repo.codeowners === undefined
      ? NOT_FOUND
      : {
          status: 200,
          body: {
            errors: ctx.repo.codeowners.errors.map((message, i) => ({ line: i + 1, column: 1, kind: 'Invalid owner', message, path: '.github/CODEOWNERS', source: message, suggestion: null })),
          },
        },
  ),
  repoRoute('GET', '/repos/{owner}/{repo}/collaborators', (ctx) => {
    const perm = ctx.access.permission(ctx.org, ctx.repo);
    if (perm === 'read' || perm === 'triage') return githubError(403, 'Must have push access to view repository collaborators.');
    const affiliation = ctx.query.get('affiliation') ?? 'all';
    const outside = new Set(ctx.org.outside_collaborators.map((c) => c.login));
    const list = ctx.repo.collaborators
      .filter((c) => affiliation !== 'outside' || outside.has(c.login))
      .sort((a, b) => a.id - b.id)
      .map((c) => {
        const rank = ['read', 'triage', 'write', 'maintain', 'admin'].indexOf(c.role);
        return { ...P.simpleUser(c.login, c.id), role_name: c.role, permissions: { pull: true, triage: rank >= 1, push: rank >= 2, maintain: rank >= 3, admin: rank >= 4 } };
      });
    return { status: 200, list };
  }),
  repoRoute('GET', '/repos/{owner}/{repo}/pulls', (ctx) => {
    const state = ctx.query.get('state') ?? 'open';
    const base = ctx.query.get('base');
    const prs = ctx.repo.pull_requests
      .filter((pr) => state === 'all' || (state === 'open') === pr.open)
      .filter(() => base === null || base === ctx.repo.default_branch)
      .map((pr) => P.pullRequestSimple(ctx.org, ctx.repo, pr, ctx.at))
      // sort=updated&direction=desc is what the collector asks; other orders are not simulated.
      .sort((a, b) => Date.parse(String(b['updated_at'])) - Date.parse(String(a['updated_at'])));
    return { status: 200, list: prs };
  }),
  repoRoute('GET', '/repos/{owner}/{repo}/pulls/{pull_number}', (ctx) => {
    const pr = ctx.repo.pull_requests.find((p) => String(p.number) === ctx.params['pull_number']);
    return pr === undefined ? NOT_FOUND : { status: 200, body: P.pullRequestFull(ctx.org, ctx.repo, pr, ctx.at) };
  }),
  repoRoute('GET', '/repos/{owner}/{repo}/pulls/{pull_number}/reviews', (ctx) => {
    const pr = ctx.repo.pull_requests.find((p) => String(p.number) === ctx.params['pull_number']);
    if (pr === undefined) return NOT_FOUND;
    return { status: 200, list: pr.reviews.map((r, i) => P.review(full(ctx), pr.number, i, r, ctx.at)) };
  }),
  repoRoute('GET', '/repos/{owner}/{repo}/commits', (ctx) => {
    const sha = ctx.query.get('sha');
    if (sha !== null && sha !== ctx.repo.default_branch) return { status: 200, list: [] };
    const since = ctx.query.get('since');
    const until = ctx.query.get('until');
    const list = branchCommits(ctx)
      .filter((c) => (since === null || Date.parse(c.date) >= Date.parse(since)) && (until === null || Date.parse(c.date) <= Date.parse(until)))
      .map((c) => P.commit(full(ctx), c.sha, c.author, c.message, c.date));
    return { status: 200, list };
  }),
  repoRoute('GET', '/repos/{owner}/{repo}/commits/{commit_sha}/pulls', (ctx) => {
    const c = branchCommits(ctx).find((x) => x.sha === ctx.params['commit_sha']);
    if (c === undefined) return githubError(422, `No commit found for SHA: ${ctx.params['commit_sha']}`);
    const pr = c.pull === undefined ? undefined : ctx.repo.pull_requests.find((p) => p.number === c.pull);
    return { status: 200, list: pr === undefined ? [] : [P.pullRequestSimple(ctx.org, ctx.repo, pr, ctx.at)] };
  }),
];

export interface MatchedRoute {
  readonly route: Route;
  readonly params: Record<string, string>;
}

export function matchRoute(method: string, path: string): MatchedRoute | undefined {
  for (const r of ROUTES) {
    if (r.method !== method) continue;
    const m = r.pattern.exec(path);
    if (m === null) continue;
    const params: Record<string, string> = {};
    r.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1]!)));
    return { route: r, params };
  }
  return undefined;
}

/** The organisation a request is about (`{org}` or `{owner}`), if the estate has it. */
export function findOrg(estate: EstateGithub, params: Record<string, string>): EstateGithubOrg | undefined {
  const login = params['org'] ?? params['owner'];
  return estate.organizations.find((o) => o.login.toLowerCase() === login?.toLowerCase());
}
