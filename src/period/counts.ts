import type { StatusCounts } from '../model/status.js';
import { runIdSpans } from '../store/run-spans.js';
import type { EvidenceSource } from './source.js';

/** One check's counts in one sealed run, summed over its scopes. */
export interface CheckCounts {
  readonly checkId: string;
  /** How many scopes the check was evaluated in. */
  readonly scopes: number;
  readonly counts: StatusCounts;
}

/** Per-check counts of a sealed run, by check id; read from the stored counts, no blob is opened. */
export function checkCountsOfRun(source: EvidenceSource, runId: number): CheckCounts[] {
  return source.checkCounts(runId, runId).map(({ checkId, scopes, counts }) => ({ checkId, scopes, counts }));
}

/**
 * Per-check counts of several sealed runs at once (run id → check id → counts), with a range query over the
 * stored counts per span of nearby run ids (runIdSpans: a period's runs are one span or a few, a sample's drawn
 * days' as many as there are days apart); runs not in `runIds` are dropped. With `checkIds`, only those checks
 * are read (a sample of one control reads its few checks' rows, not the year's every row).
 */
export function checkCountsOfRuns(source: EvidenceSource, runIds: readonly number[], checkIds?: readonly string[]): Map<number, Map<string, CheckCounts>> {
  const out = new Map<number, Map<string, CheckCounts>>(runIds.map((id) => [id, new Map()]));
  for (const { first, last } of runIdSpans(runIds)) {
    for (const row of source.checkCounts(first, last, checkIds)) {
      out.get(row.runId)?.set(row.checkId, { checkId: row.checkId, scopes: row.scopes, counts: row.counts });
    }
  }
  return out;
}
