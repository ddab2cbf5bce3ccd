import { requireSealed } from './runs.js';
import type { EvidenceSource } from './source.js';

/** One collector's API traffic in one sealed run, summed over its scopes (from the stored collection rows). */
export interface CollectorCalls {
  readonly collector: string;
  readonly apiCalls: number;
  readonly throttles: number;
  /** Scopes whose collection did not end `ok` (errors, partial collections). */
  readonly scopesNotOk: number;
  readonly scopes: number;
}

/**
 * API calls and throttles per collector in a sealed run: what /metrics exports, read from the
 * collections rows (no blob opened). A separate function rather than a reader method so adding it
 * leaves the facade's file alone; it applies the same sealed-only rule.
 */
export function collectorCalls(source: EvidenceSource, runId: number): CollectorCalls[] {
  requireSealed(source, runId);
  const byCollector = new Map<string, { apiCalls: number; throttles: number; scopesNotOk: number; scopes: number }>();
  for (const c of source.collections(runId)) {
    const acc = byCollector.get(c.collector) ?? { apiCalls: 0, throttles: 0, scopesNotOk: 0, scopes: 0 };
    acc.apiCalls += c.apiCalls;
    acc.throttles += c.throttles;
    acc.scopes += 1;
    if (c.status !== 'ok') acc.scopesNotOk += 1;
    byCollector.set(c.collector, acc);
  }
  return [...byCollector.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([collector, v]) => ({ collector, ...v }));
}
