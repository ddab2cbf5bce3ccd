import type { Status, StatusCounts } from '../model/status.js';
import type { EvidenceSource } from './source.js';

/** One resource's result in a run. */
export interface RunResult {
  readonly checkId: string;
  readonly scope: string;
  readonly resourceId: string;
  readonly status: Status;
  readonly reason: string;
  /** Only on `excepted` results: the underlying status and the exception id that covers it. */
  readonly underlying?: 'fail' | 'error';
  readonly exceptionId?: string;
}

/** What a result set is known by before it is opened: choose by these, then only the chosen are decompressed. */
export interface ResultSetRef {
  readonly checkId: string;
  readonly scope: string;
  readonly counts: StatusCounts;
}

/**
 * Per-resource results of a sealed run, in (check, scope, resource) order. `where` picks result sets
 * from their stored row (check, scope, counts) so that sets that do not matter are never decompressed.
 */
export function resultsOf(
  source: EvidenceSource,
  runId: number,
  where: (set: ResultSetRef) => boolean = () => true,
  /** Which results of the chosen sets to give (all when absent): the others are never copied. */
  keep?: (status: Status) => boolean,
): RunResult[] {
  const out: RunResult[] = [];
  for (const set of source.resultSets(runId)) {
    if (!where(set)) continue;
    const { checkId, scope } = set;
    for (const r of source.results(set.resultsHash)) {
      if (keep !== undefined && !keep(r.status)) continue;
      // The optional keys are added in place, not spread from a new object per result (107,000 results in a day
      // at the benchmark's default size; issue 15). Same keys in the same order.
      const result: { -readonly [K in keyof RunResult]: RunResult[K] } = { checkId, scope, resourceId: r.resourceId, status: r.status, reason: r.reason };
      if (r.underlying !== undefined) result.underlying = r.underlying;
      if (r.exceptionId !== undefined) result.exceptionId = r.exceptionId;
      out.push(result);
    }
  }
  return out;
}
