import type { GithubClient } from '../../src/sdk/github.js';
import { DEFAULT_MAX_PAGES, PaginationNotEndingError } from '../../src/sdk/pagination-limit.js';
import { unknown } from '../../src/model/unknown.js';
import type { BranchRulesRaw, ClassicRules, RuleEntry, RulesetInfo } from './branch-rules-types.js';
import { graphqlPartial } from './graphql-partial.js';
import { FIELDS_ALLOWED_TO_FAIL, repoSettings, type RepoGraphSettings } from './repo-settings-graphql.js';

/**
 * Default-branch protection and rulesets for up to 100 repositories per GraphQL query: one request
 * replaces two to four REST calls per repository. The same query reads the settings REST would need three more
 * calls per repository for (repo-settings-graphql.ts): the vulnerability-alert setting, whether there are deploy
 * keys, and the direct collaborators. `Ref.branchProtectionRule` is the classic rule that
 * applies to the branch; `Ref.rules` the ruleset rules that apply (what REST /rules/branches returns).
 * The fake (src/demo/fakes/github/graphql.ts) recognises this operation by name: keep them in step.
 */
export const BRANCH_RULES_QUERY = `query ControlwatchBranchRules($org: String!, $cursor: String) {
  organization(login: $org) {
    repositories(first: 100, after: $cursor, orderBy: {field: NAME, direction: ASC}) {
      pageInfo { hasNextPage endCursor }
      nodes {
        name
        viewerPermission
        hasVulnerabilityAlertsEnabled
        deployKeys(first: 1) { totalCount }
        collaborators(first: 100, affiliation: DIRECT) { totalCount edges { permission node { login } } }
        defaultBranchRef {
          name
          branchProtectionRule {
            requiresApprovingReviews requiredApprovingReviewCount dismissesStaleReviews requiresCodeOwnerReviews
            requireLastPushApproval requiresStatusChecks requiresStrictStatusChecks requiredStatusCheckContexts
            isAdminEnforced allowsForcePushes allowsDeletions requiresCommitSignatures requiresLinearHistory
          }
          rules(first: 100) {
            nodes {
              type
              parameters {
                ... on PullRequestParameters { requiredApprovingReviewCount dismissStaleReviewsOnPush requireCodeOwnerReview requireLastPushApproval }
                ... on RequiredStatusChecksParameters { strictRequiredStatusChecksPolicy requiredStatusChecks { context } }
              }
              repositoryRuleset {
                databaseId name enforcement
                source { __typename }
                bypassActors(first: 100) {
                  nodes { bypassMode organizationAdmin deployKey repositoryRoleDatabaseId actor { __typename ... on App { databaseId } ... on Team { databaseId } } }
                }
              }
            }
          }
        }
      }
    }
  }
}`;

/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL answers are checked field by field below */
type Node = any;

function classicFrom(r: Node): ClassicRules {
  return {
    approvals: r.requiresApprovingReviews === true ? Number(r.requiredApprovingReviewCount ?? 0) : null,
    dismissStale: r.dismissesStaleReviews === true,
    codeOwner: r.requiresCodeOwnerReviews === true,
    lastPush: r.requireLastPushApproval === true,
    statusChecks: r.requiresStatusChecks === true ? ((r.requiredStatusCheckContexts ?? []) as string[]) : null,
    strict: r.requiresStrictStatusChecks === true,
    enforceAdmins: r.isAdminEnforced === true,
    allowForcePushes: r.allowsForcePushes === true,
    allowDeletions: r.allowsDeletions === true,
    signatures: r.requiresCommitSignatures === true,
    linearHistory: r.requiresLinearHistory === true,
  };
}

