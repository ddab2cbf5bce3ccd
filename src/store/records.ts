import { compareText } from '../util/compare.js';
import type { PopulationGap } from '../model/observation.js';
import { STATUSES, emptyCounts, type StatusCounts } from '../model/status.js';
import { canonicalJson } from '../util/canonical.js';
import { toCanonicalBlob, type CanonicalBlob } from './blob-codec.js';
import type { CollectionRecord, Manifest, ResultSetRecord, StoredResult } from './types.js';

/**
 * Pure preparation of what completeRun writes: the canonical content of manifest and results
 * blobs. Canonical order (sorted keys, sorted arrays) is what makes an unchanged day hash the same
 * as the day before and so cost no new blob.
 */


export interface PreparedCollection {
  manifest: Manifest;
  /** Observation hash → the observation itself (each distinct one is a blob). */
  observations: Map<string, unknown>;
}

/**
 * `onObservation` receives each observation's canonical bytes and hash as they are computed for the manifest,
 * so the caller stages them as they are: a run canonicalizes and hashes each observation once, not twice
 * (the largest part of a daily store step), without holding every observation's bytes at once.
 */
export function prepareCollection(record: CollectionRecord, onObservation?: (blob: CanonicalBlob) => void): PreparedCollection {
  const where = `collection ${record.collector} / ${record.scope}`;
  const byId: Record<string, string> = {};
  const observations = new Map<string, unknown>();
  const types = new Map<string, number>();
  for (const observation of record.observations) {
    const blob = toCanonicalBlob(observation);
    const hash = blob.hash;
    const existing = byId[observation.id];
    // The manifest is keyed by observation id; two different observations under one id would
    // silently drop evidence, so it is refused here rather than stored wrong.
    if (existing !== undefined && existing !== hash) {
      throw new Error(`${where}: two different observations share the id '${observation.id}'`);
    }
    // One count per manifest entry: an observation repeated under its id is listed once.
    if (existing === undefined) types.set(observation.type, (types.get(observation.type) ?? 0) + 1);
    byId[observation.id] = hash;
    observations.set(hash, observation);
    onObservation?.(blob);
  }
  const gaps: PopulationGap[] = [...new Map(record.gaps.map((g) => [canonicalJson(g), { type: g.type, reason: g.reason }])).entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([, gap]) => gap);
  const typeCounts = Object.fromEntries([...types.entries()].sort(([a], [b]) => compareText(a, b)));
  return { manifest: { observations: byId, gaps, types: typeCounts }, observations };
}

export interface PreparedResultSet {
  results: StoredResult[];
  counts: StatusCounts;
}

export function prepareResultSet(record: ResultSetRecord): PreparedResultSet {
  const counts = emptyCounts();
  const results: StoredResult[] = [];
  for (const result of record.results) {
    if (result.checkId !== record.checkId || result.scope !== record.scope) {
      throw new Error(
        `result for ${result.checkId} / ${result.scope} handed over in result set ${record.checkId} / ${record.scope}`,
      );
    }
    if (!STATUSES.includes(result.status)) {
      throw new Error(`result ${record.checkId} / ${result.resourceId}: unknown status '${String(result.status)}'`);
    }
    if ((result.status === 'excepted') !== (result.underlying !== undefined && result.exceptionId !== undefined)) {
      throw new Error(`result ${record.checkId} / ${result.resourceId}: an excepted result carries its underlying status and exception id, and only an excepted one does`);
    }
    counts[result.status] += 1;
    // Keys in canonical order (exceptionId, reason, resourceId, status, underlying): canonicalJson then
    // prints the leaves without copying each result (issue 15). The stored bytes are the same either way.
    results.push(
      result.underlying !== undefined
        ? { exceptionId: result.exceptionId!, reason: result.reason, resourceId: result.resourceId, status: result.status, underlying: result.underlying }
        : { reason: result.reason, resourceId: result.resourceId, status: result.status },
    );
  }
  results.sort(compareResults);
  return { results, counts };
}

/** Sorted by resourceId; the canonical text breaks (rare) ties so the order never depends on input order. */
export function compareResults(a: StoredResult, b: StoredResult): number {
  return compareText(a.resourceId, b.resourceId) || compareText(canonicalJson(a), canonicalJson(b));
}
