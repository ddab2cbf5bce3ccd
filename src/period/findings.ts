import type { EvidenceSource } from './source.js';
import { resultsOf, type RunResult } from './results.js';

/**
 * Every result of a sealed run that is not pass or not_applicable (fail, error, excepted): what a team
 * acts on. In (check, scope, resource) order; result sets with nothing to act on stay compressed.
 */
export function findingsOf(source: EvidenceSource, runId: number): RunResult[] {
  // The passes beside a set's findings are skipped before they are copied (59,546 of a default-size day's results).
  return resultsOf(
    source,
    runId,
    (s) => s.counts.fail + s.counts.error + s.counts.excepted > 0,
    (status) => status !== 'pass' && status !== 'not_applicable',
  );
}
