import type { DayContext, FailedCollection, Gap } from './day-context.js';
import type { DayCell, DayStatus } from './series.js';

/** Days of a period by verdict. `no_evidence` and `error` days are gaps; neither is ever counted as a pass. */
export type DayTally = Record<DayStatus, number>;

/** Consecutive audit days from the first failing day to the first day the thing stopped failing. */
export interface FailureEpisode {
  readonly start: string;
  /** Last day that still failed (or had no verdict inside the episode); null while it is still failing at the period's end. */
  readonly end: string | null;
  /** The day it stopped failing (pass, excepted or not applicable); null when still open. */
  readonly remediatedOn: string | null;
  /** Failing days in the episode (gap days inside it are not counted as failing, nor as fixed). */
  readonly failingDays: number;
  /** From the first failing run's start to the start of the first run that no longer failed, in hours; null when open. */
  readonly hoursToRemediate: number | null;
  readonly firstFailingRunId: number;
  readonly remediatingRunId: number | null;
}

export interface PeriodFigures {
  readonly days: number;
  /** Days the schedule asked for a run. */
  readonly expectedDays: number;
  readonly tally: DayTally;
  readonly firstFailure: string | null;
  readonly longestFailingStreak: { readonly days: number; readonly from: string; readonly to: string } | null;
  readonly episodes: readonly FailureEpisode[];
  readonly gaps: readonly Gap[];
  readonly verdict: Verdict;
}

export const VERDICTS = { clean: 'operated every day in the period', note: 'exceptions to note' } as const;
export type Verdict = (typeof VERDICTS)[keyof typeof VERDICTS];

export interface FigureInputs {
  readonly cells: readonly DayCell[];
  /** One per cell, same order (dayContexts over the same range). */
  readonly contexts: readonly DayContext[];
  /** Run id → startedAt (UTC ISO), for remediation times. */
  readonly startedAt: (runId: number) => string;
  /** Collectors that feed these checks; failed collections of other collectors are not this control's gap. All when absent. */
  readonly collectors?: ReadonlySet<string>;
  /**
   * Whether THESE checks' collectors were scheduled on a day (per-collector schedules: GitHub hourly, AWS on
   * Mondays). When given, it replaces the day's `expected`, and a day they were not scheduled is neither a
   * gap nor counted, even when other collectors' runs sealed that day. Absent: the day context decides.
   */
  readonly expectedDay?: (day: string) => boolean;
}

const FIXED: ReadonlySet<DayStatus> = new Set(['pass', 'excepted', 'not_applicable']);
const HOUR_MS = 3_600_000;

/**
 * The period figures of one check or control from its daily series and the day contexts. Pure: the
 * same cells give the same figures. An episode opens on a failing day and closes on the first later
 * day with a verdict that is not fail: a gap or an error day inside it neither closes it (nothing
 * showed it fixed) nor counts as failing (nothing showed it failing).
 */
export function computeFigures(input: FigureInputs): PeriodFigures {
  const { cells, contexts } = input;
  if (cells.length !== contexts.length) throw new Error('computeFigures: cells and contexts differ in length');
  const tally: DayTally = { pass: 0, fail: 0, error: 0, excepted: 0, not_applicable: 0, no_evidence: 0 };
  const gaps: Gap[] = [];
  const episodes: FailureEpisode[] = [];
  // The running state (open episode, current and longest failing streak) in scalar locals, not objects copied
  // on each failing day (two object spreads each): the default-size year's period has ~46,000 failing cells
  // (issue 15). A plain loop, so the locals are not a closure's context.
  let openStart: string | null = null;
  let openEnd = '';
  let openFailingDays = 0;
  let openRunId = 0;
  let streakDays = 0;
  let streakFrom = '';
  let bestDays = 0;
  let bestFrom = '';
  let bestTo = '';
  let expectedDays = 0;

  for (let i = 0; i < cells.length; i += 1) {
    const cell = cells[i]!;
    const ctx = contexts[i]!;
    if (ctx.day !== cell.day) throw new Error(`computeFigures: day ${cell.day} paired with context ${ctx.day}`);
    const expected = isExpected(cell, ctx, input);
    if (expected) expectedDays += 1;
    const unscheduled = isUnscheduled(cell, ctx, input, expected);
    if (!unscheduled) tally[cell.status] += 1;
    const gap = unscheduled ? null : gapOf(cell, ctx, input.collectors);
    if (gap) gaps.push(gap);

    if (cell.status === 'fail') {
      if (streakDays === 0) streakFrom = cell.day;
      streakDays += 1;
      // The longest streak is the first to reach its length (a later one of equal length does not replace it).
      if (streakDays > bestDays) {
        bestDays = streakDays;
        bestFrom = streakFrom;
        bestTo = cell.day;
      }
      if (openStart === null) {
        openStart = cell.day;
        openFailingDays = 0;
        openRunId = firstRunWith(cell, 'fail');
      }
      openEnd = cell.day;
      openFailingDays += 1;
    } else {
      streakDays = 0;
      if (openStart !== null && FIXED.has(cell.status)) {
        const fixRun = cell.runs.find((r) => r.status !== 'fail')?.runId ?? cell.shownRunId!;
        episodes.push({
          start: openStart,
          end: openEnd,
          remediatedOn: cell.day,
          failingDays: openFailingDays,
          hoursToRemediate: round1((Date.parse(input.startedAt(fixRun)) - Date.parse(input.startedAt(openRunId))) / HOUR_MS),
          firstFailingRunId: openRunId,
          remediatingRunId: fixRun,
        });
        openStart = null;
      }
      // An error or no-evidence day inside an episode leaves it open; its end stays the last failing day.
    }
  }
  if (openStart !== null) {
    episodes.push({ start: openStart, end: null, remediatedOn: null, failingDays: openFailingDays, hoursToRemediate: null, firstFailingRunId: openRunId, remediatingRunId: null });
  }
  const clean = tally.fail === 0 && tally.error === 0 && tally.excepted === 0 && tally.no_evidence === 0 && gaps.length === 0;
  return {
    days: cells.length,
    expectedDays,
    tally,
    firstFailure: episodes[0]?.start ?? null,
    longestFailingStreak: bestDays > 0 ? { days: bestDays, from: bestFrom, to: bestTo } : null,
    episodes,
    gaps,
    verdict: clean ? VERDICTS.clean : VERDICTS.note,
  };
}

