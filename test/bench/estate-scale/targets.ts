import type { CollectionFigures, ServiceFigures } from './run-collection.js';
import type { YearFigures } from './year.js';
import type { QueryTiming } from './queries.js';
import type { PhaseSpeed } from './machine-speed.js';

/**
 * The benchmark's figures as one flat list: each with its value, its target (from issue 15) and the ratio
 * value ÷ target, so the table and figures.json say at a glance which targets are met. A ratio ≤ 1 meets the
 * target; `met` is null for figures that have no target (context, such as calls per resource).
 */

export interface Figure {
  readonly group: string;
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The target's limit, in the same unit; null when the figure is context only. */
  readonly target: number | null;
  /** value ÷ target; null without a target. */
  readonly ratio: number | null;
  readonly met: boolean | null;
  readonly note?: string;
}

export interface ScalePoint {
  readonly factor: number;
  readonly resources: number;
  readonly calls: number;
  readonly collectionMs: number;
  readonly maxRssMb: number;
}

export interface ScaleFigures {
  readonly points: readonly ScalePoint[];
  readonly exponent: { readonly calls: number; readonly time: number; readonly memory: number };
}

/** Least-squares slope of log(y) on log(x): the exponent b in y ≈ a·xᵇ (1.0 = linear). */
export function fitExponent(xs: readonly number[], ys: readonly number[]): number {
  const lx = xs.map(Math.log);
  const ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
  const my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < lx.length; i += 1) {
    num += (lx[i]! - mx) * (ly[i]! - my);
    den += (lx[i]! - mx) ** 2;
  }
  return den === 0 ? Number.NaN : num / den;
}

function figure(group: string, name: string, value: number, unit: string, target: number | null, note?: string): Figure {
  // A target of 0 (nothing lost) has no ratio: it is met or not.
  const ratio = target === null || target === 0 ? null : value / target;
  const met = target === null ? null : target === 0 ? value === 0 : value <= target;
  return { group, name, value, unit, target, ratio, met, ...(note !== undefined ? { note } : {}) };
}

export function collectionFigures(c: CollectionFigures): Figure[] {
  const out: Figure[] = [];
  for (const [service, s] of Object.entries(c.byService)) {
    const g = `calls: ${service}`;
    if (!s.modelled) {
      out.push(figure(g, 'API calls (attempts)', s.calls, 'calls', null, 'no minimum modelled for this service yet (test/bench/estate-scale/minimum.ts)'));
      continue;
    }
    out.push(figure(g, 'API calls (attempts)', s.calls, 'calls', 1.05 * s.minimum, `theoretical minimum ${s.minimum}; target 1.05 × minimum`));
    out.push(figure(g, 'theoretical minimum', s.minimum, 'calls', null));
    out.push(figure(g, 'calls per resource', s.callsPerResource, 'calls', null, `minimum ${s.minimumPerResource.toFixed(2)} per resource (${s.resources} resources)`));
    out.push(figure(g, 'throttled responses', s.throttled, 'answers', null));
    out.push(figure(g, 'retries', s.retries, 'attempts', null));
    out.push(figure(g, 'concurrency-bound time', s.boundMs / 1000, 's', null));
  }
  for (const [collector, k] of Object.entries(c.byCollector)) {
    const g = `collector: ${collector}`;
    out.push(figure(g, 'API calls (attempts)', k.calls, 'calls', null, `${k.scopes} scopes${k.errorScopes ? `, ${k.errorScopes} failed` : ''}`));
    out.push(figure(g, 'throttled (agent count)', k.throttles, 'answers', null));
    out.push(figure(g, 'wall time', k.wallMs / 1000, 's', null));
  }
  const g = 'daily run';
  out.push(figure(g, 'API calls, all services', c.calls, 'calls', 1.05 * c.minimum, `minimum ${c.minimum}`));
  out.push(figure(g, 'results lost to throttling', c.lostToThrottling, 'results', 0, `of ${c.results} results; ${c.errorResults} error results in all`));
  out.push(figure(g, 'collection wall time', c.collectionMs / 1000, 's', (1.5 * c.boundMs) / 1000, `concurrency-bound limit ${(c.boundMs / 1000).toFixed(1)} s; target 1.5 × limit`));
  out.push(figure(g, 'checks + store step', c.checkAndStoreMs / 1000, 's', null));
  out.push(figure(g, 'whole run (child process)', c.wallMs / 1000, 's', null));
  out.push(figure(g, 'CPU time of the agent (user + system)', c.cpuSeconds, 's', null, 'against the wall time: how much of the run waited on APIs rather than the CPU'));
  out.push(figure(g, 'peak RSS', c.maxRssMb, 'MB', 512));
  for (const [part, mb] of Object.entries(c.memoryPeaksMb)) out.push(figure(g, `peak of memoryUsage().${part}`, mb, 'MB', null, 'where the peak lives'));
  return out;
}

