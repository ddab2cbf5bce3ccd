import { compareText } from '../../src/util/compare.js';
import { unknown } from '../../src/model/unknown.js';
import { login, str, type Json, type Outcome } from './call.js';
import type { GithubOrgAttributes, OutsideCollaboratorGrantValue } from './observations.js';

/**
 * Joins the organisation's outside collaborators with each in-scope repository's direct collaborators
 * (already fetched for `github.repo`), so the outside-collaborator check can tell read access from write.
 * Pure: no I/O, the same inputs always give the same (sorted) value.
 */

export interface RepoCollaborators {
  readonly repository: string;
  /** The repository's direct collaborators, or why they could not be read (incl. an unreadable repository). */
  readonly collaborators: Outcome<Json[]>;
}


export function joinOutsideAccess(
  outside: Outcome<string[]>,
  repositories: Outcome<readonly RepoCollaborators[]>,
): GithubOrgAttributes['outsideCollaboratorAccess'] {
  if (!outside.ok) return unknown(`outside collaborator list could not be read (${outside.reason})`);
  if (!repositories.ok) return unknown(`repositories could not be listed, so their collaborators are unknown (${repositories.reason})`);
  // GitHub logins are case-insensitive; report them as the outside-collaborator list spells them.
  const outsiders = new Map(outside.value.map((l) => [l.toLowerCase(), l]));
  const grants: OutsideCollaboratorGrantValue[] = [];
  const unreadable: string[] = [];
  for (const repo of repositories.value) {
    if (!repo.collaborators.ok) {
      unreadable.push(`${repo.repository}: ${repo.collaborators.reason}`);
      continue;
    }
    for (const c of repo.collaborators.value) {
      const name = outsiders.get((login(c) ?? '').toLowerCase());
      if (name === undefined) continue;
      grants.push({ login: name, repository: repo.repository, permission: str(c['role_name']) ?? 'unknown' });
    }
  }
  grants.sort((a, b) => compareText(a.login, b.login) || compareText(a.repository, b.repository));
  return { grants, unreadableRepositories: unreadable.sort(compareText) };
}
