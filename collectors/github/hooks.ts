import type { GithubClient } from '../../src/sdk/github.js';
import { attempt, listAll, type Json, type Outcome } from './call.js';

/** GET /orgs/{org}/hooks (owners / admin:org_hook; 404 otherwise). */
export function listOrgHooks(client: GithubClient, org: string): Promise<Outcome<Json[]>> {
  return attempt(() => listAll(client, 'GET /orgs/{org}/hooks', { org }));
}

/** GET /repos/{owner}/{repo}/hooks (repository admin; 404 otherwise). */
export function listRepoHooks(client: GithubClient, owner: string, repo: string): Promise<Outcome<Json[]>> {
  return attempt(() => listAll(client, 'GET /repos/{owner}/{repo}/hooks', { owner, repo }));
}