function bypassFrom(n: Node) {
  const actorType = n.organizationAdmin ? 'OrganizationAdmin' : n.deployKey ? 'DeployKey' : n.repositoryRoleDatabaseId != null ? 'RepositoryRole' : n.actor?.__typename === 'App' ? 'Integration' : (n.actor?.__typename ?? 'Unknown');
  const actorId = n.repositoryRoleDatabaseId ?? n.actor?.databaseId ?? null;
  return { actorType: String(actorType), actorId: actorId === null ? null : Number(actorId), bypassMode: String(n.bypassMode ?? '').toLowerCase() };
}

function repoRules(node: Node): BranchRulesRaw | null {
  const ref = node.defaultBranchRef;
  if (ref === null || ref === undefined) return null; // empty repository: no default branch yet
  const admin = node.viewerPermission === 'ADMIN';
  const classic =
    ref.branchProtectionRule != null
      ? classicFrom(ref.branchProtectionRule)
      : admin
        ? null
        : unknown('classic branch protection requires repository admin');
  const rulesets = new Map<number, RulesetInfo>();
  const rules: RuleEntry[] = [];
  for (const r of (ref.rules?.nodes ?? []) as Node[]) {
    const rs = r.repositoryRuleset;
    const id = Number(rs?.databaseId);
    if (!rulesets.has(id)) {
      rulesets.set(id, {
        id,
        name: String(rs?.name ?? ''),
        sourceType: String(rs?.source?.__typename ?? 'Repository'),
        enforcement: String(rs?.enforcement ?? '').toLowerCase(),
        bypassActors: rs?.bypassActors == null ? null : (rs.bypassActors.nodes as Node[]).map(bypassFrom),
      });
    }
    const p = r.parameters ?? {};
    rules.push({
      type: String(r.type).toLowerCase(),
      rulesetId: id,
      ...(p.requiredApprovingReviewCount !== undefined ? { approvals: Number(p.requiredApprovingReviewCount), dismissStale: p.dismissStaleReviewsOnPush === true, codeOwner: p.requireCodeOwnerReview === true, lastPush: p.requireLastPushApproval === true } : {}),
      ...(p.requiredStatusChecks !== undefined ? { statusChecks: (p.requiredStatusChecks as Node[]).map((c) => String(c.context)), strict: p.strictRequiredStatusChecksPolicy === true } : {}),
    });
  }
  return { branch: String(ref.name), classic, rules, rulesets: [...rulesets.values()] };
}

/** What the repository query tells about one repository. */
export interface RepoGraph {
  readonly rules: BranchRulesRaw | null;
  readonly settings: RepoGraphSettings;
}

/** Branch rules and settings of every repository of the organisation the token can see, by repository name. */
export async function queryBranchRules(client: GithubClient, org: string, maxPages = DEFAULT_MAX_PAGES): Promise<Map<string, RepoGraph>> {
  const out = new Map<string, RepoGraph>();
  let cursor: string | null = null;
  for (let page = 1; ; page += 1) {
    if (page > maxPages) throw new PaginationNotEndingError('GraphQL ControlwatchBranchRules', `more than ${maxPages} pages`);
    const { data, fieldErrors } = await graphqlPartial(client, BRANCH_RULES_QUERY, { org, cursor }, (path) => FIELDS_ALLOWED_TO_FAIL.has(String(path[path.length - 1])));
    const repos = data?.organization?.repositories;
    if (repos === undefined || repos === null || !Array.isArray(repos.nodes)) throw new Error('malformed GraphQL answer for ControlwatchBranchRules');
    (repos.nodes as Node[]).forEach((node, i) => {
      if (node?.name) out.set(String(node.name), { rules: repoRules(node), settings: repoSettings(node, fieldErrors.get(`organization.repositories.nodes.${i}`)) });
    });
    if (repos.pageInfo?.hasNextPage !== true) return out;
    const next = String(repos.pageInfo.endCursor);
    // A next page behind the cursor just used is the same page again: a loop, not a listing.
    if (next === cursor) throw new PaginationNotEndingError('GraphQL ControlwatchBranchRules', `the answer hands back the cursor it was asked with (${next})`);
    cursor = next;
  }
}
