import { resultSetsMaterial, resultsProof, type CollectionRow, type ResultSetRow, type RunRow, type StoredResult } from '../store/index.js';
import { canonicalJson } from '../util/canonical.js';
import { requireSealed } from './runs.js';
import type { EvidenceSource } from './source.js';

/** A raw observation behind a result: the blob the run's manifest names for the resource. */
export interface ObservationMaterial {
  readonly hash: string;
  readonly collector: string;
  readonly scope: string;
  readonly resourceId: string;
  readonly blob: unknown;
}

/** Everything one sealed run holds about some checks: what an evidence pack copies out for a sampled item. */
export interface RunMaterial {
  readonly run: RunRow;
  readonly collections: readonly CollectionRow[];
  /**
   * The checks' result sets. With `resourceIds`, `results` holds only those resources and `proof` the
   * stored blobs from the set's root to the leaves holding them (store/results-proof.ts), so the kept
   * results can still be checked against the sealed hash without the rest of the set.
   */
  readonly resultSets: readonly { readonly row: ResultSetRow; readonly results: readonly StoredResult[]; readonly proof?: readonly unknown[] }[];
  readonly observations: readonly ObservationMaterial[];
  readonly scope: unknown;
  readonly exceptions: unknown;
}

/**
 * The stored material of a sealed run for the given checks: its row (with the seal), every collection
 * row (the seal covers them all), the checks' result sets with their results, the observation blobs
 * the results were computed from (the same scope's manifest entry for the resource id), and the scope
 * and exceptions blobs. `resourceIds`, when given, keeps only those resources' results and observations.
 */
export function runMaterial(source: EvidenceSource, runId: number, checkIds: readonly string[], resourceIds?: ReadonlySet<string>): RunMaterial {
  const run = requireSealed(source, runId);
  const collections = source.collections(runId);
  const wanted = new Set(checkIds);
  const resultSets = source
    .resultSets(runId)
    .filter((s) => wanted.has(s.checkId))
    .map((row) => {
      const results = source.results(row.resultsHash);
      if (!resourceIds) return { row, results };
      return { row, results: results.filter((r) => resourceIds.has(r.resourceId)), proof: resultsProof(row.resultsHash, resourceIds, (h) => source.getBlob(h)) };
    });
  const needed = new Map<string, Set<string>>();
  for (const s of resultSets) for (const r of s.results) needed.set(s.row.scope, (needed.get(s.row.scope) ?? new Set()).add(r.resourceId));
  const observations: ObservationMaterial[] = [];
  const seen = new Set<string>();
  for (const c of collections) {
    const ids = needed.get(c.scope);
    if (!ids) continue;
    const manifest = source.manifest(c.manifestHash);
    for (const id of [...ids].sort()) {
      const hash = manifest.observations[id];
      if (hash === undefined || seen.has(`${c.collector}\u0000${hash}`)) continue;
      seen.add(`${c.collector}\u0000${hash}`);
      observations.push({ hash, collector: c.collector, scope: c.scope, resourceId: id, blob: source.getBlob(hash) });
    }
  }
  return { run, collections, resultSets, observations, scope: source.getBlob(run.scopeHash), exceptions: source.getBlob(run.exceptionsHash) };
}

/** Sealed runs from `runId` to the latest, oldest first, with their seals and links: the chain a pack carries from a sampled run to the head. */
export function chainToHead(source: EvidenceSource, runId: number): { id: number; seal: string; prevSeal: string | null }[] {
  const head = source.latestSealedRun();
  if (!head) return [];
  const out: { id: number; seal: string; prevSeal: string | null }[] = [];
  let cur: RunRow | undefined = head;
  while (cur && cur.id >= runId) {
    out.push({ id: cur.id, seal: cur.seal!, prevSeal: cur.prevSeal });
    cur = source.previousSealedRun(cur.id);
  }
  return out.reverse();
}

/**
 * A version-2 seal covers each check's result-set rows through the SHA-256 of their canonical JSON (store/seal.ts):
 * those exact texts, one per check of `rows`, by check id, for an evidence pack to carry and `sha256sum` to check.
 */
export function sealedCheckRows(rows: readonly ResultSetRow[]): Array<{ checkId: string; text: string }> {
  return [...new Set(rows.map((r) => r.checkId))].sort().map((checkId) => ({ checkId, text: canonicalJson(resultSetsMaterial(rows.filter((r) => r.checkId === checkId))) }));
}
