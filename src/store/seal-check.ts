import type { CheckCountsRow, StoreQueries } from './queries.js';
import type { RunRow } from './types.js';
import { sealMatches, sealMatchesText } from './seal.js';
import { runIdSpans, spanGroups, type RunSelection } from './run-spans.js';

/**
 * Whether a sealed run still matches its seal, for the commands that READ evidence (report, period, sample,
 * export, the server): the same recomputation `verify` does for every run, done here for each run read, so a
 * tampered run is never shown as evidence without a word (issue 14, defect 10). It checks the run's header,
 * collection and result-set rows against its seal, and its link to the previous sealed run's seal (a run
 * deleted or re-sealed before it). Blob contents are checked against their hashes whenever they are read
 * (blob-repository.ts). A chain recomputed wholesale passes here: signatures and checkpoints catch that.
 *
 * For a run sealed with version 2 the seal covers its check lines (run_checks), which this checks; the result-set
 * rows under each line are checked against it whenever they are read (EvidenceStore.resultSets), so a command that
 * shows only per-check counts (a period, a sample's days) reads ~71 lines a run instead of ~312 rows (issue 15).
 *
 * Returns the problem in words, or null when the run matches (or is not sealed: callers refuse those anyway).
 */
export function sealProblem(queries: StoreQueries, runId: number): string | null {
  const run = queries.getRun(runId);
  if (run === undefined || run.status !== 'sealed') return null;
  // With no sealed run before it, the link is to a pruned run (its tombstone) or nothing: `verify` checks that.
  return problemOf(queries, run, queries.sealedRunBefore(runId));
}

/**
 * sealProblem for many runs, the same checks in the same words: their rows are read with one range query per
 * table for each span of run ids instead of four queries per run (a year's `period` or `sample` checks every
 * run of the year; issue 15). Returns the problem (or null) by run id, for every id asked.
 *
 * The rows are read as seal material text built by SQLite (seal.ts sealMatchesText); a run whose text does not
 * hash to its seal is checked again from its rows (sealMatches), which gives the verdict and its words. A run that
 * matched through the text hands its per-check counts, summed from the rows its seal covers, to `onCounts`.
 *
 * With `ahead` (seal-check-thread.ts), a worker started earlier has been checking spans of these runs: this thread
 * claims the spans left, one at a time, and checks them as above, then takes the worker's digests and counts for
 * the others; a run whose digest does not match, or that has none, is checked from its rows the same way.
 */
export function sealProblems(
  queries: StoreQueries,
  runIds: readonly number[],
  onCounts?: (runId: number, counts: CheckCountsRow[]) => void,
  ahead?: SealCheckAhead,
): Map<number, string | null> {
  if (!ahead) return checkSpans(queries, runIds, onCounts);
  const out = new Map<number, string | null>();
  const asked = new Set(runIds);
  for (let claimed = ahead.claim(); claimed !== null; claimed = ahead.claim()) {
    for (const [id, problem] of checkSpans(queries, claimed.filter((id) => asked.has(id)), onCounts)) out.set(id, problem);
  }
  const digests = ahead.settle();
  const hashed = [...asked].filter((id) => !out.has(id) && digests.covers(id));
  for (const [id, problem] of checkSpans(queries, hashed, onCounts, digests)) out.set(id, problem);
  // Runs the worker was not asked about.
  const rest = [...asked].filter((id) => !out.has(id));
  for (const [id, problem] of checkSpans(queries, rest, onCounts)) out.set(id, problem);
  return out;
}

