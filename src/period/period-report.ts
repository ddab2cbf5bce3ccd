import type { DayRange } from './days.js';
import { contextsOf, dayContexts, type DayContext, type DayContextOptions, type Gap } from './day-context.js';
import { runsByDay } from './runs.js';
import { computeFigures, dayGap, type GapInputs, type PeriodFigures } from './figures.js';
import { exceptionsByDay, scopeChanges, type DayExceptions, type ScopeChange } from './in-force.js';
import { checkSeries, controlSeries, loadSeries, type ControlRef, type DayCell } from './series.js';
import type { EvidenceSource } from './source.js';
import { attestedReader } from './attested.js';

export interface PeriodDay extends DayCell {
  /** Why the day has no clean verdict for this control or check; null when it has one. */
  readonly gap: Gap | null;
}

export interface ControlPeriod extends ControlRef {
  readonly days: readonly PeriodDay[];
  readonly figures: PeriodFigures;
}

export interface CheckPeriod {
  readonly checkId: string;
  readonly days: readonly PeriodDay[];
  readonly figures: PeriodFigures;
}

export interface PeriodReport {
  readonly timezone: string;
  readonly range: DayRange;
  readonly triggers: readonly string[] | null;
  readonly controls: readonly ControlPeriod[];
  readonly checks: readonly CheckPeriod[];
  readonly days: readonly DayContext[];
  readonly exceptions: readonly DayExceptions[];
  readonly scopeChanges: readonly ScopeChange[];
}

export interface PeriodOptions extends DayContextOptions {
  /** Collector ids that feed a check (so a collector failure is only a gap for the checks it feeds). */
  readonly collectorsOfCheck?: (checkId: string) => readonly string[];
  /**
   * Per-collector schedules: the days a collector's own schedule expected a run (undefined: `isExpectedDay`).
   * With `collectorsOfCheck`, a control's expected days are those of the collectors feeding it, so the AWS
   * controls of a weekly AWS schedule have no gap on the days only the hourly GitHub runs sealed.
   */
  readonly expectedDayOfCollector?: (collector: string) => ((day: string) => boolean) | undefined;
}

/**
 * Period figures for controls and their checks over a range: daily series from stored counts, day
 * contexts (gaps with reasons), failure episodes and remediation times, the exceptions and scope in
 * force each day as each run stored them. Reads rows and the small scope/exceptions blobs, never a
 * result blob: a year is a few thousand row reads. The per-check periods, exceptions and scope changes are read
 * when first asked for, so the store must still be open then (every caller asks inside withPeriod).
 */
export function periodReport(source: EvidenceSource, timezone: string, range: DayRange, controls: readonly ControlRef[], options: PeriodOptions = {}): PeriodReport {
  const { runDays, contexts } = dayContexts(source, timezone, range, options);
  const startedAt = new Map(runDays.days.flatMap((d) => d.runs.map((r) => [r.id, r.startedAt] as const)));
  const at = (id: number) => startedAt.get(id) ?? source.getRun(id)!.startedAt;
  const filter = options.triggers ? { triggers: options.triggers } : {};
  const checkIds = [...new Set(controls.flatMap((c) => c.checks))].sort();
  // One read of the year's runs and counts for both series (the day contexts already hold the runs), of the
  // controls' checks only: the series below show nothing else.
  const loaded = loadSeries(source, timezone, range, filter, runDays, checkIds);

  const withFigures = (cells: readonly DayCell[], checks: readonly string[]) => {
    const figures = computeFigures({ cells, contexts, startedAt: at, ...gapInputs(options, checks) });
    const gapByDay = new Map(figures.gaps.map((g) => [g.day, g]));
    const days: PeriodDay[] = new Array(cells.length);
    for (let i = 0; i < cells.length; i += 1) days[i] = withGap(cells[i]!, gapByDay.get(cells[i]!.day) ?? null);
    return { days, figures };
  };

  // Per-check series are computed when first read: the daily log reads them, `period` and `export` show
  // controls only (a year of ~70 checks is ~25,000 cells and their figures; issue 15). From the same loaded
  // rows either way, so the answer does not depend on when it is read.
  let checkPeriods: CheckPeriod[] | undefined;
  // Likewise the exceptions and scope in force each day (a blob read per distinct register, a row per run): the
  // period, export and log documents show them, a sample of one control's days does not.
  let exceptions: DayExceptions[] | undefined;
  let changes: ScopeChange[] | undefined;
  return {
    timezone,
    range: { from: range.from, to: range.to },
    triggers: runDays.triggers,
    controls: controlSeries(source, timezone, range, controls, { ...filter, attestations: true }, loaded).map((s) => ({ framework: s.framework, controlId: s.controlId, checks: s.checks, ...withFigures(s.days, s.checks) })),
    get checks() {
      checkPeriods ??= checkSeries(source, timezone, range, { ...filter, checkIds }, loaded).map((s) => ({ checkId: s.checkId, ...withFigures(s.days, [s.checkId]) }));
      return checkPeriods;
    },
    days: contexts,
    get exceptions() {
      exceptions ??= exceptionsByDay(source, runDays);
      return exceptions;
    },
    get scopeChanges() {
      changes ??= scopeChanges(source, runDays);
      return changes;
    },
  };
}

