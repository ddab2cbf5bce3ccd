import pLimit from 'p-limit';
import type { GithubConfig, GithubOrganizationConfig } from '../../src/config/github-schema.js';
import { defineCollector, type CollectContext, type CollectionOutput, type CollectorDefinition, type CollectTarget } from '../../src/model/collector.js';
import type { Observation, PopulationGap } from '../../src/model/observation.js';
import { isUnknown, unknown, type Maybe } from '../../src/model/unknown.js';
import type { GithubClient } from '../../src/sdk/github.js';
import { matchesPattern } from '../../src/util/glob.js';
import { scrubText } from '../../src/util/redact.js';
import { getActionsPermissions } from './actions-permissions.js';
import { featureStates, listOrgAlerts, repoAlerts, type OrgAlerts } from './alerts.js';
import { queryBranchRules, type RepoGraph } from './branch-rules-graphql.js';
import { restBranchRules } from './branch-rules-rest.js';
import type { BranchRulesRaw } from './branch-rules-types.js';
import { str, type Json, type Outcome } from './call.js';
import { getCodeownersErrors } from './codeowners.js';
import { listDirectCollaborators } from './collaborators.js';
import { listDeployKeys } from './deploy-keys.js';
import { listOrgHooks, listRepoHooks } from './hooks.js';
import { listMembers } from './members.js';
import { normalizeOrg, normalizeRepo, observation, unreadableRepo, viewerPermission } from './normalize.js';
import { GITHUB_OBSERVATION_TYPES } from './observations.js';
import { getOrgSettings } from './org-settings.js';
import { joinOutsideAccess, type RepoCollaborators } from './outside-access.js';
import { listOutsideCollaborators } from './outside-collaborators.js';
import { changeObservations, restChanges, type ChangeWindows, type ChangesRaw } from './changes.js';
import { queryChanges } from './changes-graphql.js';
import { getRepo, listOrgRepos } from './repos.js';
import { listSecurityManagers } from './security-managers.js';
import { getVulnerabilityAlerts } from './security-features.js';

/**
 * The GitHub collector: one target per configured organisation (scope `github:<org>`). Each API concern
 * is isolated — a failed or forbidden call makes exactly the attributes it fills Unknown — while
 * rejected credentials (401) fail the whole scope. Rate-limit headroom and throttle waits are volatile,
 * so they go to a log line (`github collection finished`) and the collection's CallStats, never into
 * observations (which must hash the same tomorrow when nothing changed).
 */

export interface GithubTarget extends CollectTarget {
  readonly org: string;
  readonly repositories: GithubOrganizationConfig['repositories'];
  /** A function, so the token never shows when a target is logged or serialized. */
  readonly settings: () => GithubConfig;
}

/** Runs work and returns the routes requested while it ran (CallStats.attribute): an observation's `source`. */
type Attribute = CollectContext['stats']['attribute'];

export interface GithubCollectorOptions {
  /** See GithubClientOptions.timeScaleMs (tests only). */
  readonly timeScaleMs?: number;
}

const REPO_TYPES = ['github.repo', 'github.pull_request', 'github.direct_push'];

function selected(name: string, sel: GithubOrganizationConfig['repositories']): boolean {
  return sel.include.some((p) => matchesPattern(p, name)) && !sel.exclude.some((p) => matchesPattern(p, name));
}

async function branchRulesFor(client: GithubClient, org: string, ctx: CollectContext): Promise<Maybe<Map<string, RepoGraph>>> {
  try {
    return await queryBranchRules(client, org);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    ctx.log.warn({ org, reason: reason.slice(0, 300) }, 'GitHub GraphQL branch-rules query failed; falling back to REST per repository');
    return unknown(reason);
  }
}

/** The GraphQL change evidence with the calls it rests on as each record's source. */
function withSource(changes: ReadonlyMap<string, ChangesRaw>, operations: readonly string[]): Map<string, ChangesRaw> {
  const out = new Map<string, ChangesRaw>();
  for (const [name, c] of changes) {
    out.set(name, { pulls: c.pulls.ok ? { ok: true, value: c.pulls.value.map((p) => ({ ...p, operations })) } : c.pulls, pushes: c.pushes, pushCalls: operations });
  }
  return out;
}

/** The organisation-wide alert lists; one that is refused (403/404: not an owner or security manager) or fails leaves its kind to each repository's own list. */
async function orgAlertsFor(client: GithubClient, org: string, ctx: CollectContext): Promise<OrgAlerts> {
  const lists = await listOrgAlerts(client, org);
  for (const [kind, list] of Object.entries(lists)) {
    if (!list.ok) ctx.log.warn({ org, kind, reason: list.reason.slice(0, 300) }, 'GitHub organisation alert list not readable; falling back to the per-repository lists');
  }
  return lists;
}

