import type { StoreQueries } from './queries.js';
import { computeSeal } from './seal.js';

/**
 * Whether a sealed run still matches its seal, for the commands that READ evidence (report, period, sample,
 * export, the server): the same recomputation `verify` does for every run, done here for each run read, so a
 * tampered run is never shown as evidence without a word (issue 14, defect 10). It checks the run's header,
 * collection and result-set rows against its seal, and its link to the previous sealed run's seal (a run
 * deleted or re-sealed before it). Blob contents are checked against their hashes whenever they are read
 * (blob-repository.ts). A chain recomputed wholesale passes here: signatures and checkpoints catch that.
 *
 * Returns the problem in words, or null when the run matches (or is not sealed: callers refuse those anyway).
 */
export function sealProblem(queries: StoreQueries, runId: number): string | null {
  const run = queries.getRun(runId);
  if (run === undefined || run.status !== 'sealed' || run.seal === null) return null;
  if (computeSeal(run, queries.collections(runId), queries.resultSets(runId), run.prevSeal) !== run.seal) {
    return `run ${runId} does not match its seal: its header, collections or result sets were edited or deleted`;
  }
  const previous = queries.sealedRunBefore(runId);
  // With no sealed run before it, the link is to a pruned run (its tombstone) or nothing: `verify` checks that.
  if (previous !== undefined && previous.seal !== run.prevSeal) {
    return `run ${runId} does not chain to the seal of the sealed run before it (${previous.id}): a run was deleted or re-sealed`;
  }
  return null;
}
