import type { GithubClient } from '../../src/sdk/github.js';
import { attempt, getObject, type Json, type Outcome } from './call.js';

export interface ActionsRaw {
  readonly permissions: Outcome<Json>;
  /** Only fetched when allowed_actions is `selected`. */
  readonly selected: Outcome<Json> | null;
  readonly workflow: Outcome<Json>;
}

/** GET /orgs/{org}/actions/permissions (+ /selected-actions) and /actions/permissions/workflow. */
export async function getActionsPermissions(client: GithubClient, org: string): Promise<ActionsRaw> {
  const [permissions, workflow] = await Promise.all([
    attempt(() => getObject(client, 'GET /orgs/{org}/actions/permissions', { org })),
    attempt(() => getObject(client, 'GET /orgs/{org}/actions/permissions/workflow', { org })),
  ]);
  const selected =
    permissions.ok && permissions.value['allowed_actions'] === 'selected'
      ? await attempt(() => getObject(client, 'GET /orgs/{org}/actions/permissions/selected-actions', { org }))
      : null;
  return { permissions, selected, workflow };
}
