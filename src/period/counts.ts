import type { StatusCounts } from '../model/status.js';
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
 * Per-check counts of several sealed runs at once (run id → check id → counts), with one range
 * query over the stored counts; runs not in `runIds` are dropped. With `checkIds`, only those checks
 * are read (a sample of one control reads its few checks' rows, not the year's every row).
 */
export function checkCountsOfRuns(source: EvidenceSource, runIds: readonly number[], checkIds?: readonly string[]): Map<number, Map<string, CheckCounts>> {
  const out = new Map<number, Map<string, CheckCounts>>(runIds.map((id) => [id, new Map()]));
  if (runIds.length === 0) return out;
  const first = Math.min(...runIds);
  const last = Math.max(...runIds);
  for (const row of source.checkCounts(first, last, checkIds)) {
    out.get(row.runId)?.set(row.checkId, { checkId: row.checkId, scopes: row.scopes, counts: row.counts });
  }
  return out;
}
