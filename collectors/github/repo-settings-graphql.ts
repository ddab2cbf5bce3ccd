import type { Json, Outcome } from './call.js';

/**
 * The repository settings the repository query (branch-rules-graphql.ts) reads beside branch rules, turned into
 * the answers the REST calls they replace would give, so normalize.ts judges both paths alike:
 * - hasVulnerabilityAlertsEnabled → GET …/vulnerability-alerts' 204 / 404; believed from an admin viewer only
 *   (REST answers 404 to others too, which is Unknown there as well);
 * - deployKeys.totalCount → none (an empty list), or "list them by REST": GraphQL's DeployKey has no numeric id,
 *   and the id is what approved_write_keys names, so a repository with keys still gets GET …/keys;
 * - collaborators(affiliation: DIRECT) → GET …/collaborators?affiliation=direct items ({ login, role_name,
 *   permissions.admin }); GitHub refuses them without push access (a FORBIDDEN field error → Unknown, as REST's
 *   403), and more than one page is left to REST. `role_name` is GraphQL's base permission: a custom role shows
 *   as the base role it extends.
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL answers are checked field by field below */
type Node = any;

/** Fields GitHub may refuse to a viewer without the rights while answering the rest of the query. */
export const FIELDS_ALLOWED_TO_FAIL: ReadonlySet<string> = new Set(['hasVulnerabilityAlertsEnabled', 'deployKeys', 'collaborators']);

export interface RepoGraphSettings {
  readonly vulnerabilityAlerts: Outcome<number>;
  /** undefined: the repository has deploy keys, which only REST lists with their ids. */
  readonly deployKeys: Outcome<Json[]> | undefined;
  /** undefined: more direct collaborators than one page holds; REST lists them. */
  readonly collaborators: Outcome<Json[]> | undefined;
}

const ADMIN_ONLY = (what: string) => ({ ok: false as const, status: 404, reason: `requires repository admin (GraphQL ${what} is not shown to other viewers)` });

export function repoSettings(node: Node, errors: Readonly<Record<string, string>> | undefined): RepoGraphSettings {
  const admin = node.viewerPermission === 'ADMIN';
  const failed = (field: string): Outcome<never> | null => (errors?.[field] !== undefined ? { ok: false, status: 403, reason: `GraphQL ${field}: ${errors[field]}` } : null);

  const vulnerabilityAlerts: Outcome<number> =
    failed('hasVulnerabilityAlertsEnabled') ??
    (!admin ? ADMIN_ONLY('hasVulnerabilityAlertsEnabled') : typeof node.hasVulnerabilityAlertsEnabled === 'boolean' ? { ok: true, value: node.hasVulnerabilityAlertsEnabled ? 204 : 404 } : { ok: false, status: undefined, reason: 'malformed GraphQL answer: hasVulnerabilityAlertsEnabled' });

  let deployKeys: Outcome<Json[]> | undefined = failed('deployKeys') ?? (!admin ? ADMIN_ONLY('deployKeys') : undefined);
  if (deployKeys === undefined) {
    const count = node.deployKeys?.totalCount;
    deployKeys = typeof count !== 'number' ? { ok: false, status: undefined, reason: 'malformed GraphQL answer: deployKeys' } : count === 0 ? { ok: true, value: [] } : undefined;
  }

  let collaborators: Outcome<Json[]> | undefined = failed('collaborators') ?? undefined;
  if (collaborators === undefined) {
    const c = node.collaborators;
    if (c === null || c === undefined || !Array.isArray(c.edges)) collaborators = { ok: false, status: undefined, reason: 'malformed GraphQL answer: collaborators' };
    else if (Number(c.totalCount) <= c.edges.length) {
      collaborators = {
        ok: true,
        value: (c.edges as Node[]).map((e) => {
          const role = String(e?.permission ?? 'unknown').toLowerCase();
          return { login: String(e?.node?.login ?? ''), role_name: role, permissions: { admin: role === 'admin' } };
        }),
      };
    }
  }
  return { vulnerabilityAlerts, deployKeys, collaborators };
}
