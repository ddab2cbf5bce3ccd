import { compareText } from '../../src/util/compare.js';
import { isUnknown, unknown, type Maybe } from '../../src/model/unknown.js';
import { notAvailable, type NotAvailable } from '../../src/model/not-available.js';
import type { Observation } from '../../src/model/observation.js';
import { login, str, type Json, type Outcome } from './call.js';
import type { BranchRulesRaw } from './branch-rules-types.js';
import type { ActionsRaw } from './actions-permissions.js';
import type { MemberLists } from './members.js';
import type {
  AlertSummaryValue,
  CollaboratorValue,
  DeployKeyValue,
  EffectiveBranchRulesValue,
  GithubDirectPushAttributes,
  GithubOrgAttributes,
  GithubPullRequestAttributes,
  GithubRepoAttributes,
  WebhookValue,
} from './observations.js';

/**
 * Pure normalisers from GitHub payloads to observation attributes. No I/O, no clock: the same
 * payloads always give byte-identical attributes (lists sorted, volatile fields dropped).
 */

const OWNER_ONLY = 'requires organisation owner';
const REPO_ADMIN = 'requires repository admin';

export function fromOutcome<T, U>(o: Outcome<T>, map: (v: T) => U): Maybe<U> {
  return o.ok ? map(o.value) : unknown(o.reason);
}


/** Scheme, host and path only: query strings and userinfo can carry credentials. */
function safeUrl(raw: string | null): string | null {
  if (raw === null) return null;
  try {
    const u = new URL(raw);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return null;
  }
}

export function normalizeWebhook(h: Json): WebhookValue {
  const config = (h['config'] ?? {}) as Json;
  const url = str(config['url']);
  return {
    id: Number(h['id']),
    active: h['active'] === true,
    url: safeUrl(url),
    https: url !== null && url.toLowerCase().startsWith('https://'),
    insecureSsl: String(config['insecure_ssl'] ?? '0') === '1',
    hasSecret: typeof config['secret'] === 'string' && config['secret'] !== '',
    events: ((h['events'] as string[] | undefined) ?? []).slice().sort(compareText),
  };
}

export function normalizeHooks(o: Outcome<Json[]>): Maybe<WebhookValue[]> {
  return fromOutcome(o, (hooks) => hooks.map(normalizeWebhook).sort((a, b) => a.id - b.id));
}

/** An owner-only field: absent or null for other callers, which must never read as false. */
function ownerField<T>(settings: Json, key: string, check: (v: unknown) => v is T): Maybe<T> {
  const v = settings[key];
  return check(v) ? v : unknown(OWNER_ONLY);
}
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const isStr = (v: unknown): v is string => typeof v === 'string';

export interface OrgInputs {
  readonly login: string;
  readonly settings: Outcome<Json>;
  readonly members: MemberLists;
  readonly outside: { all: Outcome<string[]>; without2fa: Outcome<string[]> };
  readonly hooks: Outcome<Json[]>;
  readonly actions: ActionsRaw;
  readonly securityManagers: Outcome<string[]>;
}

function sortedLogins(o: Outcome<string[]>, deniedReason?: string): Maybe<string[]> {
  if (!o.ok && deniedReason !== undefined && (o.status === 403 || o.status === 404 || o.status === 422)) return unknown(`${deniedReason} (${o.reason})`);
  return fromOutcome(o, (l) => [...new Set(l)].sort(compareText));
}

/** Everything but `outsideCollaboratorAccess`, which needs the repositories (see outside-access.ts). */
export type OrgSettingsAttributes = Omit<GithubOrgAttributes, 'outsideCollaboratorAccess'>;

