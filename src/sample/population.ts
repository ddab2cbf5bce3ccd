import { dayIn } from '../util/calendar.js';
import type { ControlRef, DayAttestation, DayCell, DayStatus, EvidenceReader, Gap } from '../period/index.js';
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
 * A control's days as a sample draws from them: its day cells, each with its gap (a period report's days), or the
 * gaps of the days asked for (period-report.ts controlDays: a sample of a year's days reads the collections of the
 * days it drew alone; issue 15).
 */
export interface SampledControl extends ControlRef {
  readonly days: readonly (DayCell & { readonly gap?: Gap | null })[];
  gapsOn?(days: readonly string[]): ReadonlyMap<string, Gap | null>;
}

/** Every day of the period (gap days included, as `no_evidence`) or every period of the frequency. */
export function dayPopulation(control: SampledControl, frequency: Exclude<Frequency, 'per-change'>): PopulationItem[] {
  if (frequency === 'daily') {
    return control.days.map((d) => ({ id: d.day, kind: 'day', day: d.day, runId: d.shownRunId, status: d.status, gap: d.gap ?? null, resourceId: null, ...(d.attestation ? { attestation: d.attestation } : {}) }));
  }
  const groups = new Map<string, (typeof control.days)[number][]>();
  for (const d of control.days) groups.set(periodOf(d.day, frequency), [...(groups.get(periodOf(d.day, frequency)) ?? []), d]);
  return [...groups].map(([id, days]) => {
    // The period's evidence is its last day with a sealed run; a period with none stays in, as no evidence.
    const d = [...days].reverse().find((x) => x.shownRunId !== null) ?? days.at(-1)!;
    return { id, kind: 'period', day: d.day, runId: d.shownRunId, status: d.status, gap: d.gap ?? null, resourceId: null, ...(d.attestation ? { attestation: d.attestation } : {}) };
  });
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
