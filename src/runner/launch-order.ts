import type { PreviousCollection } from '../model/collector.js';

/**
 * The order in which a run starts its scopes. Scopes run at most `concurrency` at a time, so a long scope
 * started last leaves the run waiting on it alone while the other slots sit idle. Starting the longest
 * first (the "longest processing time first" rule of list scheduling) keeps the slots busy and the run's
 * wall time near its longest scope:
 * 1. a scope never collected before goes first: it may be long, and nothing says it is not;
 * 2. then scopes by how long their last collection took, longest first;
 * 3. with no history at all (a first run), collectors with fewer scopes first: an account- or
 *    organisation-wide scope reads a whole estate, one of many per-region scopes reads a slice of one;
 * 4. ties keep the configuration's order.
 * Only the start order changes: results are always returned in the configuration's order.
 */

export interface LaunchCandidate {
  /** Position in the configuration's order. */
  readonly index: number;
  /** How many scopes the candidate's collector has in this run. */
  readonly collectorScopes: number;
  readonly previous: PreviousCollection | null;
}

export function launchOrder(candidates: readonly LaunchCandidate[]): number[] {
  const rank = (c: LaunchCandidate): [number, number, number] => {
    const duration = c.previous?.durationMs;
    // Unknown duration (a first run, a new scope) ranks before every known one, fewer-scope collectors first.
    return duration === undefined ? [0, c.collectorScopes, 0] : [1, 0, -duration];
  };
  return [...candidates]
    .map((c) => ({ c, key: rank(c) }))
    .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2] || a.c.index - b.c.index)
    .map(({ c }) => c.index);
}
