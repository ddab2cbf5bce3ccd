import type { Status } from '../model/status.js';
import type { ResultSetRow } from '../store/index.js';
import type { EvidenceSource } from './source.js';
import { readResultsDifference } from '../store/tree-kinds.js';

export interface ResultChange {
  readonly checkId: string;
  readonly scope: string;
  readonly resourceId: string;
  /** null: the resource was not there in the earlier run */
  readonly from: Status | null;
  /** null: the resource is gone in the later run */
  readonly to: Status | null;
  readonly reason: string | null;
}

export interface DiffOptions {
  /**
   * Checks that test events in a window (merged pull requests, direct pushes): each run sees a new
   * window, so only new failing events are changes — last window's events are not "gone", and a
   * quiet window is not news.
   */
  readonly isEventCheck: (checkId: string) => boolean;
}

const setKey = (s: { checkId: string; scope: string }) => `${s.checkId}\u0000${s.scope}`;

/**
 * Resource-level differences between two sealed runs (the caller has checked both seals), sorted by check then
 * resource. Only result sets whose content hash changed are decompressed. Between two runs of seal version 2 only
 * the rows of checks whose lines differ are read: a line's hash covers all of its check's rows, so an equal line is
 * an unchanged check (a day of the benchmark's year: 6 of 71 checks, 10 of 312 sets; issue 15).
 */
export function diffRuns(source: EvidenceSource, beforeRunId: number, afterRunId: number, options: DiffOptions): ResultChange[] {
  const linesBefore = source.checkLines(beforeRunId);
  const linesAfter = source.checkLines(afterRunId);
  if (linesBefore === undefined || linesAfter === undefined) return diffResultSets(source, source.resultSets(beforeRunId), source.resultSets(afterRunId), options);
  const hashBefore = new Map(linesBefore.map((l) => [l.checkId, l.resultSetsHash]));
  const changed = linesAfter.filter((l) => hashBefore.get(l.checkId) !== l.resultSetsHash).map((l) => l.checkId);
  const afterIds = new Set(linesAfter.map((l) => l.checkId));
  changed.push(...linesBefore.filter((l) => !afterIds.has(l.checkId)).map((l) => l.checkId));
  if (changed.length === 0) return [];
  return diffResultSets(source, source.resultSetsOfChecks(beforeRunId, changed), source.resultSetsOfChecks(afterRunId, changed), options);
}

function diffResultSets(source: EvidenceSource, before: readonly ResultSetRow[], after: readonly ResultSetRow[], options: DiffOptions): ResultChange[] {
  const prev = new Map(before.map((s) => [setKey(s), s]));
  const next = new Map(after.map((s) => [setKey(s), s]));
  const changes: ResultChange[] = [];
  for (const key of new Set([...prev.keys(), ...next.keys()])) {
    const a = prev.get(key);
    const b = next.get(key);
    if (a && b && a.resultsHash === b.resultsHash) continue;
    const { checkId, scope } = (b ?? a)!;
    const event = options.isEventCheck(checkId);
    // Both sides present: only the parts of their trees that differ are read (a changed set of 5,000 results
    // read whole on both sides was most of a day's diff; issue 15).
    const lists = a && b ? readResultsDifference(source.getBlob(a.resultsHash), source.getBlob(b.resultsHash), (hash) => source.getBlob(hash)) : { before: a ? source.results(a.resultsHash) : [], after: b ? source.results(b.resultsHash) : [] };
    const oldResults = new Map(lists.before.map((r) => [r.resourceId, r]));
    const newResults = new Map(lists.after.map((r) => [r.resourceId, r]));
    for (const resourceId of new Set([...oldResults.keys(), ...newResults.keys()])) {
      const o = oldResults.get(resourceId);
      const n = newResults.get(resourceId);
      if (o && n && o.status === n.status) continue;
      if (event && (o !== undefined || (n?.status !== 'fail' && n?.status !== 'error'))) continue;
      changes.push({ checkId, scope, resourceId, from: o?.status ?? null, to: n?.status ?? null, reason: n?.reason ?? o?.reason ?? null });
    }
  }
  return changes.sort((x, y) => x.checkId.localeCompare(y.checkId) || x.resourceId.localeCompare(y.resourceId));
}