export function normalizeOrg(input: OrgInputs): OrgSettingsAttributes {
  const { members, actions } = input;
  const s: Json = input.settings.ok ? input.settings.value : {};
  const settingsFailed = input.settings.ok ? null : unknown(input.settings.reason);
  const field = <T>(key: string, check: (v: unknown) => v is T): Maybe<T> => settingsFailed ?? ownerField(s, key, check);
  const failedMembers = !members.admins.ok ? members.admins : !members.members.ok ? members.members : null;
  const memberList: GithubOrgAttributes['members'] =
    members.admins.ok && members.members.ok
      ? [...members.admins.value.map((l) => ({ login: l, role: 'admin' as const })), ...members.members.value.map((l) => ({ login: l, role: 'member' as const }))].sort((a, b) => compareText(a.login, b.login))
      : unknown(failedMembers?.reason ?? 'members could not be listed');
  const actionsPermissions: GithubOrgAttributes['actionsPermissions'] = fromOutcome(actions.permissions, (p) => ({
    enabledRepositories: String(p['enabled_repositories'] ?? ''),
    allowedActions: str(p['allowed_actions']),
    shaPinningRequired: isBool(p['sha_pinning_required']) ? p['sha_pinning_required'] : null,
    selectedActions:
      actions.selected === null
        ? null
        : fromOutcome(actions.selected, (sel) => ({
            githubOwnedAllowed: sel['github_owned_allowed'] === true,
            verifiedAllowed: sel['verified_allowed'] === true,
            patternsAllowed: ((sel['patterns_allowed'] as string[] | undefined) ?? []).slice().sort(compareText),
          })),
  }));
  const securityManagers: GithubOrgAttributes['securityManagers'] =
    !input.securityManagers.ok && input.securityManagers.status === 404
      ? notAvailable('security managers are not offered by this GitHub server')
      : fromOutcome(input.securityManagers, (l) => [...l].sort(compareText));
  return {
    login: input.login,
    id: Number(s['id'] ?? 0),
    twoFactorRequirementEnabled: field('two_factor_requirement_enabled', isBool),
    defaultRepositoryPermission: field('default_repository_permission', isStr),
    membersCanCreateRepositories: field('members_can_create_repositories', isBool),
    membersCanCreatePublicRepositories: field('members_can_create_public_repositories', isBool),
    membersCanCreatePrivateRepositories: field('members_can_create_private_repositories', isBool),
    membersCanCreateInternalRepositories:
      settingsFailed ?? (s['default_repository_permission'] === undefined ? unknown(OWNER_ONLY) : isBool(s['members_can_create_internal_repositories']) ? s['members_can_create_internal_repositories'] : null),
    webCommitSignoffRequired: field('web_commit_signoff_required', isBool),
    members: memberList,
    ownersCount: members.admins.ok ? new Set(members.admins.value).size : unknown(members.admins.reason),
    membersWithout2fa: sortedLogins(members.without2fa, OWNER_ONLY),
    membersWithInsecure2fa: sortedLogins(members.insecure2fa, OWNER_ONLY),
    outsideCollaborators: sortedLogins(input.outside.all, OWNER_ONLY),
    outsideCollaboratorsWithout2fa: sortedLogins(input.outside.without2fa, OWNER_ONLY),
    webhooks: !input.hooks.ok && input.hooks.status === 404 ? unknown(`${OWNER_ONLY} (${input.hooks.reason})`) : normalizeHooks(input.hooks),
    actionsPermissions,
    workflowPermissions: fromOutcome(actions.workflow, (w) => ({
      defaultWorkflowPermissions: w['default_workflow_permissions'] === 'write' ? ('write' as const) : ('read' as const),
      canApprovePullRequestReviews: w['can_approve_pull_request_reviews'] === true,
    })),
    securityManagers,
  };
}

