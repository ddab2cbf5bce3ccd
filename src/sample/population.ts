import { dayIn } from '../util/calendar.js';
import type { ControlRef, DayAttestation, DayCell, DayStatus, EvaluatedDay, EvidenceReader, Gap } from '../period/index.js';
import { periodOf, type Frequency } from './sizes.js';

/** One item an auditor can sample: a day, a period (week, month, …) or a change (a merged pull request). */
export interface PopulationItem {
  /** The id that is ranked (see algorithm.ts). */
  readonly id: string;
  readonly kind: 'day' | 'period' | 'change';
  /** The audit day whose evidence stands for the item. */
  readonly day: string;
  /** The sealed run holding its evidence; null when there is none (the item stays, as "no evidence"). */
  readonly runId: number | null;
  /** The control's verdict that day; for a change, the verdict of its checks on the resource, set when drawn. */
  readonly status: DayStatus;
  /** Why the day has no clean verdict (null: it has one). Set on the drawn items (sample.ts); null until then. */
  readonly gap: Gap | null;
  /** For a change: the observation id (e.g. `github:acme/api#123`). */
  readonly resourceId: string | null;
  /** A manual control's attested status that day as the run recorded it (evidence: the attestation record; sample.ts adds its files' hashes). */
  readonly attestation?: DayAttestation | null;
}

/**
 * A control's days with their cells (a period report's days, each with its gap): what a sample of changes reads, and
 * what sampledDays turns into the days a sample of days draws from.
 */
export interface SampledControl extends ControlRef {
  readonly days: readonly (DayCell & { readonly gap?: Gap | null })[];
}

/**
 * A control's days as a sample of days or periods draws from them: every day with whether it has the control's
 * evidence (all a draw needs), and the cells and gaps of the days drawn (period-report.ts controlDays: a sample of
 * a year's days reads the counts and collections of the days it drew alone; issue 15).
 */
export interface SampledDays extends ControlRef {
  readonly days: readonly EvaluatedDay[];
  /** The cells of these days (with their gaps when the cells carry them). */
  cellsOn(days: readonly string[]): ReadonlyMap<string, DayCell & { readonly gap?: Gap | null }>;
  /** The gaps of these days, when the cells do not carry them. */
  gapsOn?(days: readonly string[]): ReadonlyMap<string, Gap | null>;
}

/** A control whose cells are all known (a period report's) as the days a sample draws from. */
export function sampledDays(control: SampledControl): SampledDays {
  const byDay = new Map(control.days.map((d) => [d.day, d]));
  return {
    framework: control.framework,
    controlId: control.controlId,
    checks: control.checks,
    days: control.days.map((d) => ({ day: d.day, evaluated: d.shownRunId !== null })),
    cellsOn: (days) => new Map(days.flatMap((d) => (byDay.has(d) ? [[d, byDay.get(d)!] as const] : []))),
  };
}

/** A day or period of a population, before the draw: its id and the day whose evidence stands for it. */
export interface DayItem {
  readonly id: string;
  readonly kind: 'day' | 'period';
  readonly day: string;
  /** Whether that day has the control's evidence (a day or period without stays in, as "no evidence"). */
  readonly evaluated: boolean;
}

/** Every day of the period (gap days included) or every period of the frequency. */
export function dayPopulation(control: SampledDays, frequency: Exclude<Frequency, 'per-change'>): DayItem[] {
  if (frequency === 'daily') return control.days.map((d) => ({ id: d.day, kind: 'day', day: d.day, evaluated: d.evaluated }));
  const groups = new Map<string, EvaluatedDay[]>();
  for (const d of control.days) groups.set(periodOf(d.day, frequency), [...(groups.get(periodOf(d.day, frequency)) ?? []), d]);
  return [...groups].map(([id, days]) => {
    // The period's evidence is its last day with a sealed run; a period with none stays in, as no evidence.
    const d = [...days].reverse().find((x) => x.evaluated) ?? days.at(-1)!;
    return { id, kind: 'period', day: d.day, evaluated: d.evaluated };
  });
}

/** A drawn day or period with its day's verdict: the cell's shown run, status, gap and attestation. */
export function dayItemOf(item: DayItem, cell: DayCell & { readonly gap?: Gap | null }): PopulationItem {
  return { id: item.id, kind: item.kind, day: item.day, runId: cell.shownRunId, status: cell.status, gap: cell.gap ?? null, resourceId: null, ...(cell.attestation ? { attestation: cell.attestation } : {}) };
}

/**
 * Change-level population: every observation of `type` (e.g. `github.pull_request`) seen by a sealed
 * run of the period, once, dated by its `mergedAt` attribute when it has one (else the day of the first
 * run that saw it), kept when that day is in the period. The first run that recorded it holds its evidence.
 */
export function changePopulation(evidence: EvidenceReader, control: SampledControl, type: string): PopulationItem[] {
  const seen = new Map<string, PopulationItem>();
  const { from, to } = { from: control.days[0]!.day, to: control.days.at(-1)!.day };
  for (const d of control.days) {
    for (const r of d.runs) {
      for (const o of evidence.observations(r.runId, type)) {
        if (seen.has(o.id)) continue;
        const merged = (o.attributes as { mergedAt?: unknown }).mergedAt;
        const day = typeof merged === 'string' ? dayIn(new Date(merged), evidence.timezone) : d.day;
        if (day < from || day > to) continue;
        seen.set(o.id, { id: o.id, kind: 'change', day, runId: r.runId, status: 'no_evidence', gap: null, resourceId: o.id });
      }
    }
  }
  return [...seen.values()];
}

/** A change item's verdict: the worst result of the control's checks on that resource in its run. */
export function changeStatus(evidence: EvidenceReader, item: PopulationItem, checks: readonly string[]): DayStatus {
  if (item.runId === null || item.resourceId === null) return 'no_evidence';
  const wanted = new Set(checks);
  const results = evidence.results(item.runId, (s) => wanted.has(s.checkId)).filter((r) => r.resourceId === item.resourceId);
  const order: DayStatus[] = ['fail', 'error', 'excepted', 'pass', 'not_applicable'];
  return order.find((s) => results.some((r) => r.status === s)) ?? 'no_evidence';
}
