import type { GithubClient } from '../../src/sdk/github.js';
import { attempt, listAll, type Json, type Outcome } from './call.js';

/** GET /repos/{o}/{r}/keys (repository admin). */
export function listDeployKeys(client: GithubClient, owner: string, repo: string): Promise<Outcome<Json[]>> {
  return attempt(() => listAll(client, 'GET /repos/{owner}/{repo}/keys', { owner, repo }));
}
