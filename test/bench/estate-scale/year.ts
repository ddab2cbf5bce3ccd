import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { COLLECTORS } from '../../../src/registry/index.js';
import type { Observation } from '../../../src/model/observation.js';
import type { CheckResult } from '../../../src/model/result.js';
import { EvidenceStore, type CollectionRecord, type ResultSetRecord } from '../../../src/store/index.js';
import { percentile } from './percentile.js';

/**
 * A year of daily runs of the estate, written through the store API (running the collectors 365 times would
 * take hours): day 1 is the real run the benchmark just sealed (its collections, observations and results,
 * read back from its store), and every later day is derived from it —
 * - days 2 and 3 change nothing (only the change windows move). Day 2 is the first day after day 1, whose
 *   events (the 30-day look-back's merged pull requests and pushes) drop out of the event populations; day 3
 *   follows a day like itself: the "no-change day" (day 2's bytes are reported beside it);
 * - from day 4, `churn` of the state resources change each day (an attribute changes, and for one in ten of
 *   them a check's verdict flips), and the event populations (merged pull requests, direct pushes) get the
 *   day's share of new records (a 30th of day 1's 30-day window);
 * - controls fail and recover: on days 60–64 one check fails wherever it passed, on days 200–201 another does;
 * - an outage: no run at all on days 150–152 (the agent was down).
 * A shorter span (the smoke size) places the same events at the same fractions of it.
 */

export const YEAR_START = '2025-12-06';

/** Days 0–2 (indices): day 1, then two days with no change; churn and new events from index 3. */
const QUIET_DAYS = 3;

/** The scenario's days for a span of `days` (a year: the days above). */
export function scenario(days: number): { outage: number[]; episodes: [number, number][] } {
  const at = (d: number) => Math.max(QUIET_DAYS, Math.round((d / 365) * days));
  return { outage: [at(150), at(150) + 1, at(150) + 2], episodes: [[at(60), at(60) + 4], [at(200), at(200) + 1]] };
}

export interface YearFigures {
  readonly days: number;
  readonly runs: number;
  readonly resources: number;
  readonly day1Bytes: number;
  /** The first day after day 1: nothing changed, but day 1's backlog of events leaves the event populations. */
  readonly firstQuietDayBytes: number;
  /** A day with no change after a day with no change: what an unchanged estate costs a day. */
  readonly noChangeDayBytes: number;
  readonly totalBytes: number;
  readonly bytesPerResourceDay: number;
  /** Median and p95 of the daily store step (beginRun + completeRun: hashing, compressing, writing, sealing). */
  readonly storeStepMs: { readonly median: number; readonly p95: number };
  readonly runIds: { readonly first: number; readonly last: number };
  readonly from: string;
  readonly to: string;
}

export const dayIso = (d: number, hour = 6) => new Date(Date.parse(`${YEAR_START}T00:00:00.000Z`) + d * 86_400_000 + hour * 3_600_000).toISOString();

/** Live bytes of the database: pages in use, WAL content included (what the file holds after a checkpoint). */
function liveBytes(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    const size = db.pragma('page_size', { simple: true }) as number;
    const pages = db.pragma('page_count', { simple: true }) as number;
    const free = db.pragma('freelist_count', { simple: true }) as number;
    return (pages - free) * size;
  } finally {
    db.close();
  }
}

interface Day1 {
  readonly header: { scope: unknown; exceptions: unknown; configHash: string; agentVersion: string };
  readonly collections: CollectionRecord[];
  readonly resultSets: ResultSetRecord[];
}

function readDay1(dbPath: string, runId: number): Day1 {
  const store = EvidenceStore.open(dbPath, { readonly: true });
  try {
    const run = store.getRun(runId)!;
    const collections = store.collections(runId).map((c): CollectionRecord => {
      const manifest = store.manifest(c.manifestHash);
      return {
        collector: c.collector,
        scope: c.scope,
        status: c.status,
        error: c.error,
        apiCalls: c.apiCalls,
        throttles: c.throttles,
        callsByOperation: c.callsByOperation,
        startedAt: c.startedAt,
        finishedAt: c.finishedAt,
        observations: Object.values(manifest.observations).map((h) => store.getBlob<Observation>(h)),
        gaps: manifest.gaps,
      };
    });
    const resultSets = store.resultSets(runId).map((s): ResultSetRecord => ({
      checkId: s.checkId,
      scope: s.scope,
      results: store.results(s.resultsHash).map((r) => ({ ...r, checkId: s.checkId, scope: s.scope })),
    }));
    return { header: { scope: store.getBlob(run.scopeHash), exceptions: store.getBlob(run.exceptionsHash), configHash: run.configHash, agentVersion: run.agentVersion }, collections, resultSets };
  } finally {
    store.close();
  }
}

