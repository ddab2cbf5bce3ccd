import { emptyCounts, type Status, type StatusCounts } from '../model/status.js';
import { checkCountsOfRuns, type CheckCounts } from './counts.js';
import type { DayRange } from './days.js';
import { runsByDay, type AuditDay, type RunDays, type TriggerFilter } from './runs.js';
import type { RunRow } from '../store/index.js';
import type { EvidenceSource } from './source.js';
import { addCounts, isWorseDay, rollupStatus } from './status-order.js';
import { attestedReader, type DayAttestation } from './attested.js';
import { withAttested } from '../programme/manual.js';

/** A day's verdict. `no_evidence` is never a pass: no sealed run looked at it that day. */
export type DayStatus = Status | 'no_evidence';

export interface DayCell {
  readonly day: string;
  readonly status: DayStatus;
  /** Counts of the run whose verdict is shown; all zero on a `no_evidence` day. */
  readonly counts: StatusCounts;
  /** Every sealed run of the day that evaluated it, oldest first, with its own verdict. */
  readonly runs: readonly { readonly runId: number; readonly status: DayStatus }[];
  /** The run whose verdict is shown (the worst of the day; the latest among equals); null when none. */
  readonly shownRunId: number | null;
  /** Says why the cell is not simply one run's verdict (several runs, no run, not evaluated); null when it is. */
  readonly note: string | null;
  /**
   * A declared manual control's attested status that day, as the shown run recorded it (present only for
   * controls some run declared as manual); its status is already combined into `status` as the worse of both.
   */
  readonly attestation?: DayAttestation | null;
}

export interface CheckSeries {
  readonly checkId: string;
  readonly days: readonly DayCell[];
}

/** A control and the checks that test it (from the check metadata's mappings). */
export interface ControlRef {
  readonly framework: string;
  readonly controlId: string;
  readonly checks: readonly string[];
}

export interface ControlSeries extends ControlRef {
  readonly days: readonly DayCell[];
}

export interface SeriesOptions extends TriggerFilter {
  /** Only these checks (every check found in the range when absent; a listed check never run reads `no_evidence`). */
  readonly checkIds?: readonly string[];
}

export interface ControlSeriesOptions extends TriggerFilter {
  /** Combine each run's recorded manual controls and attestations (reads each run's scope blob); counts only when absent. */
  readonly attestations?: boolean;
}

/** One run's verdict on a check or control, or undefined when the run did not evaluate it. */
type RunVerdict = (runId: number) => { status: DayStatus; counts: StatusCounts; attestation?: DayAttestation | null } | undefined;

/**
 * Per-check daily series over a range, from the stored counts only (one range query, no blob read).
 * A check's status in a run is the rollup of its counts over every scope.
 */
export function checkSeries(source: EvidenceSource, timezone: string, range: DayRange, options: SeriesOptions = {}, loaded?: SeriesInput): CheckSeries[] {
  const { days, counts } = loaded ?? loadSeries(source, timezone, range, options);
  const ids = options.checkIds ?? [...new Set([...counts.values()].flatMap((m) => [...m.keys()]))].sort();
  return ids.map((checkId) => ({
    checkId,
    days: days.map((d) =>
      cell(d, (runId) => {
        const c = counts.get(runId)?.get(checkId);
        return c && { status: rollupStatus(c.counts), counts: c.counts };
      }),
    ),
  }));
}

/**
 * Per-control daily series: in each run, a control's status is the rollup of the summed counts of its
 * mapped checks present in that run (as the daily report computes it), combined as the worse of both with
 * its attested status when the run's stored programme declares it a manual control (attested.ts: the
 * attestations that run sealed, judged on the day), with `attestations: true`. A control with neither has
 * no series verdict.
 */
export function controlSeries(source: EvidenceSource, timezone: string, range: DayRange, controls: readonly ControlRef[], options: ControlSeriesOptions = {}, loaded?: SeriesInput): ControlSeries[] {
  const { days, counts, rows } = loaded ?? loadSeries(source, timezone, range, options);
  // Attested statuses need each run's small scope blob; a counts-only series (a heatmap of checks) opens none.
  const attestedOf = options.attestations ? attestedReader(source, rows) : () => null;
  return controls.map((control) => ({
    ...control,
    days: days.map((d) =>
      cell(d, (runId) => {
        // The run's counts of the control's checks, summed (none: the run did not evaluate any of them).
        const ofRun = counts.get(runId);
        let summed: StatusCounts | null = null;
        if (ofRun) {
          for (const id of control.checks) {
            const c = ofRun.get(id);
            if (c) addCounts((summed ??= emptyCounts()), c.counts);
          }
        }
        const attestation = attestedOf(runId, control.controlId, d.day);
        if (summed === null && attestation === null) return undefined;
        const status = withAttested(summed === null ? null : rollupStatus(summed), attestation?.status ?? null)!;
        // Literals, not a spread of an optional part: one verdict per control and run (~55,000 a year; issue 15).
        return attestation !== null ? { status, counts: summed ?? emptyCounts(), attestation } : { status, counts: summed ?? emptyCounts() };
      }),
    ),
  }));
}

