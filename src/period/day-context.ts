import type { CollectionOutcome } from '../store/index.js';
import { auditDay, type DayRange } from './days.js';
import { runsByDay, type RunDays, type TriggerFilter } from './runs.js';
import type { EvidenceSource } from './source.js';

/** Why a day (or a control on a day) has no clean verdict. A gap is never a pass. */
export type GapReason = 'agent_down' | 'run_incomplete' | 'collector_failed' | 'evidence_stale' | 'not_evaluated';

export interface Gap {
  readonly day: string;
  readonly reason: GapReason;
  /** Plain words an auditor can read: which runs, collectors, scopes and errors. */
  readonly detail: string;
}

/** A collection that did not deliver (status `error`) in one of the day's sealed runs. */
export interface FailedCollection {
  readonly runId: number;
  readonly collector: string;
  readonly scope: string;
  readonly error: string;
}

/** What the stored rows say about one audit day, before any control is looked at. */
export interface DayContext {
  readonly day: string;
  /** False when the schedule did not ask for a run that day (then a day with no run is not a gap). */
  readonly expected: boolean;
  readonly sealedRunIds: readonly number[];
  /** The same runs with their start time and seal (what an export links its observations to). */
  readonly sealedRuns: readonly { readonly id: number; readonly startedAt: string; readonly seal: string }[];
  /** Runs that started this day and never sealed (crashed or overtaken): not evidence. */
  readonly incompleteRunIds: readonly number[];
  readonly failedCollections: readonly FailedCollection[];
  /** Collections whose data was gathered on an earlier audit day than the run's: evidence older than the day it stands for. */
  readonly staleCollections: readonly FailedCollection[];
  /** The day's gap when it has no sealed run at all; null otherwise (and on unscheduled days). */
  readonly dayGap: Gap | null;
}

export interface DayContextOptions extends TriggerFilter {
  /**
   * Whether the schedule expected a run on a day. Daily by default; the daemon's slot ledger or
   * `schedule.cron` narrows it. A day not expected and without runs is not a gap.
   */
  readonly isExpectedDay?: (day: string) => boolean;
  /**
   * The daemon's slot ledger over the range (ledger.ts slotStates), when it has one: a day with a slot
   * is expected, and a day without a run names its slots' status and reason (missed while down, skipped).
   */
  readonly slots?: readonly LedgerSlot[];
}

/** A ledger slot as day contexts use it (ledger.ts SlotState is one). */
export interface LedgerSlot {
  readonly slotAt: string;
  readonly status: string;
  readonly reason: string | null;
}

/**
 * Per-day context over a range: sealed and incomplete runs, failed and stale collections, and the
 * gap reason of days without evidence (`run_incomplete` when a run began and never sealed,
 * `agent_down` when nothing ran on an expected day). Reads run and collection rows only.
 */
export function dayContexts(source: EvidenceSource, timezone: string, range: DayRange, options: DayContextOptions = {}): { runDays: RunDays; contexts: DayContext[] } {
  const runDays = runsByDay(source, timezone, range, options);
  return { runDays, contexts: contextsOf(source, timezone, runDays, options) };
}

/**
 * The day contexts of a range's run days: of every day, or with `only` of those days alone (in day order), whose
 * runs' collections are then the only ones read (a sample's drawn days; issue 15). A day's context depends on its
 * own runs, collections and slots only, so it is the same either way.
 */
export function contextsOf(source: EvidenceSource, timezone: string, runDays: RunDays, options: DayContextOptions = {}, only?: ReadonlySet<string>): DayContext[] {
  const days = only ? runDays.days.filter((d) => only.has(d.day)) : runDays.days;
  const slotsByDay = new Map<string, LedgerSlot[]>();
  for (const slot of options.slots ?? []) slotsByDay.set(auditDay(slot.slotAt, timezone), [...(slotsByDay.get(auditDay(slot.slotAt, timezone)) ?? []), slot]);
  const isExpected = (day: string) => slotsByDay.has(day) || (options.isExpectedDay ?? (() => true))(day);
  const incompleteByDay = new Map<string, number[]>();
  for (const run of runDays.unsealed) incompleteByDay.set(run.day, [...(incompleteByDay.get(run.day) ?? []), run.id]);
  // The sealed runs' failed and early-begun collections in a few range reads, not one query per run; a collection
  // that began at or after its run began is neither failed nor stale, so the rest are not read (issue 15).
  const collectionsOf = source.notableCollectionsOfRuns(days.flatMap((d) => d.runs.map((r) => r.id)));
  // Collections of a run mostly share a few start times: each distinct one is turned into its audit day once.
  const auditDays = new Map<string, string>();
  const dayOf = (at: string) => {
    let day = auditDays.get(at);
    if (day === undefined) auditDays.set(at, (day = auditDay(at, timezone)));
    return day;
  };
  return days.map((d): DayContext => {
    const incomplete = incompleteByDay.get(d.day) ?? [];
    const failed: FailedCollection[] = [];
    const stale: FailedCollection[] = [];
    for (const run of d.runs) {
      for (const c of collectionsOf.get(run.id) ?? []) {
        if (c.status === 'error') failed.push(failure(run.id, c, c.error ?? 'collector failed'));
        else if (dayOf(c.startedAt) < d.day) stale.push(failure(run.id, c, `collected on ${dayOf(c.startedAt)}, before the day it stands for`));
      }
    }
    const expected = isExpected(d.day);
    let dayGap: Gap | null = null;
    if (d.runs.length === 0 && incomplete.length > 0) {
      dayGap = { day: d.day, reason: 'run_incomplete', detail: `run ${incomplete.join(', ')} started and never sealed (crashed or interrupted): not evidence` };
    } else if (d.runs.length === 0 && expected) {
      const slots = slotsByDay.get(d.day) ?? [];
      const ledger = slots.map((sl) => `slot ${sl.slotAt} ${sl.status}${sl.reason ? `: ${sl.reason}` : ''}`).join('; ');
      dayGap = { day: d.day, reason: 'agent_down', detail: ledger ? `no run on a scheduled day; ledger: ${ledger}` : 'no run started on a scheduled day (agent down or not scheduled)' };
    }
    return { day: d.day, expected, sealedRunIds: d.runs.map((r) => r.id), sealedRuns: d.runs.map((r) => ({ id: r.id, startedAt: r.startedAt, seal: r.seal! })), incompleteRunIds: incomplete, failedCollections: failed, staleCollections: stale, dayGap };
  });
}

function failure(runId: number, c: CollectionOutcome, error: string): FailedCollection {
  return { runId, collector: c.collector, scope: c.scope, error };
}
