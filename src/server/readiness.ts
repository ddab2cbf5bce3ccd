import type { EvidenceHandle } from './evidence-handle.js';
import type { SlotView } from './ports.js';

/** A schedule the daemon keeps, as readiness judges it: its latest run must be younger than twice its interval. */
export interface ScheduleAge {
  readonly id: string;
  readonly intervalMs: number;
}

export interface Readiness {
  readonly ready: boolean;
  /** Why not, one line each; empty when ready. */
  readonly reasons: readonly string[];
  readonly lastSealedRun: { readonly id: number; readonly finishedAt: string | null; readonly ageSeconds: number } | null;
  readonly maxAgeSeconds: number;
  /** With per-collector schedules: each schedule's latest run from the slot ledger, judged against its own interval. */
  readonly schedules?: readonly { readonly id: string; readonly lastRunId: number | null; readonly ageSeconds: number | null; readonly maxAgeSeconds: number }[];
}

/**
 * Ready = the database opens and answers a query, its file and folder are writable by the writer's
 * user, and the last sealed run is younger than `maxAgeMs` (2× the schedule interval): a daemon that
 * has stopped producing evidence is not ready even though its process is alive (/healthz).
 */
export function readiness(handle: EvidenceHandle, now: Date, maxAgeMs: number): Readiness {
  const reasons: string[] = [];
  let lastSealedRun: Readiness['lastSealedRun'] = null;
  try {
    const latest = handle.evidence().latestSealedRun();
    if (!latest) reasons.push('no sealed run in the store yet');
    else {
      const at = latest.finishedAt ?? latest.startedAt;
      const ageSeconds = Math.max(0, Math.round((now.getTime() - Date.parse(at)) / 1000));
      lastSealedRun = { id: latest.id, finishedAt: latest.finishedAt, ageSeconds };
      if (ageSeconds * 1000 > maxAgeMs) reasons.push(`last sealed run ${latest.id} finished ${at}, ${ageSeconds} s ago: older than 2× the schedule interval (${maxAgeMs / 1000} s)`);
    }
  } catch (err) {
    handle.close(); // retried on the next probe
    reasons.push(`database ${handle.dbPath} cannot be read: ${(err as Error).message}`);
  }
  const notWritable = handle.writable();
  if (notWritable) reasons.push(notWritable);
  return { ready: reasons.length === 0, reasons, lastSealedRun, maxAgeSeconds: maxAgeMs / 1000 };
}

/**
 * Readiness when collectors run on schedules of their own (schedule.perCollector): a fresh hourly GitHub
 * run must not hide that the daily AWS runs stopped, so each schedule's latest `ran` slot in the ledger
 * must point to a sealed run younger than twice THAT schedule's interval. The store checks (opens,
 * writable) are readiness()'s, with the longest interval for the overall latest run.
 */
export function scheduledReadiness(handle: EvidenceHandle, now: Date, schedules: readonly ScheduleAge[], slots: () => readonly SlotView[]): Readiness {
  const longest = Math.max(...schedules.map((s) => s.intervalMs));
  const base = readiness(handle, now, 2 * longest);
  if (!base.lastSealedRun) return base;
  const reasons = [...base.reasons];
  const ledger = slots();
  const perSchedule = schedules.map((schedule) => {
    const maxAgeMs = 2 * schedule.intervalMs;
    const ran = ledger.filter((s) => s.schedule === schedule.id && s.status === 'ran' && s.runId !== null);
    const last = ran[ran.length - 1];
    if (!last) {
      reasons.push(`schedule ${schedule.id} has no run in the slot ledger yet`);
      return { id: schedule.id, lastRunId: null, ageSeconds: null, maxAgeSeconds: maxAgeMs / 1000 };
    }
    const run = handle.evidence().sealedRun(last.runId!);
    const at = run.finishedAt ?? run.startedAt;
    const ageSeconds = Math.max(0, Math.round((now.getTime() - Date.parse(at)) / 1000));
    if (ageSeconds * 1000 > maxAgeMs) reasons.push(`schedule ${schedule.id}: its last run ${run.id} finished ${at}, ${ageSeconds} s ago: older than 2× its interval (${maxAgeMs / 1000} s)`);
    return { id: schedule.id, lastRunId: run.id, ageSeconds, maxAgeSeconds: maxAgeMs / 1000 };
  });
  return { ...base, ready: reasons.length === 0, reasons, schedules: perSchedule };
}
