import type { PreviousCollection } from '../model/collector.js';
import type { CollectionRow, EvidenceStore, Manifest } from '../store/index.js';

/**
 * Where each event population's change window starts (issue 14, defect 2).
 *
 * An event population (merged pull requests, direct pushes) is read per window [from, until), `until` being
 * the collection's start. The rule: a population's next window starts at the end (= the start) of the LAST
 * SEALED COLLECTION THAT READ IT COMPLETELY — same collector × scope, not `error`, and no gap of that type.
 * A failed or gapped collection therefore never moves the window: the next good run reads the failed
 * period again, so the complete windows of sealed runs tile time with no hole and no overlap. When no
 * sealed collection ever read the population, the type is absent and the collector uses its look-back.
 *
 * Unit of completeness: collector × scope × event type. A gap in one repository re-reads the whole
 * scope's window for that type, so an event can be observed by two sealed runs (first by the incomplete
 * one); what tiles is the complete windows, recorded by each collection as evidence (see the collector).
 */

/** The per-collection facts the rule needs; EvidenceStore satisfies it (tests may hand a fake store). */
export type WindowStore = Pick<EvidenceStore, 'listRuns' | 'collections' | 'manifest'>;

/**
 * The `previous` a collector receives: the latest sealed collection of collector × scope (as before), plus
 * `completeThrough`, the window start per event type. Reads sealed runs newest first and stops as soon as
 * every event type has its start.
 */
export function previousCollection(store: WindowStore, collectorId: string, scope: string, eventTypes: readonly string[]): PreviousCollection | null {
  let latest: { runId: number; row: CollectionRow } | null = null;
  const completeThrough: Record<string, string> = {};
  let pending = new Set(eventTypes);
  for (const run of store.listRuns({ status: 'sealed' })) {
    const row = store.collections(run.id).find((c) => c.collector === collectorId && c.scope === scope);
    if (row === undefined) continue;
    latest ??= { runId: run.id, row };
    if (pending.size === 0) break;
    if (row.status === 'error') continue;
    const gapped = gapTypes(row, (h) => store.manifest(h));
    for (const type of pending) if (!gapped.has(type)) completeThrough[type] = row.startedAt;
    pending = new Set([...pending].filter((t) => gapped.has(t)));
    if (pending.size === 0) break;
  }
  if (latest === null) return null;
  return { runId: latest.runId, startedAt: latest.row.startedAt, status: latest.row.status, durationMs: latest.row.durationMs, apiCalls: latest.row.apiCalls, completeThrough };
}

function gapTypes(row: CollectionRow, manifest: (hash: string) => Manifest): Set<string> {
  if (row.gapCount === 0) return new Set();
  return new Set(manifest(row.manifestHash).gaps.map((g) => g.type));
}