/** Every control some check maps to, with its checks, in framework then first-seen order. */
export function controlsOf(checks: readonly { readonly id: string; readonly mappings: Readonly<Record<string, readonly string[]>> }[]): ControlRef[] {
  const byKey = new Map<string, { framework: string; controlId: string; checks: string[] }>();
  for (const check of checks) {
    for (const [framework, controlIds] of Object.entries(check.mappings)) {
      for (const controlId of controlIds) {
        const key = `${framework}\u0000${controlId}`;
        const ref = byKey.get(key) ?? { framework, controlId, checks: [] };
        if (!ref.checks.includes(check.id)) ref.checks.push(check.id);
        byKey.set(key, ref);
      }
    }
  }
  return [...byKey.values()].sort((a, b) => a.framework.localeCompare(b.framework));
}

/**
 * Controls declared as manual (attested on a cadence) that no check maps to, in every framework that has
 * them, with no checks: their days come from the attestations each sealed run recorded (attested.ts).
 */
export function manualOnlyControls(
  frameworks: Iterable<{ readonly id: string; readonly controls: readonly { readonly id: string }[] }>,
  manualIds: ReadonlySet<string>,
  automated: readonly ControlRef[],
): ControlRef[] {
  const seen = new Set(automated.map((c) => `${c.framework}\u0000${c.controlId}`));
  return [...frameworks].flatMap((f) => f.controls.filter((c) => manualIds.has(c.id) && !seen.has(`${f.id}\u0000${c.id}`)).map((c): ControlRef => ({ framework: f.id, controlId: c.id, checks: [] })));
}

/** What a series is computed from: the range's days with their sealed runs, and those runs' stored counts. */
export interface SeriesInput {
  readonly days: readonly AuditDay[];
  readonly counts: Map<number, Map<string, CheckCounts>>;
  /** The sealed runs' rows (RunDays.rows), when read: a run's scope blob hash is taken from them. */
  readonly rows?: ReadonlyMap<number, RunRow>;
}

/**
 * The days and counts of a range, for series: the period report loads them once for its control and check
 * series (and takes the days from its day contexts), instead of a year's runs and counts per series (issue 15).
 */
export function loadSeries(source: EvidenceSource, timezone: string, range: DayRange, filter: TriggerFilter, runDays?: RunDays, checkIds?: readonly string[]): SeriesInput {
  const { days, rows } = runDays ?? runsByDay(source, timezone, range, filter);
  return { days, rows, counts: checkCountsOfRuns(source, days.flatMap((d) => d.runs.map((r) => r.id)), checkIds) };
}

function cell(day: AuditDay, verdictOf: RunVerdict): DayCell {
  if (day.runs.length === 0) {
    return { day: day.day, status: 'no_evidence', counts: emptyCounts(), runs: [], shownRunId: null, note: 'no sealed run on this day' };
  }
  if (day.runs.length === 1) return oneRunCell(day.day, day.runs[0]!.id, verdictOf);
  const runs: { runId: number; status: DayStatus; counts: StatusCounts; attestation?: DayAttestation | null }[] = [];
  for (const run of day.runs) {
    const verdict = verdictOf(run.id);
    if (verdict) runs.push({ runId: run.id, status: verdict.status, counts: verdict.counts, ...(verdict.attestation !== undefined ? { attestation: verdict.attestation } : {}) });
  }
  if (runs.length === 0) {
    const ids = day.runs.map((r) => r.id).join(', ');
    return { day: day.day, status: 'no_evidence', counts: emptyCounts(), runs: [], shownRunId: null, note: `not evaluated by this day's sealed runs (${ids})` }; // one run: oneRunCell
  }
  // Runs are oldest first; replacing on "worse or equal" shows the latest among equally bad verdicts.
  let shown = runs[0]!;
  for (let i = 1; i < runs.length; i += 1) if (!isWorseDay(shown.status, runs[i]!.status)) shown = runs[i]!;
  return {
    day: day.day,
    status: shown.status,
    counts: shown.counts,
    runs: runs.map(({ runId, status }) => ({ runId, status })),
    shownRunId: shown.runId,
    note: runs.length > 1 ? `${runs.length} sealed runs on this day; the worst (run ${shown.runId}: ${shown.status}) is shown` : shown.status === 'no_evidence' && shown.attestation ? shown.attestation.reason : null,
    ...(shown.attestation ? { attestation: shown.attestation } : {}),
  };
}

/** cell() for the usual day of one sealed run, without the list of candidate runs (a year is ~55,000 cells; issue 15). */
function oneRunCell(day: string, runId: number, verdictOf: RunVerdict): DayCell {
  const verdict = verdictOf(runId);
  if (!verdict) return { day, status: 'no_evidence', counts: emptyCounts(), runs: [], shownRunId: null, note: `not evaluated by this day's sealed run (${runId})` };
  const { status, counts, attestation } = verdict;
  // The same keys in the same order as cell(), as two literals rather than a spread of an optional part.
  if (!attestation) return { day, status, counts, runs: [{ runId, status }], shownRunId: runId, note: null };
  return { day, status, counts, runs: [{ runId, status }], shownRunId: runId, note: status === 'no_evidence' ? attestation.reason : null, attestation };
}
