import type { Logger } from 'pino';
import type { AppConfig } from '../config/schema.js';
import pLimit from 'p-limit';
import type { CollectorDefinition, CollectTarget, PreviousCollection } from '../model/collector.js';
import { CollectionThreads, threadable } from './collection-threads.js';
import type { Observation, PopulationGap } from '../model/observation.js';
import { isUnknown } from '../model/unknown.js';
import { CallStats } from '../sdk/call-stats.js';
import { RunCache } from '../model/run-cache.js';
import { scrubText } from '../util/redact.js';
import { runDeadlines, withinDeadline, type Deadlines } from './deadline.js';
import { launchOrder } from './launch-order.js';

export interface InvalidObservation {
  readonly type: string;
  readonly id: string;
  readonly reason: string;
}

/** One collector × scope, as collected: the unit recorded in the `collections` table. */
export interface CollectedScope {
  readonly collector: CollectorDefinition;
  readonly scope: string;
  /** ok: every call answered; partial: some attributes or populations unknown; error: the scope failed. */
  readonly status: 'ok' | 'partial' | 'error';
  readonly error: string | null;
  readonly observations: Observation[];
  readonly gaps: PopulationGap[];
  /** Observations that broke their collector's own schema (a collector bug): their checks record `error`. */
  readonly invalid: InvalidObservation[];
  readonly stats: CallStats;
  readonly startedAt: string;
  readonly finishedAt: string;
}

export interface CollectDeps {
  readonly log: Logger;
  readonly clock: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  /** Secret values to scrub from any error text. */
  readonly secrets: readonly string[];
  /** How many scopes are collected at once (bounded, to stay within API rate limits). */
  readonly concurrency: number;
  /** The same collector × scope in the latest sealed run. */
  readonly previous: (collectorId: string, scope: string) => PreviousCollection | null;
  /** The run's deadlines, counted from its start (discovery spends from the same budget); absent → from now. */
  readonly deadlines?: Deadlines;
  /** Threads collecting AWS scopes, the run's own included (config `collectionThreads`; collection-threads.ts); absent → 1. */
  readonly threads?: number;
  /** A collection thread's entry module (a test's misbehaving thread); absent → collect-worker. */
  readonly threadEntry?: URL;
  /** How long a thread may take to load before it is left out (tests shorten it); absent → 60 s. */
  readonly threadStartupTimeoutMs?: number;
}

/**
 * The targets a collector derives from its own section of the configuration (`config[collector.provider]`):
 * none when that section is absent. The one place a collector is handed configuration.
 */
export function targetsOf(collector: CollectorDefinition, config: AppConfig): CollectTarget[] {
  const section = config[collector.provider];
  return section === undefined ? [] : collector.targets(section);
}

/**
 * Runs every collector over every target it derives from its config section, at most `concurrency`
 * scopes at a time. One failing scope never stops the others. Results keep the config's order, whatever
 * order the scopes finish in.
 */
export async function collectAll(
  collectors: readonly CollectorDefinition[],
  config: AppConfig,
  deps: CollectDeps,
): Promise<CollectedScope[]> {
  const limit = pLimit(deps.concurrency);
  // A scope still queued when the run's deadline passes is an error too.
  const deadlines = deps.deadlines ?? runDeadlines(config.deadlines, deps.clock().getTime());
  // One cache per run, shared by every collector: what one scope read for the whole run is there for the others
  // (an account's proof is the same for every collector; keys name what they hold, so collectors cannot collide).
  const runCache = new RunCache();
  const scopes = collectors.flatMap((collector) => {
    const targets = targetsOf(collector, config);
    return targets.map((target) => {
      const previous = readPrevious(deps, collector.id, target.scope);
      // What placement and launch order go by: a previous collection that could not be read counts as none.
      return { collector, target, collectorScopes: targets.length, previous, known: previous instanceof Error ? null : previous };
    });
  });
  const threads = (deps.threads ?? 1) > 1 && scopes.some((s) => threadable(s.collector)) ? await startThreads(config, deps, runCache) : null;
  threads?.plan(scopes.map((s) => ({ collector: s.collector, scope: s.target.scope, previous: s.known })));
  try {
    // Started longest first (launch-order.ts); each result lands at its configuration position.
    const results = new Array<Promise<CollectedScope>>(scopes.length);
    for (const index of launchOrder(scopes.map((s, i) => ({ index: i, collectorScopes: s.collectorScopes, previous: s.known })))) {
      const { collector, target, previous } = scopes[index]!;
      results[index] = limit(() => collectOne(collector, target, previous, deps, deadlines, runCache, threads));
    }
    return await Promise.all(results);
  } finally {
    await threads?.close();
  }
}

