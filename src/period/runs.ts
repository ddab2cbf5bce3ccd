import type { RunRow, RunStatus, Trigger } from '../store/index.js';
import { auditDay, daysOf, utcWindow, type DayRange } from './days.js';
import { NoEvidenceError, TamperedRunError } from './errors.js';
import type { EvidenceSource } from './source.js';

/** A run as period readers see it: its header, its status and its audit day. */
export interface RunSummary {
  readonly id: number;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  /** Why it ran: `schedule` is the daily evidence; `manual`, `demo` and `test` runs are kept apart by filters. */
  readonly trigger: Trigger;
  readonly status: RunStatus;
  readonly seal: string | null;
  /** The calendar day of `startedAt` in the audit time zone. */
  readonly day: string;
}

export interface TriggerFilter {
  /** Only runs with one of these triggers (all triggers when absent). */
  readonly triggers?: readonly Trigger[];
  /**
   * `every-run` (the default): every sealed run of the range is checked against its seal. `chain-only`: only
   * their chain links (a run deleted or re-sealed); the caller then checks the seals of the runs its answer
   * shows (EvidenceReader.assertSealed) — `sample`, which shows the drawn days' runs only (issue 15).
   */
  readonly sealChecks?: 'every-run' | 'chain-only';
}

export interface AuditDay {
  readonly day: string;
  /** Sealed runs that started on this day, oldest first. Empty: the day has no evidence. */
  readonly runs: readonly RunSummary[];
}

export interface RunDays {
  readonly timezone: string;
  readonly range: DayRange;
  /** The trigger filter applied; null when every trigger counts. */
  readonly triggers: readonly Trigger[] | null;
  /** Every day of the range in order, including days with no sealed run. */
  readonly days: readonly AuditDay[];
  /**
   * Runs in the range that are not evidence (`running`, or `incomplete`: the writer died or was
   * overtaken), oldest first: gaps an auditor will ask about, listed so they can be explained.
   */
  readonly unsealed: readonly RunSummary[];
  /**
   * The sealed runs' rows as read here, by id: the readers of a run's stored exceptions, scope and programme
   * take its blob hashes from them instead of reading its row again (three per run of a year; issue 15).
   */
  readonly rows: ReadonlyMap<number, RunRow>;
}

export function summarizeRun(run: RunRow, timezone: string): RunSummary {
  return {
    id: run.id,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    trigger: run.trigger,
    status: run.status,
    seal: run.seal,
    day: auditDay(run.startedAt, timezone),
  };
}

/** The run, which must be sealed: anything else is not evidence and is refused by name. */
export function requireSealed(source: EvidenceSource, runId: number): RunRow {
  const run = source.getRun(runId);
  if (!run) throw new NoEvidenceError(`run ${runId} does not exist`);
  if (run.status !== 'sealed') throw new NoEvidenceError(`run ${runId} is ${run.status}, not sealed: it is not evidence`);
  // Sealed is not enough: the rows read must still match the seal (a tampered run is refused by name).
  const problem = source.sealProblem(runId);
  if (problem !== null) throw new TamperedRunError([problem]);
  return run;
}

/** Runs per audit day over a range: the population an auditor samples from, gaps included. */
export function runsByDay(source: EvidenceSource, timezone: string, range: DayRange, filter: TriggerFilter = {}): RunDays {
  const days = daysOf(range);
  const { fromIso, toIso } = utcWindow(range);
  const wanted = filter.triggers ? new Set(filter.triggers) : null;
  const rows = new Map<number, RunRow>();
  const runs = source
    .runsStartedBetween(fromIso, toIso)
    .filter((r) => wanted === null || wanted.has(r.trigger))
    .map((r) => {
      if (r.status === 'sealed') rows.set(r.id, r);
      return summarizeRun(r, timezone);
    })
    .filter((r) => r.day >= range.from && r.day <= range.to);
  // Every sealed run of the period is checked against its seal: one that does not match refuses the period.
  // All of them, not only those an answer draws on: a deleted or re-sealed run shows only in its successor's link.
  const sealed = runs.filter((r) => r.status === 'sealed').map((r) => r.id);
  const tampered =
    filter.sealChecks === 'chain-only'
      ? sealed.length === 0 ? [] : source.chainProblems(Math.min(...sealed), Math.max(...sealed))
      : source.sealProblems(sealed);
  if (tampered.length > 0) throw new TamperedRunError(tampered);
  const byDay = new Map<string, RunSummary[]>(days.map((d) => [d, []]));
  for (const run of runs) if (run.status === 'sealed') byDay.get(run.day)?.push(run);
  return {
    timezone,
    range: { from: range.from, to: range.to },
    triggers: filter.triggers ? [...filter.triggers] : null,
    days: days.map((day) => ({ day, runs: byDay.get(day) ?? [] })),
    unsealed: runs.filter((r) => r.status !== 'sealed'),
    rows,
  };
}
