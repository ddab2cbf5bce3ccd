import type { EstateGithub, EstateGithubOrg, EstateGithubRepo, EstateGithubRuleset } from '../../estate/github-schema.js';
import type { Access } from './access.js';
import { CHANGES_OPERATION, handleChanges } from './graphql-changes.js';

/**
 * The GitHub GraphQL endpoint, for the query documents the collector sends: the repository query
 * (collectors/github/branch-rules-graphql.ts, operation `ControlwatchBranchRules`), here, and the batched change
 * query (operation `ControlwatchChanges`, graphql-changes.ts). The `graphql`
 * package is not installed, so the fake does not parse documents: it recognises the operation by name
 * and answers with that document's exact selection shape. Any other document gets a GraphQL error,
 * so a changed query fails loudly in the tests instead of receiving a silently wrong shape.
 *
 *   query ControlwatchBranchRules($org: String!, $cursor: String) {
 *     organization(login: $org) { repositories(first: 100, after: $cursor, orderBy: {field: NAME, direction: ASC}) {
 *       pageInfo { hasNextPage endCursor }
 *       nodes { name viewerPermission hasVulnerabilityAlertsEnabled deployKeys(first: 1) { totalCount }
 *         collaborators(first: 100, affiliation: DIRECT) { totalCount edges { permission node { login } } }
 *         defaultBranchRef { name branchProtectionRule { … } rules(first: 100) { nodes { … } } } } } }
 *   }
 */

export const BRANCH_RULES_OPERATION = 'ControlwatchBranchRules';

interface GraphqlRequest {
  readonly query?: unknown;
  readonly variables?: Record<string, unknown>;
}

const RULE_TYPE: Record<string, string> = {
  deletion: 'DELETION',
  non_fast_forward: 'NON_FAST_FORWARD',
  pull_request: 'PULL_REQUEST',
  required_status_checks: 'REQUIRED_STATUS_CHECKS',
  required_signatures: 'REQUIRED_SIGNATURES',
  required_linear_history: 'REQUIRED_LINEAR_HISTORY',
  creation: 'CREATION',
  update: 'UPDATE',
};

function ruleParameters(type: string, p: Record<string, unknown> | undefined): Record<string, unknown> | null {
  if (type === 'pull_request') {
    return {
      requiredApprovingReviewCount: p?.['required_approving_review_count'] ?? 0,
      dismissStaleReviewsOnPush: p?.['dismiss_stale_reviews_on_push'] ?? false,
      requireCodeOwnerReview: p?.['require_code_owner_review'] ?? false,
      requireLastPushApproval: p?.['require_last_push_approval'] ?? false,
    };
  }
  if (type === 'required_status_checks') {
    const checks = (p?.['required_status_checks'] as { context: string }[] | undefined) ?? [];
    return {
      strictRequiredStatusChecksPolicy: p?.['strict_required_status_checks_policy'] ?? false,
      requiredStatusChecks: checks.map((c) => ({ context: c.context })),
    };
  }
  return null;
}

function rulesetNode(rs: EstateGithubRuleset, admin: boolean): Record<string, unknown> {
  return {
    databaseId: rs.id,
    name: rs.name,
    enforcement: rs.enforcement.toUpperCase(),
    source: { __typename: rs.source_type },
    // Like REST, bypass actors are only visible to callers who can edit the ruleset.
    bypassActors: admin
      ? {
          nodes: rs.bypass_actors.map((b) => ({
            bypassMode: b.bypass_mode.toUpperCase(),
            organizationAdmin: b.actor_type === 'OrganizationAdmin',
            deployKey: b.actor_type === 'DeployKey',
            repositoryRoleDatabaseId: b.actor_type === 'RepositoryRole' ? b.actor_id : null,
            actor: b.actor_type === 'Integration' ? { __typename: 'App', databaseId: b.actor_id } : b.actor_type === 'Team' ? { __typename: 'Team', databaseId: b.actor_id } : null,
          })),
        }
      : null,
  };
}

