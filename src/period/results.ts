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
export function resultsOf(source: EvidenceSource, runId: number, where: (set: ResultSetRef) => boolean = () => true): RunResult[] {
  const out: RunResult[] = [];
  for (const set of source.resultSets(runId)) {
    if (!where(set)) continue;
    for (const r of source.results(set.resultsHash)) {
      out.push({
        checkId: set.checkId,
        scope: set.scope,
        resourceId: r.resourceId,
        status: r.status,
        reason: r.reason,
        ...(r.underlying !== undefined ? { underlying: r.underlying } : {}),
        ...(r.exceptionId !== undefined ? { exceptionId: r.exceptionId } : {}),
      });
    }
  }
  return out;
}