/** A repository's observations, plus its direct collaborators for the organisation's outside-collaborator join. */
interface RepoResult {
  readonly observations: Observation[];
  readonly collaborators: RepoCollaborators;
  /** The calls that listed its collaborators (the organisation's outside-access join rests on them). */
  readonly collaboratorCalls: readonly string[];
}

/** The scope-level calls a repository's observations rest on: the listing, and the GraphQL branch-rules query when it answered. */
interface RepoContext {
  readonly listing: readonly string[];
  readonly graphRules: Maybe<Map<string, RepoGraph>>;
  readonly graphCalls: readonly string[];
  /** The organisation-wide alert lists (null when none was asked), and the calls that read them. */
  readonly orgAlerts: OrgAlerts | null;
  readonly orgAlertCalls: readonly string[];
  /** Change evidence the batched GraphQL query read, by repository (absent → REST for that repository). */
  readonly changes: ReadonlyMap<string, ChangesRaw>;
}

/** A repository's reads no bulk API offers (hooks, CODEOWNERS errors): they need nothing read first, so they run beside the organisation-level reads. */
interface OwnReads {
  readonly value: readonly [Outcome<Json[]>, Outcome<Json[] | null>];
  readonly operations: readonly string[];
}

function ownReads(client: GithubClient, org: string, repo: Json, attribute: Attribute): Promise<OwnReads> {
  const name = String(repo['name']);
  return attribute(() => Promise.all([listRepoHooks(client, org, name), getCodeownersErrors(client, org, name)] as const));
}

async function collectRepo(client: GithubClient, org: string, repo: Json, own: OwnReads, rc: RepoContext, w: ChangeWindows, scope: string, gaps: PopulationGap[], attribute: Attribute): Promise<RepoResult> {
  const name = String(repo['name']);
  const branch = str(repo['default_branch']);
  const isAdmin = viewerPermission(repo) === 'admin';
  const graph = isUnknown(rc.graphRules) ? undefined : rc.graphRules.get(name);
  const fromGraph = graph !== undefined;
  const read = await attribute(async () => {
    let rules: Maybe<BranchRulesRaw | null>;
    if (graph !== undefined) rules = graph.rules;
    else if (branch === null) rules = null;
    else rules = await restBranchRules(client, org, name, branch, isAdmin);
    // What the repository query answered replaces its REST call; the rest (or all, without it) is asked by REST.
    const settings = graph?.settings;
    const [hooks, codeowners] = own.value;
    const [vulnerabilityAlerts, deployKeys, collaborators] = await Promise.all([
      settings?.vulnerabilityAlerts ?? getVulnerabilityAlerts(client, org, name),
      settings?.deployKeys ?? listDeployKeys(client, org, name),
      settings?.collaborators !== undefined ? { value: settings.collaborators, operations: rc.graphCalls } : attribute(() => listDirectCollaborators(client, org, name)),
    ]);
    // The alert lists need the feature states (an organisation list cannot tell "off" from "no alert").
    const alerts = await repoAlerts(client, org, name, rc.orgAlerts, featureStates(repo, vulnerabilityAlerts, isAdmin));
    return { rules, vulnerabilityAlerts, alerts: alerts.alerts, usedOrgAlerts: alerts.usedOrgLists, deployKeys, hooks, codeowners, collaborators };
  });
  const { rules, vulnerabilityAlerts, alerts, deployKeys, hooks, codeowners } = read.value;
  const collaborators = read.value.collaborators.value;
  const source = [...rc.listing, ...(fromGraph ? rc.graphCalls : []), ...(read.value.usedOrgAlerts ? rc.orgAlertCalls : []), ...own.operations, ...read.operations];
  const out: Observation[] = [
    observation('github.repo', `github:${org}/${name}`, scope, normalizeRepo({ org, repo, rules, vulnerabilityAlerts, alerts, deployKeys, hooks, codeowners, collaborators }), source),
  ];
  const result = { observations: out, collaborators: { repository: name, collaborators }, collaboratorCalls: read.value.collaborators.operations };
  if (branch === null) return result;
  // The batched GraphQL read when it answered for this repository; REST otherwise.
  const changes = rc.changes.get(name) ?? (await restChanges(client, org, name, branch, w, attribute));
  out.push(...changeObservations(org, name, branch, scope, changes, gaps));
  return result;
}