/** Classic protection ∪ active rulesets → the effective view; Unknown if either source is unknown. */
export function mergeBranchRules(raw: BranchRulesRaw): Maybe<EffectiveBranchRulesValue> {
  if (isUnknown(raw.classic)) return raw.classic;
  if (isUnknown(raw.rules)) return raw.rules;
  const c = raw.classic;
  const active = new Set(raw.rulesets.filter((r) => r.enforcement === 'active').map((r) => r.id));
  const rules = raw.rules.filter((r) => active.has(r.rulesetId));
  const has = (type: string) => rules.some((r) => r.type === type);
  const pr = rules.filter((r) => r.type === 'pull_request');
  const checks = rules.filter((r) => r.type === 'required_status_checks');
  const activeSets = raw.rulesets.filter((r) => active.has(r.id));
  const bypassUnknown = activeSets.some((r) => r.bypassActors === null);
  return {
    branch: raw.branch,
    protected: c !== null || rules.length > 0,
    classicProtection: c !== null,
    rulesets: raw.rulesets.map((r) => ({ id: r.id, name: r.name, sourceType: r.sourceType, enforcement: r.enforcement })).sort((a, b) => a.id - b.id),
    pullRequestRequired: (c !== null && c.approvals !== null) || pr.length > 0,
    requiredApprovingReviewCount: Math.max(c?.approvals ?? 0, ...pr.map((r) => r.approvals ?? 0)),
    dismissStaleReviews: c?.dismissStale === true || pr.some((r) => r.dismissStale === true),
    requireCodeOwnerReview: c?.codeOwner === true || pr.some((r) => r.codeOwner === true),
    requireLastPushApproval: c?.lastPush === true || pr.some((r) => r.lastPush === true),
    requiredStatusChecks: [...new Set([...(c?.statusChecks ?? []), ...checks.flatMap((r) => r.statusChecks ?? [])])].sort(compareText),
    strictStatusChecks: c?.strict === true || checks.some((r) => r.strict === true),
    enforceAdmins: c === null ? null : c.enforceAdmins,
    bypassActors: bypassUnknown
      ? unknown(`ruleset bypass actors ${REPO_ADMIN}`)
      : activeSets
          .flatMap((r) => (r.bypassActors ?? []).map((b) => ({ rulesetId: r.id, ...b })))
          .sort((a, b) => a.rulesetId - b.rulesetId || compareText(a.actorType, b.actorType) || (a.actorId ?? 0) - (b.actorId ?? 0)),
    forcePushesBlocked: (c !== null && !c.allowForcePushes) || has('non_fast_forward'),
    deletionsBlocked: (c !== null && !c.allowDeletions) || has('deletion'),
    signedCommitsRequired: c?.signatures === true || has('required_signatures'),
    linearHistoryRequired: c?.linearHistory === true || has('required_linear_history'),
  };
}

export function viewerPermission(repo: Json): string | null {
  const p = repo['permissions'] as Record<string, boolean> | undefined;
  if (p === undefined) return null;
  for (const level of ['admin', 'maintain', 'push', 'triage', 'pull'] as const) if (p[level] === true) return level === 'push' ? 'write' : level === 'pull' ? 'read' : level;
  return null;
}

function featureStatus(repo: Json, key: string): Maybe<NotAvailable | 'enabled' | 'disabled'> {
  const sa = repo['security_and_analysis'] as Json | null | undefined;
  if (sa === undefined || sa === null) return viewerPermission(repo) === 'admin' ? notAvailable('security_and_analysis is not reported for this repository') : unknown(`security settings ${REPO_ADMIN}`);
  const f = sa[key] as Json | undefined;
  if (f === undefined) return notAvailable(`${key} is not offered for this repository`);
  return f['status'] === 'enabled' ? 'enabled' : 'disabled';
}

/** A 403/404 that says the feature is off or not part of the plan → NotAvailable; other failures → Unknown. */
function alertSummary(o: Outcome<Json[]>, pick: (a: Json) => { severity: string; subject: string | null }): Maybe<NotAvailable | AlertSummaryValue> {
  if (!o.ok) {
    if ((o.status === 403 || o.status === 404) && /disabled|not enabled|Advanced Security|no analysis|not available/i.test(o.reason)) return notAvailable(o.reason);
    return unknown(o.reason);
  }
  const open = o.value
    .map((a) => ({ number: Number(a['number']), createdAt: String(a['created_at']), ...pick(a) }))
    .map((a) => ({ number: a.number, severity: a.severity, createdAt: a.createdAt, subject: a.subject }))
    .sort((a, b) => a.number - b.number);
  const openBySeverity: Record<string, number> = {};
  for (const a of open) openBySeverity[a.severity] = (openBySeverity[a.severity] ?? 0) + 1;
  return { open, openBySeverity };
}

