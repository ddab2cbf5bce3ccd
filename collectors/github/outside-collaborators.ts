import type { GithubClient } from '../../src/sdk/github.js';
import { attempt, listAll, login, type Outcome } from './call.js';

/** GET /orgs/{org}/outside_collaborators, all and filter=2fa_disabled (owners only). */
export async function listOutsideCollaborators(client: GithubClient, org: string): Promise<{ all: Outcome<string[]>; without2fa: Outcome<string[]> }> {
  const list = (params: Record<string, string>) =>
    attempt(async () => (await listAll(client, 'GET /orgs/{org}/outside_collaborators', { org, ...params })).map(login).filter((l): l is string => l !== null));
  const [all, without2fa] = await Promise.all([list({}), list({ filter: '2fa_disabled' })]);
  return { all, without2fa };
}
