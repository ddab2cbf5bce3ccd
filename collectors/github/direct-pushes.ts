import type { GithubClient } from '../../src/sdk/github.js';
import { attempt, listAll, str, type Json, type Outcome } from './call.js';
import { inWindow, type Window } from './pull-requests.js';

/**
 * Commits on the default branch in the window that no pull request brought in: GET /commits?sha&since&until,
 * skipping the merge commits of the window's merged pull requests, then GET /commits/{sha}/pulls for the
 * rest (an empty answer = a direct push). Commits of merged-branch history also resolve to their pull request.
 */
export function listDirectPushes(client: GithubClient, owner: string, repo: string, branch: string, w: Window, knownMergeShas: ReadonlySet<string>): Promise<Outcome<Json[]>> {
  return attempt(async () => {
    const commits = (await listAll(client, 'GET /repos/{owner}/{repo}/commits', { owner, repo, sha: branch, since: w.since, until: w.until })).filter((c) =>
      inWindow(str(((c['commit'] as Json | undefined)?.['committer'] as Json | undefined)?.['date']), w),
    );
    const direct: Json[] = [];
    for (const c of commits) {
      const sha = String(c['sha']);
      if (knownMergeShas.has(sha)) continue;
      const pulls = await listAll(client, 'GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', { owner, repo, commit_sha: sha });
      if (!pulls.some((p) => p['merged_at'] !== null)) direct.push(c);
    }
    return direct;
  });
}
