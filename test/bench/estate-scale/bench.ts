import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCollection, type CollectionFigures } from './run-collection.js';
import { writeYear, type YearFigures } from './year.js';
import { auditorQueries, type QueryTiming } from './queries.js';
import { belowMinimumNotes, collectionFigures, fitExponent, queryFigures, scaleFigures, speedFigures, yearFigures, type Figure, type ScaleFigures } from './targets.js';
import { countsFor } from './estate.js';
import { renderTable } from './table.js';
import { speedDuring, startSpeedSampler, type PhaseSpeed, type SpeedSample } from './machine-speed.js';

/**
 * The estate-scale benchmark (issue 15): one daily run of a generated estate on the loopback fakes with
 * latency and rate limits, its calls against the theoretical minimum and its wall time against the
 * concurrency bound, the scale curve, a year of storage, and the auditor's queries over that year.
 */

export interface BenchOptions {
  /** 1 = the default size. */
  readonly factor: number;
  readonly latencyMs: number;
  readonly concurrency: number;
  /** The agent's `collectionThreads` (threads collecting AWS scopes, its own included); default 1. */
  readonly threads?: number;
  readonly githubHourMs: number;
  readonly yearDays: number;
  readonly churn: number;
  readonly queryRuns: number;
  /** Each auditor query's timed runs go on until they took this long (QueryJob.minMs); default 0: `queryRuns` runs. */
  readonly queryMs?: number;
  /** Write a V8 CPU profile of each collection run's agent process into this directory. */
  readonly profileDir?: string;
  /** Keep the temporary directory (stores, jobs) for inspection. */
  readonly keep?: boolean;
  /** Progress lines (stderr). */
  readonly progress?: (line: string) => void;
}

export interface BenchResult {
  readonly machine: { cpus: number; cpuModel: string; totalMemoryMb: number; freeMemoryMbAtStart: number; loadAverageAtStart: number[]; node: string; platform: string };
  readonly settings: BenchOptions & { counts: ReturnType<typeof countsFor> };
  readonly startedAt: string;
  readonly elapsedMs: number;
  readonly collection: Omit<CollectionFigures, 'dbPath'>;
  readonly scale: ScaleFigures;
  readonly year: YearFigures;
  readonly queries: Record<string, QueryTiming>;
  /** How fast the machine was during the daily run's collection and each query's timed runs (machine-speed.ts). */
  readonly speed: { readonly collection: PhaseSpeed | null; readonly queries: Record<string, PhaseSpeed | null> };
  /** Every sample of the machine's speed over the whole benchmark (epoch ms, ms of the fixed work). */
  readonly speedSamples: readonly SpeedSample[];
  readonly figures: Figure[];
  readonly notes: string[];
}

export const SIZES: Readonly<Record<string, number>> = { smoke: 0.01, default: 1 };

/**
 * How often the machine's speed is sampled (each sample is ~40–70 ms of CPU on the other core: ~1 % of it at 5 s,
 * little enough not to move the times it stands beside), and how far around a phase a sample still counts for it.
 */
const SPEED_INTERVAL_MS = 5000;
const SPEED_MARGIN_MS = 2 * SPEED_INTERVAL_MS;

export async function runBench(o: BenchOptions): Promise<BenchResult> {
  const say = o.progress ?? (() => undefined);
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    totalMemoryMb: Math.round(totalmem() / 1024 / 1024),
    freeMemoryMbAtStart: Math.round(freemem() / 1024 / 1024),
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
  const dir = mkdtempSync(join(tmpdir(), 'cw-bench-estate-'));
  const sampler = await startSpeedSampler(join(dir, 'speed.txt'), SPEED_INTERVAL_MS);
  try {
    const settings = { latencyMs: o.latencyMs, concurrency: o.concurrency, threads: o.threads ?? 1, githubHourMs: o.githubHourMs, workDir: dir, ...(o.profileDir !== undefined ? { profileDir: o.profileDir } : {}) };
    // The scale curve's points are 1/16, 1/4 and 1 × the size; the last is the main run itself.
    const small = [o.factor / 16, o.factor / 4];
    const points: CollectionFigures[] = [];
    for (const factor of small) {
      say(`scale curve: collecting at ${factor} × the default size`);
      points.push(await runCollection({ ...settings, factor }));
    }
    say(`daily run: collecting at ${o.factor} × the default size`);
    const main = await runCollection({ ...settings, factor: o.factor });
    points.push(main);
    const scalePoints = points.map((p) => ({ factor: p.factor, resources: p.resources, calls: p.calls, collectionMs: p.collectionMs, maxRssMb: p.maxRssMb }));
    const xs = scalePoints.map((p) => p.resources);
    const scale: ScaleFigures = {
      points: scalePoints,
      exponent: {
        calls: fitExponent(xs, scalePoints.map((p) => p.calls)),
        time: fitExponent(xs, scalePoints.map((p) => p.collectionMs)),
        memory: fitExponent(xs, scalePoints.map((p) => p.maxRssMb)),
      },
    };
    say(`year of storage: ${o.yearDays} days written through the store API`);
    const yearPath = join(dir, 'year.db');
    const year = writeYear(main.dbPath, main.runId, yearPath, { churn: o.churn, days: o.yearDays });
    say('auditor queries over the year');
    const queries = await auditorQueries(dir, yearPath, year, o.queryRuns, o.queryMs ?? 0);
    const { dbPath: _db, ...collection } = main;
    const speedSamples = sampler.stop();
    const during = (w: { from: number; to: number }) => speedDuring(speedSamples, w.from, w.to, SPEED_MARGIN_MS);
    const speed = {
      collection: during(main.collectionWindow),
      queries: Object.fromEntries(Object.entries(queries).map(([name, t]) => [name, during(t.timedWindow)])),
    };
    const figures = [...collectionFigures(main), ...scaleFigures(scale), ...yearFigures(year), ...queryFigures(queries), ...speedFigures(speed)];
    const notes = [
      `The year is written through the store API from the sealed day-1 run (its collections and results), with ${o.churn * 100}% of state resources changing a day, two failure episodes and a ${3}-day outage; the collectors ran once, not ${o.yearDays} times.`,
      `GitHub's rate-limit hour lasts ${o.githubHourMs / 1000} s here (its minute 1/60 of that): a run that needs more than the 5,000-request budget waits for the reset as it would on GitHub, in compressed time.`,
      `Wall times depend on the machine's load (load average ${machine.loadAverageAtStart.join(' / ')} at the start); calls, minimums and bytes do not.`,
      ...belowMinimumNotes(main.byService),
    ];
    return { machine, settings: { ...o, counts: countsFor(o.factor) }, startedAt, elapsedMs: performance.now() - started, collection, scale, year, queries, speed, speedSamples, figures, notes };
  } finally {
    sampler.stop();
    if (!o.keep) rmSync(dir, { recursive: true, force: true });
    else say(`kept ${dir}`);
  }
}

export { renderTable };
export function writeFigures(path: string, result: BenchResult): void {
  writeFileSync(path, JSON.stringify(result, null, 2) + '\n');
}
