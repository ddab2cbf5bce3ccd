import { MAIN_SCHEDULE, type AlertDelivery, type CollectionStatus, type EvidenceStore, type SlotEventRow, type SlotStatus } from '../store/index.js';
import { requireSealed, summarizeRun, type RunSummary } from './runs.js';
import type { EvidenceSource } from './source.js';

/**
 * The daemon's ledger as readers see it (HTTP API, metrics, dashboard, alerts): slots with their
 * current status and history, the latest sealed run, missed-slot counts, collector health per run
 * and alert deliveries. Read-only; the daemon writes through the store (src/scheduler/daemon.ts).
 */
export type LedgerSource = Pick<EvidenceStore, 'slotEventsBetween' | 'latestSlotEvent' | 'latestSealedRun' | 'alertDeliveries'>;

export interface SlotState {
  /** The schedule it belongs to: `default` (schedule.cron) or a per-collector schedule's name. */
  readonly schedule: string;
  /** Scheduled time, UTC ISO-8601. */
  readonly slotAt: string;
  /** Its latest status: expected, running, ran, missed or skipped. */
  readonly status: SlotStatus;
  /** The run that covered it (ran) or was interrupted (missed after running); null otherwise. */
  readonly runId: number | null;
  /** The latest reason given; for a slot caught up after being missed, the catch-up reason. */
  readonly reason: string | null;
  /** Every recorded change, oldest first (a caught-up slot shows `missed` → `running` → `ran`). */
  readonly history: readonly SlotEventRow[];
}

/** Slots scheduled in [fromIso, toIso), oldest first (by schedule name at the same instant), each with its current status and history. */
export function slotStates(source: LedgerSource, fromIso: string, toIso: string): SlotState[] {
  const bySlot = new Map<string, SlotEventRow[]>();
  for (const e of source.slotEventsBetween(fromIso, toIso)) {
    // A slot is a schedule's instant: two schedules firing at the same second are two slots.
    const key = `${e.slotAt}\u0000${e.schedule ?? MAIN_SCHEDULE}`;
    const list = bySlot.get(key) ?? [];
    list.push(e);
    bySlot.set(key, list);
  }
  return [...bySlot.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, history]) => {
      const last = history[history.length - 1]!;
      const runId = [...history].reverse().find((e) => e.runId !== null)?.runId ?? null;
      return { schedule: last.schedule ?? MAIN_SCHEDULE, slotAt: last.slotAt, status: last.status, runId, reason: last.reason, history };
    });
}

/** Slots in the range whose current status is `missed` (a caught-up slot counts as ran). */
export function missedSlotCount(source: LedgerSource, fromIso: string, toIso: string): number {
  return slotStates(source, fromIso, toIso).filter((s) => s.status === 'missed').length;
}

/** Whether a slot was ever missed, even if later caught up (an auditor asks about both). */
export function everMissed(state: SlotState): boolean {
  return state.history.some((e) => e.status === 'missed');
}

export function latestSealedRunSummary(source: LedgerSource, timezone: string): RunSummary | undefined {
  const run = source.latestSealedRun();
  return run && summarizeRun(run, timezone);
}

export function alertDeliveries(source: LedgerSource): AlertDelivery[] {
  return source.alertDeliveries();
}

export interface CollectionHealth {
  readonly collector: string;
  readonly scope: string;
  readonly status: CollectionStatus;
  readonly error: string | null;
  readonly apiCalls: number;
  readonly throttles: number;
}

/** Each collection of a sealed run with its status (what "a collector starts erroring" compares). */
export function collectionHealth(source: EvidenceSource, runId: number): CollectionHealth[] {
  requireSealed(source, runId);
  return source.collections(runId).map((c) => ({ collector: c.collector, scope: c.scope, status: c.status, error: c.error, apiCalls: c.apiCalls, throttles: c.throttles }));
}