/**
 * What a control's gaps depend on besides its days: the collectors feeding its checks and, with per-collector
 * schedules, the days those collectors were expected to run.
 */
function gapInputs(options: PeriodOptions, checks: readonly string[]): GapInputs {
  const collectors = options.collectorsOfCheck ? new Set(checks.flatMap((c) => options.collectorsOfCheck!(c))) : undefined;
  const perCollector = options.expectedDayOfCollector;
  if (!perCollector || !collectors || collectors.size === 0) return collectors ? { collectors } : {};
  const dayLevel = options.isExpectedDay ?? (() => true);
  const predicates = [...collectors].map((c) => perCollector(c) ?? dayLevel);
  return { collectors, expectedDay: (day: string) => predicates.some((p) => p(day)) };
}

/** A day of a control's range as a sample of days draws it, before its cell is computed. */
export interface EvaluatedDay {
  readonly day: string;
  /** Whether a sealed run that day evaluated the control (stored a count of one of its checks, or attested it). */
  readonly evaluated: boolean;
}

/**
 * One control's days over a range, each only as far as a draw needs it (whether it has the control's evidence), and
 * the cells and gaps of the days asked for (controlDays).
 */
export interface ControlDays extends ControlRef {
  readonly days: readonly EvaluatedDay[];
  /** The cells of these days (each exactly as periodReport gives it, without its gap), reading only those days' counts. */
  cellsOn(days: readonly string[]): Map<string, DayCell>;
  /** The gaps of these days (each exactly as periodReport gives it), reading only those days' collections. */
  gapsOn(days: readonly string[]): Map<string, Gap | null>;
}

/**
 * One control's days over a range for a sample of days: which days a sealed run evaluated it (the runs holding a
 * count of one of its checks, one id per run, or an attested status), and then, for the days drawn only, their cells
 * (the runs' counts of its checks) and gaps (their collections): a year's counts are ~2,000 rows and its collections
 * ~16,000, a sample's 25 days' a fifteenth of them (issue 15). Cells and gaps are periodReport's for those days.
 */
export function controlDays(source: EvidenceSource, timezone: string, range: DayRange, control: ControlRef, options: PeriodOptions = {}): ControlDays {
  const runDays = runsByDay(source, timezone, range, options);
  const filter = options.triggers ? { triggers: options.triggers } : {};
  const checks = [...new Set(control.checks)].sort();
  const sealedIds = runDays.days.flatMap((d) => d.runs.map((r) => r.id));
  const withChecks = new Set(checks.length === 0 || sealedIds.length === 0 ? [] : source.runsWithChecks(sealedIds[0]!, sealedIds.at(-1)!, checks));
  // A manual control's runs evaluate it when their stored programme attests it that day (the same reader as the cells').
  const attestedOf = attestedReader(source, runDays.rows);
  const days = runDays.days.map((d) => ({ day: d.day, evaluated: d.runs.some((r) => withChecks.has(r.id) || attestedOf(r.id, control.controlId, d.day) !== null) }));
  const inputs = gapInputs(options, control.checks);
  const cells = new Map<string, DayCell>();
  const cellsOn = (asked: readonly string[]): Map<string, DayCell> => {
    const wanted = new Set(asked.filter((d) => !cells.has(d)));
    const toCompute = runDays.days.filter((d) => wanted.has(d.day));
    if (toCompute.length > 0) {
      const loaded = loadSeries(source, timezone, range, filter, { ...runDays, days: toCompute }, checks);
      for (const cell of controlSeries(source, timezone, range, [control], { ...filter, attestations: true }, loaded)[0]!.days) cells.set(cell.day, cell);
    }
    return new Map(asked.flatMap((d) => (cells.has(d) ? [[d, cells.get(d)!] as const] : [])));
  };
  return {
    ...control,
    days,
    cellsOn,
    gapsOn(asked) {
      const contexts = new Map(contextsOf(source, timezone, runDays, options, new Set(asked)).map((c) => [c.day, c]));
      const out = new Map<string, Gap | null>();
      for (const [day, cell] of cellsOn(runDays.days.map((d) => d.day).filter((d) => contexts.has(d)))) out.set(day, dayGap(cell, contexts.get(day)!, inputs));
      return out;
    },
  };
}

/** DayCell's fields, in the order a cell is built with them (series.ts): the order JSON output shows. */
type CopiedCellField = 'day' | 'status' | 'counts' | 'runs' | 'shownRunId' | 'note' | 'attestation';
// Fails to compile when DayCell gains a field withGap does not copy.
const everyCellFieldCopied: [Exclude<keyof DayCell, CopiedCellField>] extends [never] ? true : false = true;
void everyCellFieldCopied;

/**
 * A cell with its gap, as an object literal rather than a spread of the cell: ~55,000 cells a year, and a spread
 * copies through the cell's shape then adds a property to the copy (issue 15). Same keys in the same order.
 */
function withGap(c: DayCell, gap: Gap | null): PeriodDay {
  if (c.attestation === undefined) return { day: c.day, status: c.status, counts: c.counts, runs: c.runs, shownRunId: c.shownRunId, note: c.note, gap };
  return { day: c.day, status: c.status, counts: c.counts, runs: c.runs, shownRunId: c.shownRunId, note: c.note, attestation: c.attestation, gap };
}