export interface RepoInputs {
  readonly org: string;
  readonly repo: Json;
  readonly rules: Maybe<BranchRulesRaw | null>;
  readonly vulnerabilityAlerts: Outcome<number>;
  readonly alerts: { dependabot: Outcome<Json[]>; codeScanning: Outcome<Json[]>; secretScanning: Outcome<Json[]> };
  readonly deployKeys: Outcome<Json[]>;
  readonly hooks: Outcome<Json[]>;
  readonly codeowners: Outcome<Json[] | null>;
  readonly collaborators: Outcome<Json[]>;
}

/**
 * GET /vulnerability-alerts answers 204 (enabled) or 404 (disabled, or not visible without admin). Any other
 * answer — a 200 with a body, say — is not one of them, so it is Unknown, never read as "disabled".
 */
function dependabotAlerts(va: Outcome<number>, isAdmin: boolean): Maybe<boolean> {
  if (!va.ok) return unknown(va.reason);
  if (va.value === 204) return true;
  if (va.value !== 404) return unknown(`GET /repos/{owner}/{repo}/vulnerability-alerts answered HTTP ${va.value}, neither 204 nor 404`);
  return isAdmin ? false : unknown(`${REPO_ADMIN} (404 is ambiguous without it)`);
}

const adminOnly = <T>(o: Outcome<T>, isAdmin: boolean, map: (v: T) => unknown) =>
  !o.ok && o.status === 404 && !isAdmin ? unknown(`${REPO_ADMIN} (${o.reason})`) : fromOutcome(o, map);

export function normalizeRepo(input: RepoInputs): GithubRepoAttributes {
  const r = input.repo;
  const name = String(r['name']);
  const permission = viewerPermission(r);
  const isAdmin = permission === 'admin';
  const rules = input.rules;
  const va = input.vulnerabilityAlerts;
  return {
    org: input.org,
    name,
    fullName: `${input.org}/${name}`,
    visibility: str(r['visibility']) ?? (r['private'] === true ? 'private' : 'public'),
    archived: r['archived'] === true,
    tags: customProperties(r['custom_properties']),
    topics: Array.isArray(r['topics']) ? r['topics'].filter((t): t is string => typeof t === 'string') : [],
    defaultBranch: str(r['default_branch']) ?? unknown('no default branch reported'),
    viewerPermission: permission ?? unknown('permissions not reported'),
    defaultBranchRules: isUnknown(rules) ? rules : rules === null ? unknown('the repository has no default branch (empty repository)') : mergeBranchRules(rules),
    secretScanning: featureStatus(r, 'secret_scanning'),
    secretScanningPushProtection: featureStatus(r, 'secret_scanning_push_protection'),
    dependabotSecurityUpdates: featureStatus(r, 'dependabot_security_updates'),
    dependabotAlertsEnabled: dependabotAlerts(va, isAdmin),
    dependabotAlerts: alertSummary(input.alerts.dependabot, (a) => ({
      severity: String(((a['security_advisory'] ?? {}) as Json)['severity'] ?? 'unknown'),
      subject: str((((a['dependency'] ?? {}) as Json)['package'] as Json | undefined)?.['name']),
    })),
    codeScanningAlerts: alertSummary(input.alerts.codeScanning, (a) => {
      const rule = (a['rule'] ?? {}) as Json;
      return { severity: String(rule['security_severity_level'] ?? rule['severity'] ?? 'unknown'), subject: str(rule['id']) };
    }),
    secretScanningAlerts: alertSummary(input.alerts.secretScanning, (a) => ({ severity: 'unknown', subject: str(a['secret_type']) })),
    deployKeys: adminOnly(input.deployKeys, isAdmin, (keys) =>
      keys
        .map(
          (k): DeployKeyValue => ({
            id: Number(k['id']),
            title: String(k['title'] ?? ''),
            readOnly: k['read_only'] === true,
            createdAt: String(k['created_at']),
            verified: k['verified'] === true,
            addedBy: str(k['added_by']),
          }),
        )
        .sort((a, b) => a.id - b.id),
    ) as GithubRepoAttributes['deployKeys'],
    webhooks: adminOnly(input.hooks, isAdmin, (hooks) => hooks.map(normalizeWebhook).sort((a, b) => a.id - b.id)) as GithubRepoAttributes['webhooks'],
    codeownersPresent: fromOutcome(input.codeowners, (e) => e !== null),
    codeownersErrors: fromOutcome(input.codeowners, (e) => (e ?? []).map((x) => `${String(x['kind'])}: line ${String(x['line'])}`).sort(compareText)),
    directCollaborators: fromOutcome(input.collaborators, (list) =>
      list
        .map((c): CollaboratorValue => {
          const perms = (c['permissions'] ?? {}) as Json;
          const roleName = str(c['role_name']) ?? 'unknown';
          return { login: login(c) ?? '', roleName, admin: perms['admin'] === true || roleName === 'admin' };
        })
        .sort((a, b) => compareText(a.login, b.login)),
    ),
  };
}