/** sealProblems' check of runs by spans: from texts read here, or from a worker's digests (`hashed`, which covers every id). */
function checkSpans(
  queries: StoreQueries,
  runIds: readonly number[],
  onCounts: ((runId: number, counts: CheckCountsRow[]) => void) | undefined,
  hashed?: SealDigests,
): Map<number, string | null> {
  const out = new Map<number, string | null>();
  for (const { selection, spans } of spanGroups(runIdSpans(runIds))) {
    // One read of the group's texts: by its range for one span, by the list of ids asked for several short ones.
    const texts = hashed ? null : sealTexts(queries, selection, onCounts !== undefined);
    for (const { first, last, wanted } of spans) {
      // The chain link of each run is to the latest sealed run before it, whatever its status in between.
      let previous = queries.sealedRunBefore(first);
      for (const run of queries.runsBetweenIds(first, last)) {
        if (wanted.has(run.id)) {
          const sets = texts?.resultSets.get(run.id);
          if (run.status !== 'sealed' || run.seal === null) out.set(run.id, null); // not evidence: callers refuse it by name
          else if (hashed ? hashed.digestOf(run) === run.seal : texts && sealMatchesText(run, texts.collections.get(run.id) ?? '[]', sets?.text ?? '[]', run.prevSeal, run.seal)) {
            const problem = chainProblem(run, previous);
            out.set(run.id, problem);
            if (problem === null) onCounts?.(run.id, hashed ? hashed.countsOf(run.id) : (sets?.counts ?? []));
          } else {
            out.set(run.id, problemOf(queries, run, previous));
          }
        }
        if (run.status === 'sealed') previous = run;
      }
      for (const id of wanted) if (!out.has(id)) out.set(id, null); // no such run: callers refuse it by name anyway
    }
  }
  return out;
}

/**
 * What sealProblems takes from a worker (seal-check-thread.ts)'s answer: for a run it asked about, the
 * SHA-256 of its seal material as built from the rows the worker read, to compare with the run's seal.
 */
export interface SealDigests {
  /** Whether the worker was asked about this run id. */
  covers(runId: number): boolean;
  /**
   * The digest of the run's material with this header, or null when the run must be checked from its rows: its
   * rows could not be printed as JSON, or its header is not the one the worker hashed with (read again since).
   */
  digestOf(run: RunRow): string | null;
  /** The per-check counts the worker read with the run's rows (what checkCounts answers after the check). */
  countsOf(runId: number): CheckCountsRow[];
}

/** A seal check started ahead on a worker (seal-check-thread.ts SealCheckThread), as sealProblems drives it. */
export interface SealCheckAhead {
  /** The run ids of the next span nobody has claimed, now this thread's to check; null when none is left. */
  claim(): readonly number[] | null;
  /** Waits for the worker's spans; throws when it failed, exited or did not answer (never a silent pass). */
  settle(): SealDigests;
}

/**
 * The runs' rows as seal material text; null when SQLite cannot print them as JSON (json_object refuses a BLOB
 * value, which only an edited row holds): then every run asked for is checked from its rows, which names it.
 */
function sealTexts(queries: StoreQueries, runs: RunSelection, withCounts: boolean) {
  try {
    return { collections: queries.collectionSealTexts(runs), resultSets: queries.resultSetSealTexts(runs, withCounts) };
  } catch {
    return null;
  }
}

/**
 * From the rows: the seal over the header, the collections and the result sets (version 1: every row; version 2:
 * the stored check lines, whose rows are checked against them when read), and the chain link.
 */
function problemOf(queries: StoreQueries, run: RunRow, previous: RunRow | undefined): string | null {
  if (run.status !== 'sealed' || run.seal === null) return null;
  const sets = run.sealVersion === 2 ? { lines: queries.runChecks(run.id) } : { rows: queries.resultSets(run.id) };
  if (!sealMatches(run, queries.collections(run.id), sets, run.prevSeal, run.seal)) {
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
  // Only the chain columns are read (a year's `sample` checks every link; issue 15).
  let previous: { id: number; seal: string | null } | undefined = queries.sealedRunBefore(firstRunId);
  for (const run of queries.chainLinks(firstRunId, lastRunId)) {
    if (run.status !== 'sealed') continue;
    if (previous !== undefined && previous.seal !== run.prevSeal) {
      problems.push(`run ${run.id} does not chain to the seal of the sealed run before it (${previous.id}): a run was deleted or re-sealed`);
    }
    previous = run;
  }
  return problems;
}
