import type { GithubClient } from '../../src/sdk/github.js';
import { attempt, listAll, str, type Outcome } from './call.js';

/** GET /orgs/{org}/security-managers: team slugs (GitHub Enterprise Server < 3.x may not offer it: 404). */
export function listSecurityManagers(client: GithubClient, org: string): Promise<Outcome<string[]>> {
  return attempt(async () => (await listAll(client, 'GET /orgs/{org}/security-managers', { org })).map((t) => str(t['slug'])).filter((s): s is string => s !== null));
}
