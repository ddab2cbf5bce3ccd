import type { GithubClient } from '../../src/sdk/github.js';
import { attempt, getObject, type Json, type Outcome } from './call.js';

/** GET /orgs/{org}: settings; owner-only fields are simply absent for other callers. */
export function getOrgSettings(client: GithubClient, org: string): Promise<Outcome<Json>> {
  return attempt(() => getObject(client, 'GET /orgs/{org}', { org }));
}
