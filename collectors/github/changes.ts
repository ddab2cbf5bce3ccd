import type { GithubClient } from '../../src/sdk/github.js';
import type { CollectContext } from '../../src/model/collector.js';
import type { Observation, PopulationGap } from '../../src/model/observation.js';
import { str, type Json, type Outcome } from './call.js';
import { listDirectPushes } from './direct-pushes.js';
import { normalizeDirectPush, normalizePullRequest, observation } from './normalize.js';
import { getPull, listMergedPulls, listReviews, type Window } from './pull-requests.js';

/**
 * Change-management evidence of one repository, read by REST (this file) or by the batched GraphQL query
 * (changes-graphql.ts) into one raw form, then judged by one function (changeObservations) so both paths
 * give the same observations and the same gaps.
 */

type Attribute = CollectContext['stats']['attribute'];

/** Each event population's own window: a failure of one never moves the other's start (src/runner/change-window.ts). */
export interface ChangeWindows {
  readonly pulls: Window;
  readonly pushes: Window;
}

/** A merged pull request in REST's shapes: the list item, its detail (`merged_by`) and its reviews. */
export interface PullRead {
  readonly pr: Json;
  readonly detail: Outcome<Json>;
  readonly reviews: Outcome<Json[]>;
  /** The calls its record rests on. */
  readonly operations: readonly string[];
}

export interface ChangesRaw {
  readonly pulls: Outcome<PullRead[]>;
  /** null when the pull requests could not be listed (direct pushes cannot be told from merges then). */
  readonly pushes: Outcome<Json[]> | null;
  readonly pushCalls: readonly string[];
}

/** The REST path: GET /pulls (list), per merged pull request GET /pulls/{n} and /reviews, then the default branch's commits. */
export async function restChanges(client: GithubClient, org: string, name: string, branch: string, w: ChangeWindows, attribute: Attribute): Promise<ChangesRaw> {
  const { value: pulls, operations: listing } = await attribute(() => listMergedPulls(client, org, name, branch, w.pulls));
  if (!pulls.ok) return { pulls, pushes: null, pushCalls: [] };
  const reads: PullRead[] = [];
  for (const pr of pulls.value) {
    const read = await attribute(() => Promise.all([getPull(client, org, name, Number(pr['number'])), listReviews(client, org, name, Number(pr['number']))]));
    const [detail, reviews] = read.value;
    reads.push({ pr, detail, reviews, operations: [...listing, ...read.operations] });
  }
  // The list (not each pull request's detail) gives the merge commits, a shortcut only: a commit it does not
  // explain (e.g. merged before the pull-request window) is looked up on its own, so the windows may differ.
  const mergeShas = new Set(pulls.value.map((p) => str(p['merge_commit_sha'])).filter((s): s is string => s !== null));
  const { value: pushes, operations: pushCalls } = await attribute(() => listDirectPushes(client, org, name, branch, w.pushes, mergeShas));
  return { pulls: { ok: true, value: reads }, pushes, pushCalls };
}

/**
 * Observations and gaps from what was read. Each population that cannot be read is a gap for its own type
 * (checks → error), and what the other gave is kept. Direct pushes are the commits no merged pull request
 * explains, so without the pull-request list they cannot be told from merges: that is a gap for both.
 */
export function changeObservations(org: string, name: string, branch: string, scope: string, raw: ChangesRaw, gaps: PopulationGap[]): Observation[] {
  const out: Observation[] = [];
  if (!raw.pulls.ok) {
    gaps.push({ type: 'github.pull_request', reason: `${org}/${name}: ${raw.pulls.reason}` });
    gaps.push({ type: 'github.direct_push', reason: `${org}/${name}: merged pull requests could not be listed, so direct pushes cannot be told from merges (${raw.pulls.reason})` });
    return out;
  }
  for (const { pr, detail, reviews, operations } of raw.pulls.value) {
    // Unread approvals leave the record's checks `error`; the gap also keeps the window open, so the next
    // good run reads this pull request again instead of leaving it unjudged for good.
    if (!reviews.ok) gaps.push({ type: 'github.pull_request', reason: `${org}/${name}#${String(pr['number'])}: reviews: ${reviews.reason}` });
    // Without the merger the change record is incomplete: a gap (checks → error), never a guessed value.
    if (!detail.ok) {
      gaps.push({ type: 'github.pull_request', reason: `${org}/${name}#${String(pr['number'])}: ${detail.reason}` });
      continue;
    }
    out.push(observation('github.pull_request', `github:${org}/${name}#${String(pr['number'])}`, scope, normalizePullRequest(org, name, pr, reviews, detail.value), [...operations]));
  }
  const pushes = raw.pushes;
  if (pushes === null) return out;
  if (!pushes.ok) {
    gaps.push({ type: 'github.direct_push', reason: `${org}/${name}: ${pushes.reason}` });
    return out;
  }
  for (const c of pushes.value) out.push(observation('github.direct_push', `github:${org}/${name}@${String(c['sha'])}`, scope, normalizeDirectPush(org, name, branch, c), [...raw.pushCalls]));
  return out;
}
