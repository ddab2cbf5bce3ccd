import type { GithubClient } from '../../src/sdk/github.js';
import { attempt, listAll, type Json, type Outcome } from './call.js';

/** GET /repos/{o}/{r}/collaborators?affiliation=direct (push access needed). */
export function listDirectCollaborators(client: GithubClient, owner: string, repo: string): Promise<Outcome<Json[]>> {
  return attempt(() => listAll(client, 'GET /repos/{owner}/{repo}/collaborators', { owner, repo, affiliation: 'direct' }));
}