async function collectOrg(target: GithubTarget, ctx: CollectContext, options: GithubCollectorOptions): Promise<CollectionOutput> {
  const gh = target.settings();
  const secrets = 'token' in gh.auth ? [gh.auth.token] : [gh.auth.privateKey];
  const log = ctx.log;
  const w = changeWindows(ctx, gh.pullRequests.lookbackDays);
  // Octokit and its plugins are loaded when the collector first collects: module loading no read command needs.
  const { createGithubClient } = await import('../../src/sdk/github.js');
  const client = createGithubClient({
    baseUrl: gh.baseUrl,
    auth: gh.auth,
    stats: ctx.stats,
    log,
    requestTimeoutMs: gh.requestTimeoutMs,
    maxThrottleRetries: gh.maxThrottleRetries,
    ...(options.timeScaleMs !== undefined ? { timeScaleMs: options.timeScaleMs } : {}),
  });
  const org = target.org;
  const scope = target.scope;

  const attribute: Attribute = (run) => ctx.stats.attribute(run);
  const orgRead = await attribute(async () => {
    const settings = await getOrgSettings(client, org);
    if (!settings.ok && (settings.status === 401 || settings.status === 404)) {
      // Rejected credentials or an organisation that does not exist for them: nothing here can be trusted.
      throw new Error(scrubText(`github: cannot read organisation ${org} (${settings.reason})`, secrets));
    }
    if (!settings.ok && settings.unreachable === true) {
      // GitHub never answered (the client then fails every later call at once with the same cause): the
      // organisation was not collected at all — an error, not a partial collection of Unknowns.
      throw new Error(scrubText(`github: cannot reach GitHub for organisation ${org} (${settings.reason})`, secrets));
    }
    const [members, outside, hooks, actions, securityManagers] = await Promise.all([
      listMembers(client, org),
      listOutsideCollaborators(client, org),
      listOrgHooks(client, org),
      getActionsPermissions(client, org),
      listSecurityManagers(client, org),
    ]);
    return { settings, members, outside, hooks, actions, securityManagers };
  });
  const { settings, members, outside, hooks, actions, securityManagers } = orgRead.value;
  const collaboratorCalls: string[] = [];
  const orgSettings = normalizeOrg({ login: org, settings, members, outside, hooks, actions, securityManagers });
  const observations: Observation[] = [];
  const gaps: PopulationGap[] = [];
  let repoCollaborators: Outcome<RepoCollaborators[]>;

  const { value: listed, operations: listing } = await attribute(() => listOrgRepos(client, org));
  if (!listed.ok) {
    repoCollaborators = listed;
    for (const type of REPO_TYPES) gaps.push({ type, reason: `repositories of ${org} could not be listed: ${listed.reason}` });
  } else {
    const repos = listed.value.filter((r) => selected(String(r['name']), target.repositories));
    const seen = new Set(listed.value.map((r) => String(r['name']).toLowerCase()));
    // Exact names the configuration asks for but the listing did not show: probe them, so a repository
    // the token cannot read becomes an observation with Unknown attributes instead of vanishing.
    const missing = target.repositories.include.filter((p) => !p.includes('*') && !seen.has(p.toLowerCase()) && selected(p, target.repositories));
    const unreadable: RepoCollaborators[] = [];
    for (const name of missing) {
      const { value: probe, operations: probeCalls } = await attribute(() => getRepo(client, org, name));
      if (probe.ok) repos.push(probe.value);
      else {
        // 404 is GitHub's answer for a private repository the token cannot see, as for one that does not exist.
        const reason = `${probe.status === 404 ? 'repository not visible to the token' : 'repository cannot be read with these credentials'} (${probe.reason})`;
        observations.push(observation('github.repo', `github:${org}/${name}`, scope, unreadableRepo(org, name, reason), [...probeCalls]));
        unreadable.push({ repository: name, collaborators: { ok: false, status: probe.status, reason } });
      }
    }
    const withBranch = repos.flatMap((r) => {
      const branch = str(r['default_branch']);
      return branch === null ? [] : [{ name: String(r['name']), branch }];
    });
    const limit = pLimit(gh.concurrency);
    // The organisation-level reads that replace per-repository calls, at once (each falls back on its own), and
    // beside them each repository's reads that no bulk API offers (Octokit spaces GraphQL requests a second apart).
    const [graph, orgAlerts, changes, own] = await Promise.all([
      repos.length > 0 ? attribute(() => branchRulesFor(client, org, ctx)) : { value: new Map<string, RepoGraph>(), operations: [] },
      repos.length > 0 ? attribute(() => orgAlertsFor(client, org, ctx)) : { value: null, operations: [] },
      withBranch.length > 0 ? attribute(() => queryChanges(client, org, withBranch, w, ctx.log)) : { value: new Map<string, ChangesRaw>(), operations: [] },
      Promise.all(repos.map((repo) => limit(() => ownReads(client, org, repo, attribute)))),
    ]);
    const rc: RepoContext = { listing, graphRules: graph.value, graphCalls: graph.operations, orgAlerts: orgAlerts.value, orgAlertCalls: orgAlerts.operations, changes: withSource(changes.value, changes.operations) };
    const results = await Promise.all(repos.map((repo, i) => limit(() => collectRepo(client, org, repo, own[i]!, rc, w, scope, gaps, attribute))));
    for (const r of results) {
      observations.push(...r.observations);
      collaboratorCalls.push(...r.collaboratorCalls);
    }
    repoCollaborators = { ok: true, value: [...results.map((r) => r.collaborators), ...unreadable] };
  }
  // The organisation observation comes first, completed with what the repositories revealed.
  observations.unshift(
    // Its own calls, plus the repository listing and collaborator lists its outside-access join rests on.
    observation('github.org', `github:${org}`, scope, { ...orgSettings, outsideCollaboratorAccess: joinOutsideAccess(outside.all, repoCollaborators) }, [
      ...orgRead.operations,
      ...listing,
      ...collaboratorCalls,
    ]),
  );

  const info = client.rateInfo;
  log.info(
    {
      org,
      window: w,
      calls: ctx.stats.calls,
      throttles: ctx.stats.throttles,
      rateLimitRemaining: info.rateLimitRemaining,
      primaryWaitsSeconds: info.primaryWaits,
      secondaryWaitsSeconds: info.secondaryWaits,
      notModified: info.notModified,
      callsPerRepository: info.callsPerRepository,
    },
    'github collection finished',
  );
  const merged = dedupeGaps(gaps);
  observations.push(...windowObservations(org, scope, w, merged, [...orgRead.operations, ...listing]));
  return { observations, gaps: merged };
}

