import type { GithubClient } from '../../src/sdk/github.js';
import { attempt, getObject, listAll, str, type Json, type Outcome } from './call.js';

export interface Window {
  /** Inclusive lower bound (ISO). */
  readonly since: string;
  /** Exclusive upper bound (ISO): this collection's start, so the next run's window starts exactly here. */
  readonly until: string;
}

export function inWindow(at: string | null, w: Window): boolean {
  if (at === null) return false;
  const t = Date.parse(at);
  return t >= Date.parse(w.since) && t < Date.parse(w.until);
}

/**
 * Pull requests merged into `base` within the window: GET /pulls?state=closed&base&sort=updated&direction=desc,
 * stopping at the first page whose items were all last updated before the window (merged_at ≤ updated_at).
 */
export function listMergedPulls(client: GithubClient, owner: string, repo: string, base: string, w: Window): Promise<Outcome<Json[]>> {
  const since = Date.parse(w.since);
  return attempt(async () => {
    const all = await listAll(client, 'GET /repos/{owner}/{repo}/pulls', { owner, repo, state: 'closed', base, sort: 'updated', direction: 'desc' }, (page) =>
      page.every((p) => Date.parse(str(p['updated_at']) ?? '') < since),
    );
    return all.filter((p) => inWindow(str(p['merged_at']), w));
  });
}

/** GET /repos/{o}/{r}/pulls/{n}/reviews */
export function listReviews(client: GithubClient, owner: string, repo: string, pullNumber: number): Promise<Outcome<Json[]>> {
  return attempt(() => listAll(client, 'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', { owner, repo, pull_number: pullNumber }));
}

/** GET /repos/{o}/{r}/pulls/{n}: the list endpoint does not carry `merged_by`; this one does. */
export function getPull(client: GithubClient, owner: string, repo: string, pullNumber: number): Promise<Outcome<Json>> {
  return attempt(() => getObject(client, 'GET /repos/{owner}/{repo}/pulls/{pull_number}', { owner, repo, pull_number: pullNumber }));
}