async function startThreads(config: AppConfig, deps: CollectDeps, cache: RunCache): Promise<CollectionThreads> {
  const threads = await CollectionThreads.start({ count: deps.threads ?? 1, config, log: deps.log, cache,
    ...(deps.threadEntry !== undefined ? { entry: deps.threadEntry } : {}),
    ...(deps.threadStartupTimeoutMs !== undefined ? { startupTimeoutMs: deps.threadStartupTimeoutMs } : {}),
  });
  deps.log.info({ threads: threads.running + 1 }, 'collecting on threads');
  return threads;
}

/** The scope's previous collection, or the error reading it (which fails that scope alone, as it always did). */
function readPrevious(deps: CollectDeps, collectorId: string, scope: string): PreviousCollection | null | Error {
  try {
    return deps.previous(collectorId, scope);
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

async function collectOne(
  collector: CollectorDefinition,
  target: CollectTarget,
  previous: PreviousCollection | null | Error,
  deps: CollectDeps,
  deadlines: Deadlines,
  runCache: RunCache,
  threads: CollectionThreads | null,
): Promise<CollectedScope> {
  const stats = new CallStats();
  const log = deps.log.child({ collector: collector.id, scope: target.scope });
  const startedAt = deps.clock().toISOString();
  const lane = threads?.assign(collector, target.scope) ?? null;
  log.info(lane === null ? {} : { thread: lane.index }, 'collection started');
  try {
    const output = await withinDeadline(
      async () => {
        if (previous instanceof Error) throw previous;
        if (threads !== null && lane !== null && threads.isThread(lane)) return threads.collect(lane, { collectorId: collector.id, scope: target.scope, previous, startedAt }, stats);
        return collector.collect(target, { log, stats, sleep: deps.sleep, previous, startedAt, runCache });
      },
      deadlines,
      deps.clock().getTime(),
    );
    const { valid, invalid } = validateObservations(collector, target.scope, output.observations);
    const partial = output.gaps.length > 0 || invalid.length > 0 || valid.some((o) => containsUnknown(o.attributes));
    const finishedAt = deps.clock().toISOString();
    log.info({ observations: valid.length, gaps: output.gaps.length, invalid: invalid.length, calls: stats.calls, throttles: stats.throttles }, 'collection finished');
    return {
      collector,
      scope: target.scope,
      status: partial ? 'partial' : 'ok',
      error: null,
      observations: valid,
      gaps: output.gaps,
      invalid,
      stats,
      startedAt,
      finishedAt,
    };
  } catch (err) {
    const message = scrubText(err instanceof Error ? err.message : String(err), deps.secrets);
    log.error({ err: message, calls: stats.calls }, 'collection failed');
    return {
      collector,
      scope: target.scope,
      status: 'error',
      error: message,
      observations: [],
      gaps: [],
      invalid: [],
      stats,
      startedAt,
      finishedAt: deps.clock().toISOString(),
    };
  }
}

function validateObservations(collector: CollectorDefinition, scope: string, observations: Observation[]) {
  const valid: Observation[] = [];
  const invalid: InvalidObservation[] = [];
  for (const o of observations) {
    const schema = collector.produces[o.type];
    if (!schema) {
      invalid.push({ type: o.type, id: o.id, reason: `collector ${collector.id} emitted undeclared type ${o.type}` });
      continue;
    }
    if (o.scope !== scope) {
      invalid.push({ type: o.type, id: o.id, reason: `observation scope ${o.scope} differs from collection scope ${scope}` });
      continue;
    }
    const parsed = schema.safeParse(o.attributes);
    if (parsed.success) valid.push(o);
    else {
      const first = parsed.error.issues[0];
      invalid.push({ type: o.type, id: o.id, reason: `invalid ${o.type} from ${collector.id}: ${first?.path.join('.') ?? ''} ${first?.message ?? ''}`.trim() });
    }
  }
  return { valid, invalid };
}

function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === 'object') return Object.values(value).some(containsUnknown);
  return false;
}
