import type { AlertEventType } from '../config/daemon-schema.js';
import type { Status } from '../model/status.js';
import { collectionHealth, rollupStatus, sumCounts, type ControlRef, type EvidenceReader, type EvidenceSource } from '../period/index.js';

/**
 * What is worth a message: a CHANGE between two consecutive sealed runs (a control starts failing
 * or recovers, a collector starts erroring), a missed slot, an exception about to expire. A control
 * failing for thirty days is one message on the first day, not thirty. The first sealed run is the
 * baseline: it has nothing to change from (its failures are in the report).
 *
 * Events carry ids, statuses and stored (already scrubbed) reasons only: never configuration,
 * credentials or URLs.
 */
export interface AlertEvent {
  readonly type: AlertEventType;
  /** Identity of the change: a webhook gets one delivery per key, across restarts. */
  readonly key: string;
  /** One human line. */
  readonly summary: string;
  readonly runId: number | null;
  readonly details: Readonly<Record<string, string | number | null>>;
}

export interface ControlChangeInput {
  readonly reader: EvidenceReader;
  readonly source: EvidenceSource;
  readonly runId: number;
  readonly controls: readonly ControlRef[];
  /** Owner by control id (`owners:` in the config), when known. */
  readonly ownerOf: (controlId: string) => string | null;
  /**
   * The run to compare with: per-collector schedules pass the previous run of the SAME schedule (null for
   * its first run: the baseline), since the sealed run just before may be another schedule's that tested
   * none of these controls. Absent: the sealed run before `runId`.
   */
  readonly previousRunId?: number | null;
}

/** Controls that started failing or recovered, and collectors that started erroring, in `runId` against the sealed run before it. */
export function runChangeEvents(input: ControlChangeInput): AlertEvent[] {
  const { reader, runId } = input;
  if (input.previousRunId === null) return [];
  const previous = input.previousRunId === undefined ? reader.previousSealedRun(runId) : reader.sealedRun(input.previousRunId);
  if (!previous) return [];
  const now = controlStatuses(reader, runId, input.controls);
  const before = controlStatuses(reader, previous.id, input.controls);
  const events: AlertEvent[] = [];
  for (const control of input.controls) {
    const key = `${control.framework}:${control.controlId}`;
    const was = before.get(key);
    const is = now.get(key);
    if (was === undefined || is === undefined || was === is) continue;
    const details = { framework: control.framework, control: control.controlId, owner: input.ownerOf(control.controlId), from: was, to: is, previousRunId: previous.id };
    if (is === 'fail') {
      events.push({ type: 'control_failing', key: `control_failing:${key}:run-${runId}`, summary: `${control.framework} ${control.controlId} started failing (was ${was})`, runId, details });
    } else if (was === 'fail' && is !== 'error') {
      events.push({ type: 'control_recovered', key: `control_recovered:${key}:run-${runId}`, summary: `${control.framework} ${control.controlId} recovered (now ${is})`, runId, details });
    }
  }
  const prevCollections = new Map(collectionHealth(input.source, previous.id).map((c) => [`${c.collector}\u0000${c.scope}`, c]));
  for (const c of collectionHealth(input.source, runId)) {
    const was = prevCollections.get(`${c.collector}\u0000${c.scope}`);
    if (c.status !== 'error' || was?.status === 'error') continue;
    events.push({
      type: 'collector_erroring',
      key: `collector_erroring:${c.collector}:${c.scope}:run-${runId}`,
      summary: `collector ${c.collector} started erroring for ${c.scope}: its checks record error`,
      runId,
      details: { collector: c.collector, scope: c.scope, reason: truncate(c.error), previousStatus: was?.status ?? null },
    });
  }
  return events;
}

/** A control's status in a run: the rollup of its checks' counts; undefined when none of them ran. */
function controlStatuses(reader: EvidenceReader, runId: number, controls: readonly ControlRef[]): Map<string, Status> {
  const counts = new Map(reader.checkCounts(runId).map((c) => [c.checkId, c.counts]));
  const out = new Map<string, Status>();
  for (const control of controls) {
    const own = control.checks.map((id) => counts.get(id)).filter((c) => c !== undefined);
    if (own.length > 0) out.set(`${control.framework}:${control.controlId}`, rollupStatus(sumCounts(own)));
  }
  return out;
}

/**
 * Slots the agent did not run (one message for a batch: an outage is one change). `schedule`: a per-collector
 * schedule's name (src/scheduler/schedules.ts); the main schedule's slots keep their original key and words.
 */
export function missedSlotsEvent(slots: readonly string[], reason: string, schedule = 'default'): AlertEvent | null {
  if (slots.length === 0) return null;
  const first = slots[0]!;
  const last = slots[slots.length - 1]!;
  const main = schedule === 'default';
  const what = main ? 'scheduled run' : `scheduled run of ${schedule}`;
  const summary = slots.length === 1 ? `${what} at ${first} was missed: ${reason}` : `${slots.length} ${what}s from ${first} to ${last} were missed: ${reason}`;
  const key = main ? `slot_missed:${first}:${last}` : `slot_missed:${schedule}:${first}:${last}`;
  return { type: 'slot_missed', key, summary, runId: null, details: { ...(main ? {} : { schedule }), firstSlot: first, lastSlot: last, count: slots.length, reason } };
}

export interface ExpiringException {
  readonly id: string;
  readonly expires: string;
  readonly covers: string;
}

/** Exceptions whose last day is within `withinDays` of `today` (both YYYY-MM-DD in the audit zone), once per exception and expiry. */
export function expiringExceptionEvents(exceptions: readonly ExpiringException[], today: string, withinDays: number): AlertEvent[] {
  const dayMs = 86_400_000;
  return exceptions
    .map((e) => ({ e, days: Math.round((Date.parse(`${e.expires}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / dayMs) }))
    .filter(({ days }) => days >= 0 && days <= withinDays)
    .map(({ e, days }) => ({
      type: 'exception_expiring' as const,
      key: `exception_expiring:${e.id}:${e.expires}`,
      summary: `exception ${e.id} (${e.covers}) expires ${days === 0 ? 'today' : `in ${days} day${days === 1 ? '' : 's'}`} (${e.expires})`,
      runId: null,
      details: { exception: e.id, covers: e.covers, expires: e.expires, daysLeft: days },
    }));
}

function truncate(text: string | null): string | null {
  return text === null ? null : text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