/**
 * Each population's window [from, until): from the start of the last collection that read it completely
 * (ctx.previous.completeThrough), else the configured look-back; until this collection's start.
 */
function changeWindows(ctx: CollectContext, lookbackDays: number): ChangeWindows {
  const until = ctx.startedAt;
  const lookback = new Date(Date.parse(until) - lookbackDays * 86_400_000).toISOString();
  const from = (type: string) => ctx.previous?.completeThrough[type] ?? lookback;
  return { pulls: { since: from('github.pull_request'), until }, pushes: { since: from('github.direct_push'), until } };
}

/** The windows as evidence: with `complete`, an auditor can check that the complete ones tile the period. */
function windowObservations(org: string, scope: string, w: ChangeWindows, gaps: readonly PopulationGap[], source: readonly string[]): Observation[] {
  const windows = [
    ['github.pull_request', w.pulls],
    ['github.direct_push', w.pushes],
  ] as const;
  return windows.map(([population, win]) => {
    const gap = gaps.find((g) => g.type === population);
    return observation('github.change_window', `github:${org}#window/${population}`, scope, { population, from: win.since, until: win.until, complete: gap === undefined, incompleteBecause: gap?.reason ?? null }, [...source]);
  });
}

function dedupeGaps(gaps: PopulationGap[]): PopulationGap[] {
  const byType = new Map<string, string[]>();
  for (const g of gaps) byType.set(g.type, [...(byType.get(g.type) ?? []), g.reason]);
  return [...byType].map(([type, reasons]) => ({ type, reason: reasons.join('; ') }));
}

export const GITHUB_PERMISSIONS = [
  'organization_administration:read',
  'members:read',
  'organization_hooks:read',
  'administration:read',
  'contents:read',
  'metadata:read',
  'pull_requests:read',
  'secret_scanning_alerts:read',
  'dependabot_alerts:read',
  'security_events:read',
  'repository_hooks:read',
] as const;

export function createGithubCollector(options: GithubCollectorOptions = {}): CollectorDefinition<GithubTarget, GithubConfig> {
  return defineCollector<GithubTarget, GithubConfig>({
    id: 'github',
    provider: 'github',
    // One Octokit client (REST + GraphQL) per organisation, built by src/sdk/github.ts.
    services: ['github'],
    title: 'GitHub: organisation settings, repositories, branch rules, security features and merged pull requests',
    produces: GITHUB_OBSERVATION_TYPES,
    // Merged pull requests and direct pushes are gathered per window since the last complete collection of each.
    // Each run's change windows are events too: a new window every run, never a state that "changed".
    eventTypes: ['github.pull_request', 'github.direct_push', 'github.change_window'],
    permissions: GITHUB_PERMISSIONS,
    targets(gh: GithubConfig): GithubTarget[] {
      return gh.organizations.map((o) => ({ scope: `github:${o.name}`, org: o.name, repositories: o.repositories, settings: () => gh }));
    },
    collect: (target, ctx) => collectOrg(target, ctx, options),
  });
}

export const githubCollector = createGithubCollector();