function repositoryNode(repo: EstateGithubRepo, access: Access, admin: boolean): Record<string, unknown> {
  const p = repo.protection;
  const branchProtectionRule =
    p === undefined || !admin
      ? null
      : {
          requiresApprovingReviews: p.required_approving_review_count !== null,
          requiredApprovingReviewCount: p.required_approving_review_count,
          dismissesStaleReviews: p.dismiss_stale_reviews,
          requiresCodeOwnerReviews: p.require_code_owner_reviews,
          requireLastPushApproval: p.require_last_push_approval,
          requiresStatusChecks: p.required_status_checks !== null,
          requiresStrictStatusChecks: p.strict,
          requiredStatusCheckContexts: p.required_status_checks ?? [],
          isAdminEnforced: p.enforce_admins,
          allowsForcePushes: p.allow_force_pushes,
          allowsDeletions: p.allow_deletions,
          requiresCommitSignatures: p.required_signatures,
          requiresLinearHistory: p.required_linear_history,
        };
  const rules = repo.rulesets
    .filter((rs) => rs.enforcement !== 'disabled')
    .flatMap((rs) => rs.rules.map((r) => ({ type: RULE_TYPE[r.type], parameters: ruleParameters(r.type, r.parameters), repositoryRuleset: rulesetNode(rs, admin) })));
  void access;
  return {
    name: repo.name,
    viewerPermission: admin ? 'ADMIN' : 'READ',
    defaultBranchRef: { name: repo.default_branch, branchProtectionRule, rules: { nodes: rules } },
  };
}

const PERMISSION = { read: 'READ', triage: 'TRIAGE', write: 'WRITE', maintain: 'MAINTAIN', admin: 'ADMIN' } as const;

/**
 * The settings fields of the repository query: the vulnerability-alert setting and deploy keys as GitHub shows
 * them to admins (to others: false and none, which the collector must not believe), direct collaborators to
 * viewers with push access (to others: null and a FORBIDDEN error at that path, as GitHub answers).
 */
function settingsFields(org: EstateGithubOrg, repo: EstateGithubRepo, access: Access, path: (string | number)[], errors: GraphqlError[]): Record<string, unknown> {
  const admin = access.isRepoAdmin(org, repo);
  const permission = access.permission(org, repo);
  const push = permission === 'admin' || permission === 'maintain' || permission === 'write';
  if (!push) errors.push({ type: 'FORBIDDEN', path: [...path, 'collaborators'], message: 'Must have push access to view repository collaborators.', locations: [{ line: 1, column: 1 }] });
  const collaborators = [...repo.collaborators].sort((a, b) => a.login.localeCompare(b.login));
  return {
    viewerPermission: PERMISSION[permission],
    hasVulnerabilityAlertsEnabled: admin && repo.dependabot_alerts,
    deployKeys: { totalCount: admin ? repo.deploy_keys.length : 0 },
    collaborators: push ? { totalCount: collaborators.length, edges: collaborators.map((c) => ({ permission: PERMISSION[c.role], node: { login: c.login } })) } : null,
  };
}

interface GraphqlError {
  readonly type: string;
  readonly path: (string | number)[];
  readonly message: string;
  readonly locations: { line: number; column: number }[];
}

export function handleGraphql(estate: EstateGithub, access: Access, body: GraphqlRequest, pageSize: number, at: (spec: string) => string): { status: number; body: unknown } {
  const query = typeof body.query === 'string' ? body.query : '';
  if (new RegExp(`\\bquery\\s+${CHANGES_OPERATION}\\b`).test(query)) return handleChanges(estate, access, query, body.variables ?? {}, pageSize, at);
  if (!new RegExp(`\\bquery\\s+${BRANCH_RULES_OPERATION}\\b`).test(query)) {
    return { status: 200, body: { errors: [{ message: `the GitHub fake only serves the ${BRANCH_RULES_OPERATION} and ${CHANGES_OPERATION} queries`, locations: [{ line: 1, column: 1 }] }] } };
  }
  const login = String(body.variables?.['org'] ?? '');
  const org = estate.organizations.find((o) => o.login.toLowerCase() === login.toLowerCase());
  if (org === undefined) {
    return {
      status: 200,
      body: { data: { organization: null }, errors: [{ type: 'NOT_FOUND', path: ['organization'], message: `Could not resolve to an Organization with the login of '${login}'.` }] },
    };
  }
  const visible = org.repositories.filter((r) => access.canSeeRepo(r)).sort((a, b) => a.name.localeCompare(b.name));
  const cursor = body.variables?.['cursor'];
  const offset = typeof cursor === 'string' ? Number(Buffer.from(cursor, 'base64').toString('utf8').replace('cursor:', '')) : 0;
  const size = Math.min(100, pageSize);
  const page = visible.slice(offset, offset + size);
  const end = offset + page.length;
  const errors: GraphqlError[] = [];
  const nodes = page.map((r, i) => ({ ...repositoryNode(r, access, access.isRepoAdmin(org, r)), ...settingsFields(org, r, access, ['organization', 'repositories', 'nodes', i], errors) }));
  return {
    status: 200,
    body: {
      data: {
        organization: {
          repositories: {
            pageInfo: { hasNextPage: end < visible.length, endCursor: page.length > 0 ? Buffer.from(`cursor:${end}`).toString('base64') : null },
            nodes,
          },
        },
      },
      ...(errors.length > 0 ? { errors } : {}),
    },
  };
}
