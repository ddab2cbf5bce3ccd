import type { GithubClient } from '../../src/sdk/github.js';
import { attempt, getObject, listAll, type Json, type Outcome } from './call.js';

/** GET /orgs/{org}/repos?type=all: every repository the token can see (with permissions and security_and_analysis). */
export function listOrgRepos(client: GithubClient, org: string): Promise<Outcome<Json[]>> {
  return attempt(() => listAll(client, 'GET /orgs/{org}/repos', { org, type: 'all', sort: 'full_name' }));
}

/** GET /repos/{owner}/{repo}: for configured names the listing did not show (404 = cannot be read). */
export function getRepo(client: GithubClient, owner: string, repo: string): Promise<Outcome<Json>> {
  return attempt(() => getObject(client, 'GET /repos/{owner}/{repo}', { owner, repo }));
}
