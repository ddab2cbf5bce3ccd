import type { CheckCountsRow, StoreQueries } from './queries.js';
import type { CollectionRow, ResultSetRow, RunRow } from './types.js';
import { sealMatches, sealMatchesText } from './seal.js';
import { runIdSpans } from './run-spans.js';

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
  if (run === undefined || run.status !== 'sealed') return null;
  // With no sealed run before it, the link is to a pruned run (its tombstone) or nothing: `verify` checks that.
  return problemOf(run, queries.collections(runId), queries.resultSets(runId), queries.sealedRunBefore(runId));
}

/**
 * sealProblem for many runs, the same checks in the same words: their rows are read with one range query per
 * table for each span of run ids instead of four queries per run (a year's `period` or `sample` checks every
 * run of the year; issue 15). Returns the problem (or null) by run id, for every id asked.
 *
 * The rows are read as seal material text built by SQLite (seal.ts sealMatchesText); a run whose text does not
 * hash to its seal is checked again from its rows (sealMatches), which gives the verdict and its words. A run that
 * matched through the text hands its per-check counts, summed from the rows its seal covers, to `onCounts`.
 */
export function sealProblems(queries: StoreQueries, runIds: readonly number[], onCounts?: (runId: number, counts: CheckCountsRow[]) => void): Map<number, string | null> {
  const out = new Map<number, string | null>();
  for (const { first, last, wanted } of runIdSpans(runIds)) {
    const texts = sealTexts(queries, first, last);
    // The chain link of each run is to the latest sealed run before it, whatever its status in between.
    let previous = queries.sealedRunBefore(first);
    for (const run of queries.runsBetweenIds(first, last)) {
      if (wanted.has(run.id)) {
        const sets = texts?.resultSets.get(run.id);
        if (run.status !== 'sealed' || run.seal === null) out.set(run.id, null); // not evidence: callers refuse it by name
        else if (texts && sealMatchesText(run, texts.collections.get(run.id) ?? '[]', sets?.text ?? '[]', run.prevSeal, run.seal)) {
          const problem = chainProblem(run, previous);
          out.set(run.id, problem);
          if (problem === null) onCounts?.(run.id, sets?.counts ?? []);
        } else {
          out.set(run.id, problemOf(run, queries.collections(run.id), queries.resultSets(run.id), previous));
        }
      }
      if (run.status === 'sealed') previous = run;
    }
    for (const id of wanted) if (!out.has(id)) out.set(id, null); // no such run: callers refuse it by name anyway
  }
  return out;
}

/**
 * The span's rows as seal material text; null when SQLite cannot print them as JSON (json_object refuses a BLOB
 * value, which only an edited row holds): then every run of the span is checked from its rows, which names it.
 */
function sealTexts(queries: StoreQueries, first: number, last: number) {
  try {
    return { collections: queries.collectionSealTexts(first, last), resultSets: queries.resultSetSealTexts(first, last) };
  } catch {
    return null;
  }
}

function problemOf(run: RunRow, collections: CollectionRow[], resultSets: ResultSetRow[], previous: RunRow | undefined): string | null {
  if (run.status !== 'sealed' || run.seal === null) return null;
  if (!sealMatches(run, collections, resultSets, run.prevSeal, run.seal)) {
    return `run ${run.id} does not match its seal: its header, collections or result sets were edited or deleted`;
  }
  return chainProblem(run, previous);
}

/** The link of a sealed run to the seal of the sealed run before it (none before: a pruned run or nothing, which `verify` checks). */
function chainProblem(run: RunRow, previous: RunRow | undefined): string | null {
  if (previous !== undefined && previous.seal !== run.prevSeal) {
    return `run ${run.id} does not chain to the seal of the sealed run before it (${previous.id}): a run was deleted or re-sealed`;
  }
  return null;
}

/**
 * Only the chain links of the sealed runs with ids in [firstRunId, lastRunId]: each run's prev_seal against the
 * seal of the sealed run before it, from the runs table alone (no collection or result-set row is read). It finds
 * a run deleted or re-sealed in the range, not an edited row: for what `sample` does not show (issue 15).
 */
export function chainProblems(queries: StoreQueries, firstRunId: number, lastRunId: number): string[] {
  const problems: string[] = [];
  let previous = queries.sealedRunBefore(firstRunId);
  for (const run of queries.runsBetweenIds(firstRunId, lastRunId)) {
    if (run.status !== 'sealed') continue;
    if (previous !== undefined && previous.seal !== run.prevSeal) {
      problems.push(`run ${run.id} does not chain to the seal of the sealed run before it (${previous.id}): a run was deleted or re-sealed`);
    }
    previous = run;
  }
  return problems;
}
