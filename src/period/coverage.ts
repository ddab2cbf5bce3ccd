import { collectionKey, computeCoverage, expectedScopesOf, type Coverage, type ScopeOrigin } from '../model/expected-scope.js';
import type { CollectionStatus, RunRow } from '../store/index.js';
import type { EvidenceSource } from './source.js';

/** One expected collector × scope and what the run recorded for it. */
export interface ScopeCoverageRow {
  readonly collector: string;
  readonly scope: string;
  readonly origin: ScopeOrigin;
  /** The collection's status; null when the run recorded no collection for it. */
  readonly collection: CollectionStatus | null;
  readonly collected: boolean;
  /** Why it was not collected; null when it was. */
  readonly reason: string | null;
}

/** Coverage of a run (complete / partial / empty, counts, missing with reasons) and one row per expected scope. */
export interface RunCoverage extends Coverage {
  readonly scopes: readonly ScopeCoverageRow[];
}

/**
 * What the run said it must cover (its stored scope blob, never today's config) against the
 * collections it recorded. Reads one small blob; no manifest is opened.
 */
export function coverageOf(source: EvidenceSource, run: RunRow): RunCoverage {
  const expected = expectedScopesOf(source.getBlob(run.scopeHash));
  const collections = source.collections(run.id);
  const coverage = computeCoverage(expected, collections);
  const status = new Map(collections.map((c) => [collectionKey(c), c.status]));
  const missing = new Map(coverage.missing.map((m) => [collectionKey(m), m.reason]));
  return {
    ...coverage,
    scopes: expected.map((e) => ({
      collector: e.collector,
      scope: e.scope,
      origin: e.origin,
      collection: status.get(collectionKey(e)) ?? null,
      collected: !missing.has(collectionKey(e)),
      reason: missing.get(collectionKey(e)) ?? null,
    })),
  };
}
