import type { GithubClient } from '../../src/sdk/github.js';
import { attempt, listAll, listAllByLink, MalformedResponseError, str, type Json, type Outcome } from './call.js';

/**
 * Open Dependabot, code-scanning and secret-scanning alerts. The organisation-wide lists (one paginated list
 * per kind, owners and security managers only) replace three calls per repository; a repository's own lists
 * remain for what the organisation lists cannot decide, and for every repository when they are refused.
 *
 * The organisation lists only hold alerts: a repository absent from them has no open alert only if the feature
 * is on there. So a repository's alerts come from them only where its feature is known to be on (the
 * vulnerability-alert setting, the listing's security_and_analysis). Known off → the "not enabled" answer the
 * repository's list would give (NotAvailable, never zero), without asking it; not known → its own list, as before.
 * Code scanning is the exception: "on" (Advanced Security) does not mean analysed, and a repository with no
 * analysis has no alerts either, so one absent from the organisation list is asked its own list (404 "no
 * analysis found" → NotAvailable): only repositories with an open alert are decided by the organisation list.
 */

export type AlertKind = 'dependabot' | 'codeScanning' | 'secretScanning';
export type RepoAlerts = Record<AlertKind, Outcome<Json[]>>;
/** Open alerts by repository name, per kind; a refused or failed list is a failed Outcome. */
export type OrgAlerts = Record<AlertKind, Outcome<ReadonlyMap<string, Json[]>>>;
/** Per kind: true on, false off, undefined not known (→ the repository's own list). */
export type FeatureStates = Record<AlertKind, boolean | undefined>;

const KINDS: readonly AlertKind[] = ['dependabot', 'codeScanning', 'secretScanning'];

const ORG_ROUTES: Record<AlertKind, string> = {
  dependabot: 'GET /orgs/{org}/dependabot/alerts',
  codeScanning: 'GET /orgs/{org}/code-scanning/alerts',
  secretScanning: 'GET /orgs/{org}/secret-scanning/alerts',
};

const REPO_ROUTES: Record<AlertKind, string> = {
  dependabot: 'GET /repos/{owner}/{repo}/dependabot/alerts',
  codeScanning: 'GET /repos/{owner}/{repo}/code-scanning/alerts',
  secretScanning: 'GET /repos/{owner}/{repo}/secret-scanning/alerts',
};

/** What a repository's own list answers when the feature is off: normalize.ts reads these as NotAvailable. */
const OFF: Record<AlertKind, { status: number; reason: string }> = {
  dependabot: { status: 403, reason: 'Dependabot alerts are disabled for this repository (its vulnerability-alert setting is off)' },
  codeScanning: { status: 403, reason: 'Advanced Security must be enabled for this repository to use code scanning (security_and_analysis.advanced_security is disabled)' },
  secretScanning: { status: 404, reason: 'Secret scanning is disabled on this repository (security_and_analysis.secret_scanning is disabled)' },
};

function byRepository(alerts: Json[], route: string): Map<string, Json[]> {
  const out = new Map<string, Json[]>();
  for (const a of alerts) {
    const name = str((a['repository'] as Json | null | undefined)?.['name']);
    if (name === null) throw new MalformedResponseError(`malformed response from ${route}: an alert without its repository`);
    const list = out.get(name);
    if (list === undefined) out.set(name, [a]);
    else list.push(a);
  }
  return out;
}

/** The three organisation-wide lists of open alerts (Dependabot's is cursor-paginated, the others take pages too). */
export async function listOrgAlerts(client: GithubClient, org: string): Promise<OrgAlerts> {
  const [dependabot, codeScanning, secretScanning] = await Promise.all(
    KINDS.map((kind) => attempt(async () => byRepository(await listAllByLink(client, ORG_ROUTES[kind], { org, state: 'open' }), ORG_ROUTES[kind]))),
  );
  return { dependabot: dependabot!, codeScanning: codeScanning!, secretScanning: secretScanning! };
}

/** A repository's open alerts of one kind, from its own list. */
function listRepoAlerts(client: GithubClient, owner: string, repo: string, kind: AlertKind): Promise<Outcome<Json[]>> {
  return attempt(() => listAll(client, REPO_ROUTES[kind], { owner, repo, state: 'open' }));
}

/**
 * A repository's open alerts: from the organisation lists where they answered and its feature state is known,
 * else from its own lists (only for the kinds left undecided). `usedOrgLists` says whether any came from them.
 */
export async function repoAlerts(client: GithubClient, owner: string, repo: string, org: OrgAlerts | null, features: FeatureStates): Promise<{ alerts: RepoAlerts; usedOrgLists: boolean }> {
  let usedOrgLists = false;
  const read = await Promise.all(
    KINDS.map(async (kind): Promise<Outcome<Json[]>> => {
      const list = org?.[kind];
      const on = features[kind];
      // Known off: the repository's list would only say so (403/404 "disabled"), on either path.
      if (on === false) return { ok: false, ...OFF[kind] };
      if (list === undefined || !list.ok || on === undefined) return listRepoAlerts(client, owner, repo, kind);
      const open = list.value.get(repo);
      // Code scanning on with no open alert in the organisation list: clean, or never analysed? Only the
      // repository's own list tells (404 "no analysis found" → NotAvailable), so it is asked; never a guessed zero.
      if (kind === 'codeScanning' && open === undefined) return listRepoAlerts(client, owner, repo, kind);
      usedOrgLists = true;
      return { ok: true, value: open ?? [] };
    }),
  );
  return { alerts: { dependabot: read[0]!, codeScanning: read[1]!, secretScanning: read[2]! }, usedOrgLists };
}

/** Feature states from what the collector already read: the vulnerability-alert setting and security_and_analysis. */
export function featureStates(repo: Json, vulnerabilityAlerts: Outcome<number>, isAdmin: boolean): FeatureStates {
  const sa = repo['security_and_analysis'] as Json | null | undefined;
  const status = (key: string): boolean | undefined => {
    const s = str(((sa ?? {})[key] as Json | undefined)?.['status']);
    return s === 'enabled' ? true : s === 'disabled' ? false : undefined;
  };
  // 204 = on; 404 = off only for an admin (without admin, 404 is also "not visible").
  const dependabot = !vulnerabilityAlerts.ok ? undefined : vulnerabilityAlerts.value === 204 ? true : vulnerabilityAlerts.value === 404 && isAdmin ? false : undefined;
  return { dependabot, codeScanning: status('advanced_security'), secretScanning: status('secret_scanning') };
}
