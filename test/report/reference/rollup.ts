/**
 * The pre-period-layer report builder, kept verbatim as the test oracle; do not edit.
 * (Frozen from src/report/ as of commit 3ed69ff; only relative import paths were repointed at src/.
 * test/report/same-as-before.test.ts compares its Report with the one built on src/period/.)
 */
import { emptyCounts, type Status, type StatusCounts } from '../../../src/model/status.js';

export function addCounts(into: StatusCounts, from: StatusCounts): StatusCounts {
  for (const k of Object.keys(into) as Status[]) into[k] += from[k];
  return into;
}

/**
 * The status of a group of results: any failure makes it fail; otherwise any error makes it error
 * (it was not fully evaluated, so it cannot pass); a pass needs at least one tested pass.
 */
export function rollupStatus(counts: StatusCounts): Status {
  if (counts.fail > 0) return 'fail';
  if (counts.error > 0) return 'error';
  if (counts.pass > 0) return 'pass';
  if (counts.excepted > 0) return 'excepted';
  return 'not_applicable';
}

export function sumCounts(list: readonly StatusCounts[]): StatusCounts {
  return list.reduce((acc, c) => addCounts(acc, c), emptyCounts());
}
