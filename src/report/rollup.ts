import { emptyCounts, type Status, type StatusCounts } from '../model/status.js';

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