function firstRunWith(cell: DayCell, status: string): number {
  return cell.runs.find((r) => r.status === status)?.runId ?? cell.shownRunId!;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The collections of a list that the cell's checks depend on (all of them when the collectors are not known). */
function relevant(cs: readonly FailedCollection[], collectors: ReadonlySet<string> | undefined): readonly FailedCollection[] {
  return collectors === undefined ? cs : cs.filter((c) => collectors.has(c.collector));
}

function list(cs: readonly FailedCollection[]): string {
  return cs.map((c) => `${c.collector} ${c.scope} (run ${c.runId}): ${c.error}`).join('; ');
}

/** Whether the schedule expected the cell's day (the control's collectors' schedules when given, else the day's context). */
function isExpected(cell: DayCell, ctx: DayContext, input: GapInputs): boolean {
  return input.expectedDay ? input.expectedDay(cell.day) : ctx.expected;
}

/** A day without evidence that nothing was expected to produce: neither counted nor a gap. */
function isUnscheduled(cell: DayCell, ctx: DayContext, input: GapInputs, expected: boolean): boolean {
  return cell.status === 'no_evidence' && !expected && (input.expectedDay !== undefined || (ctx.sealedRunIds.length === 0 && ctx.incompleteRunIds.length === 0));
}

/** What a day's gap depends on besides its cell and context. */
export type GapInputs = Pick<FigureInputs, 'expectedDay' | 'collectors'>;

/**
 * The gap of one day, exactly as computeFigures lists it for that day: it depends on that day's cell and context
 * only, so a sample computes it for the days it drew alone (issue 15).
 */
export function dayGap(cell: DayCell, ctx: DayContext, input: GapInputs): Gap | null {
  if (ctx.day !== cell.day) throw new Error(`dayGap: day ${cell.day} paired with context ${ctx.day}`);
  return isUnscheduled(cell, ctx, input, isExpected(cell, ctx, input)) ? null : gapOf(cell, ctx, input.collectors);
}

/** The gap a cell shows, with its reason; null for a day with a verdict (or an unscheduled day without runs). */
function gapOf(cell: DayCell, ctx: DayContext, collectors: ReadonlySet<string> | undefined): Gap | null {
  // Each collection list is filtered only where the cell's status asks for it (a year is ~50,000 cells; issue 15).
  // No closures here: one per call was ~2 allocations per cell, and under tsx (the benchmark's loader) each is
  // also named by a defineProperty call (~60 ms of a year's period).
  if (cell.status === 'no_evidence') {
    if (ctx.dayGap) return ctx.dayGap;
    if (ctx.sealedRunIds.length > 0) return { day: cell.day, reason: 'not_evaluated', detail: cell.note ?? 'not evaluated by the day\'s sealed runs' };
    return null;
  }
  if (cell.status === 'error') {
    const failed = relevant(ctx.failedCollections, collectors);
    if (failed.length > 0) return { day: cell.day, reason: 'collector_failed', detail: list(failed) };
    return { day: cell.day, reason: 'collector_failed', detail: 'results in error (could not be evaluated); no collection failed as a whole' };
  }
  if (ctx.staleCollections.length === 0) return null;
  const stale = relevant(ctx.staleCollections, collectors);
  if (stale.length > 0) return { day: cell.day, reason: 'evidence_stale', detail: list(stale) };
  return null;
}