export function scaleFigures(s: ScaleFigures): Figure[] {
  const g = 'scale curve';
  const out: Figure[] = s.points.map((p, i) =>
    figure(g, `${[1, 4, 16][i] ?? '?'}× (${p.resources} resources)`, p.collectionMs / 1000, 's', null, `${p.calls} calls, ${p.maxRssMb.toFixed(0)} MB peak RSS`),
  );
  out.push(figure(g, 'exponent: calls', s.exponent.calls, '', 1.1));
  out.push(figure(g, 'exponent: wall time', s.exponent.time, '', 1.1));
  out.push(figure(g, 'exponent: peak RSS', s.exponent.memory, '', 1.1));
  return out;
}

export function yearFigures(y: YearFigures): Figure[] {
  const g = `year of storage (${y.runs} runs, generated)`;
  return [
    figure(g, 'bytes after day 1', y.day1Bytes, 'B', null),
    figure(g, "bytes added by day 2 (day 1's events drop out)", y.firstQuietDayBytes, 'B', null),
    figure(g, 'bytes added by a no-change day', y.noChangeDayBytes, 'B', 0.01 * y.day1Bytes, 'target < 1% of day 1'),
    figure(g, 'bytes after the year', y.totalBytes, 'B', null),
    figure(g, 'bytes per resource-day', y.bytesPerResourceDay, 'B', 30, `${y.resources} resources`),
    figure(g, 'store step, median', y.storeStepMs.median / 1000, 's', null),
    figure(g, 'store step, p95', y.storeStepMs.p95 / 1000, 's', null),
  ];
}

const QUERY_TARGETS: Record<string, { target: number | null; what: string; stat: 'p95' }> = {
  report: { target: 25, what: 'report, one day', stat: 'p95' },
  // The same day's summary (coverage, controls per framework, findings by severity): what a team reads first,
  // from the stored counts (the full report lists every finding). The issue's target for `report` applied to it.
  reportSummary: { target: 25, what: 'report --view summary, one day', stat: 'p95' },
  period: { target: 500, what: 'period, the year', stat: 'p95' },
  sample: { target: 25, what: 'sample, 25 days of one control', stat: 'p95' },
  export: { target: null, what: "export, one control's year", stat: 'p95' },
  verify: { target: 5000, what: 'verify, the whole chain', stat: 'p95' },
};

/** Which of a command's timed runs its p95 is (nearest rank); of fewer than 20 runs it is the slowest. */
export function p95Note(runs: number): string {
  return runs < 20 ? 'nearest rank: of fewer than 20 runs, the slowest' : `nearest rank ${Math.ceil(0.95 * runs)} of ${runs}`;
}

export function queryFigures(q: Record<string, QueryTiming>): Figure[] {
  const g = 'auditor queries (CLI, in a process of their own)';
  return Object.entries(q).flatMap(([k, t]) => {
    const spec = QUERY_TARGETS[k]!;
    return [
      figure(g, `${spec.what}: first run`, t.firstMs, 'ms', null, 'not in median/p95: JIT, catalogs'),
      figure(g, `${spec.what}: median`, t.medianMs, 'ms', null, `${t.runs} runs`),
      figure(g, `${spec.what}: p95`, t.p95Ms, 'ms', spec.target, p95Note(t.runs)),
      figure(g, `${spec.what}: slowest`, t.maxMs, 'ms', null),
      ...(t.storageReadMb === null ? [] : [figure(g, `${spec.what}: read from storage, timed runs`, t.storageReadMb, 'MB', null, 'not the page cache')]),
    ];
  });
}

/**
 * How fast the machine was during each timed phase (machine-speed.ts): context for every time above, no target.
 * A phase no sample came near has no figure (the smoke test requires them all).
 */
export function speedFigures(speed: { collection: PhaseSpeed | null; queries: Record<string, PhaseSpeed | null> }): Figure[] {
  const g = 'machine speed (a fixed CPU workload, ms; lower = faster)';
  const row = (what: string, p: PhaseSpeed | null) => (p === null ? [] : [figure(g, `during ${what}`, p.medianMs, 'ms', null, `median of ${p.samples} samples, slowest ${p.maxMs.toFixed(1)} ms`)]);
  return [...row("the daily run's collection", speed.collection), ...Object.entries(speed.queries).flatMap(([k, p]) => row(`${QUERY_TARGETS[k]!.what}: timed runs`, p))];
}

/**
 * A note for every operation called fewer times than its minimum. The model then counts a call the agent did not
 * need (the minimum is wrong), or the agent skipped a read its checks need: either way the service's ratio, which
 * sums its operations, would hide it.
 */
export function belowMinimumNotes(byService: Readonly<Record<string, Pick<ServiceFigures, 'below'>>>): string[] {
  return Object.values(byService).flatMap((s) =>
    Object.entries(s.below).map(([op, b]) => `BELOW THE MINIMUM: ${op} was called ${b.calls} times against a minimum of ${b.minimum}: the model or the collector is wrong.`),
  );
}