/** A repository the token cannot read at all: everything but its name is Unknown (its checks → error). */
/**
 * `custom_properties` of a repository object: string values, a multi-select as a list; an unset property
 * (null) is left out. Absent (an organisation without custom properties, an older GitHub Enterprise
 * Server) → no tags, which no tag rule matches.
 */
function customProperties(value: unknown): Record<string, string | string[]> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

export function unreadableRepo(org: string, name: string, reason: string): GithubRepoAttributes {
  const u = unknown(reason);
  return {
    org,
    name,
    fullName: `${org}/${name}`,
    visibility: u,
    archived: u,
    tags: u,
    topics: u,
    defaultBranch: u,
    viewerPermission: u,
    defaultBranchRules: u,
    secretScanning: u,
    secretScanningPushProtection: u,
    dependabotSecurityUpdates: u,
    dependabotAlertsEnabled: u,
    dependabotAlerts: u,
    codeScanningAlerts: u,
    secretScanningAlerts: u,
    deployKeys: u,
    webhooks: u,
    codeownersPresent: u,
    codeownersErrors: u,
    directCollaborators: u,
  };
}

export function normalizePullRequest(org: string, repo: string, pr: Json, reviews: Outcome<Json[]>, detail: Json): GithubPullRequestAttributes {
  const author = login(pr['user']);
  const mergedAt = String(pr['merged_at']);
  const approvals = fromOutcome(reviews, (list) =>
    list
      .filter((r) => r['state'] === 'APPROVED' && typeof r['submitted_at'] === 'string')
      .map((r) => ({ reviewer: login(r['user']), submittedAt: String(r['submitted_at']), commitId: str(r['commit_id']) }))
      .sort((a, b) => compareText(a.submittedAt, b.submittedAt) || compareText(a.reviewer ?? '', b.reviewer ?? '')),
  );
  return {
    org,
    repo,
    number: Number(pr['number']),
    title: String(pr['title'] ?? ''),
    url: String(pr['html_url'] ?? ''),
    author,
    mergedBy: login(detail['merged_by']),
    mergedAt,
    baseBranch: String(((pr['base'] ?? {}) as Json)['ref'] ?? ''),
    headSha: String(((pr['head'] ?? {}) as Json)['sha'] ?? ''),
    mergeCommitSha: str(pr['merge_commit_sha']),
    approvals,
    approvedByOtherThanAuthorBeforeMerge: isUnknown(approvals)
      ? approvals
      : approvals.some((a) => a.reviewer !== null && a.reviewer !== author && Date.parse(a.submittedAt) <= Date.parse(mergedAt)),
  };
}

export function normalizeDirectPush(org: string, repo: string, branch: string, c: Json): GithubDirectPushAttributes {
  const commit = (c['commit'] ?? {}) as Json;
  return {
    org,
    repo,
    branch,
    sha: String(c['sha']),
    author: login(c['author']),
    committer: login(c['committer']),
    committedAt: String(((commit['committer'] ?? {}) as Json)['date'] ?? ''),
    message: String(commit['message'] ?? '').split('\n')[0] ?? '',
  };
}

export function observation<A>(type: string, id: string, scope: string, attributes: A, source: string[]): Observation<A> {
  return { type, id, scope, attributes, source: [...new Set(source)].sort(compareText) };
}