/** Writes the year into a new store at `yearPath` from the day-1 run in `dbPath`. */
export function writeYear(dbPath: string, runId: number, yearPath: string, opts: { churn: number; days?: number }): YearFigures {
  const days = opts.days ?? 365;
  const day1 = readDay1(dbPath, runId);
  const eventTypes = new Set(COLLECTORS.flatMap((c) => c.eventTypes ?? []));
  const isEvent = (o: Observation) => eventTypes.has(o.type);
  const state = day1.collections.flatMap((c) => c.observations.filter((o) => !isEvent(o)).map((o) => o.id));
  const resources = day1.collections.reduce((n, c) => n + c.observations.filter((o) => !isEvent(o)).length, 0);
  const eventIds = new Set(day1.collections.flatMap((c) => c.observations.filter(isEvent).map((o) => o.id)));
  // The check whose verdict a changed resource flips: the first that judges it.
  const firstCheckOf = new Map<string, string>();
  for (const set of day1.resultSets) for (const r of set.results) if (!firstCheckOf.has(r.resourceId)) firstCheckOf.set(r.resourceId, set.checkId);
  const revision = new Map<string, number>(); // resource → times it changed
  const flipped = new Set<string>(); // `${check}\u0000${resource}` whose verdict is flipped
  const failingChecks = [...new Set(day1.resultSets.filter((s) => s.results.some((r) => r.status === 'pass')).map((s) => s.checkId))].sort();
  const plan = scenario(days);
  const episodes = [
    { check: failingChecks[0], days: plan.episodes[0]! },
    { check: failingChecks[Math.floor(failingChecks.length / 2)], days: plan.episodes[1]! },
  ];

  for (const suffix of ['', '-wal', '-shm']) rmSync(yearPath + suffix, { force: true });
  const store = EvidenceStore.open(yearPath);
  const stepMs: number[] = [];
  let day1Bytes = 0;
  let firstQuietDayBytes = 0;
  let noChangeDayBytes = 0;
  let runs = 0;
  let firstRun = 0;
  let lastRun = 0;
  let cursor = 0;
  try {
    for (let d = 0; d < days; d += 1) {
      if (plan.outage.includes(d)) continue;
      if (d >= QUIET_DAYS) {
        const changes = Math.max(1, Math.round(state.length * opts.churn));
        for (let k = 0; k < changes; k += 1) {
          // A deterministic walk through the resources (a stride coprime with most sizes), so churn spreads out.
          cursor = (cursor + 7919) % state.length;
          const id = state[cursor]!;
          revision.set(id, (revision.get(id) ?? 0) + 1);
          if (k % 10 === 0) {
            const check = firstCheckOf.get(id);
            if (check !== undefined) {
              const key = `${check}\u0000${id}`;
              if (flipped.has(key)) flipped.delete(key);
              else flipped.add(key);
            }
          }
        }
      }
      const eventShare = (id: string) => d === 0 || (d >= QUIET_DAYS && hashOf(id) % 30 === d % 30);
      const rename = (id: string) => (d === 0 ? id : `${id}~d${d}`);
      const collections = day1.collections.map((c) => ({
        ...c,
        startedAt: dayIso(d),
        finishedAt: dayIso(d),
        observations: c.observations.flatMap((o): Observation[] => {
          if (o.type === 'github.change_window') return [{ ...o, attributes: { ...(o.attributes as object), from: dayIso(d - 1), until: dayIso(d) } }];
          if (isEvent(o)) return eventShare(o.id) ? [{ ...o, id: rename(o.id) }] : [];
          const rev = revision.get(o.id);
          return [rev === undefined ? o : { ...o, attributes: { ...(o.attributes as object), benchRevision: rev } }];
        }),
      }));
      const resultSets = day1.resultSets.map((s) => {
        const episode = episodes.find((e) => e.check === s.checkId && d >= e.days[0]! && d <= e.days[1]!);
        const results = s.results.flatMap((r): CheckResult[] => {
          if (eventIds.has(r.resourceId)) return eventShare(r.resourceId) ? [{ ...r, resourceId: rename(r.resourceId) }] : [];
          if (episode !== undefined && r.status === 'pass') return [{ ...r, status: 'fail', reason: 'drift: setting switched off (benchmark episode)' }];
          if (flipped.has(`${s.checkId}\u0000${r.resourceId}`) && (r.status === 'pass' || r.status === 'fail')) {
            return [{ ...r, status: r.status === 'pass' ? 'fail' : 'pass', reason: r.status === 'pass' ? 'changed: now failing (benchmark churn)' : 'changed: now passing (benchmark churn)' }];
          }
          return [r];
        });
        return { ...s, results };
      });
      const before = liveBytes(yearPath);
      const t = performance.now();
      const id = store.beginRun({ startedAt: dayIso(d), trigger: 'test', ...day1.header });
      store.completeRun(id, { finishedAt: dayIso(d, 7), collections, resultSets });
      stepMs.push(performance.now() - t);
      runs += 1;
      if (firstRun === 0) firstRun = id;
      lastRun = id;
      const after = liveBytes(yearPath);
      if (d === 0) day1Bytes = after;
      if (d === 1) firstQuietDayBytes = after - before;
      if (d === 2) noChangeDayBytes = after - before;
    }
  } finally {
    store.close();
  }
  const totalBytes = liveBytes(yearPath);
  return {
    days,
    runs,
    resources,
    day1Bytes,
    firstQuietDayBytes,
    noChangeDayBytes,
    totalBytes,
    bytesPerResourceDay: totalBytes / (resources * runs),
    storeStepMs: { median: percentile(stepMs, 50), p95: percentile(stepMs, 95) },
    runIds: { first: firstRun, last: lastRun },
    from: YEAR_START,
    to: dayIso(days - 1).slice(0, 10),
  };
}

/** A small stable hash of an id (FNV-1a), to spread event records over the days. */
function hashOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
