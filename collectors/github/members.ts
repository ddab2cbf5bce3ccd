import type { GithubClient } from '../../src/sdk/github.js';
import { attempt, listAll, login, type Outcome } from './call.js';

export interface MemberLists {
  readonly admins: Outcome<string[]>;
  readonly members: Outcome<string[]>;
  /** filter=2fa_disabled (owners only: 422 otherwise). */
  readonly without2fa: Outcome<string[]>;
  /** filter=2fa_insecure (owners only). */
  readonly insecure2fa: Outcome<string[]>;
}

const logins = (items: Record<string, unknown>[]) => items.map(login).filter((l): l is string => l !== null);

/** GET /orgs/{org}/members by role, and the owner-only 2FA filters. */
export async function listMembers(client: GithubClient, org: string): Promise<MemberLists> {
  const list = (params: Record<string, string>) => attempt(async () => logins(await listAll(client, 'GET /orgs/{org}/members', { org, ...params })));
  const [admins, members, without2fa, insecure2fa] = await Promise.all([
    list({ role: 'admin' }),
    list({ role: 'member' }),
    list({ filter: '2fa_disabled' }),
    list({ filter: '2fa_insecure' }),
  ]);
  return { admins, members, without2fa, insecure2fa };
}
