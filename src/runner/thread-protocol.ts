import type { PreviousCollection } from '../model/collector.js';
import type { Observation, PopulationGap } from '../model/observation.js';

/**
 * The messages between a run (src/runner/collection-threads.ts) and a collection thread
 * (src/runner/collect-worker.ts). Everything here is structured-clone data: a collector, its SDK clients
 * and its logger stay in the thread that runs them, and only what the run records crosses.
 */

/** What a thread starts with (workerData). */
export interface ThreadStart {
  /** The run's configuration after discovery (the same `collectConfig` the run's own thread collects from). */
  readonly config: unknown;
  /** The run's log level: a thread formats only what the run would keep. */
  readonly logLevel: string;
}

/** A call count snapshot (CallStats' fields). */
export interface StatsSnapshot {
  readonly calls: number;
  readonly throttles: number;
  readonly byOperation: Readonly<Record<string, number>>;
}

export type ToThread =
  /** Collect one scope: `previous` and `startedAt` are what the run would hand the collector on its own thread. */
  | { readonly type: 'collect'; readonly id: number; readonly collectorId: string; readonly scope: string; readonly previous: PreviousCollection | null; readonly startedAt: string }
  /** The run's cache has no answer for the thread's claim `id`: the thread loads it and reports `cache-loaded`. */
  | { readonly type: 'cache-load'; readonly id: number }
  /** The shared answer for claim `id` (loaded by this thread or another). */
  | { readonly type: 'cache-value'; readonly id: number; readonly value: unknown }
  /** Claim `id` failed: its own load failed, or the answer could not be passed between threads. */
  | { readonly type: 'cache-error'; readonly id: number; readonly message: string };

export type FromThread =
  /** The collectors are loaded: the thread takes scopes. `collectors` are the ids it can run. */
  | { readonly type: 'ready'; readonly collectors: readonly string[] }
  /** One pino line, formatted in the thread; the run writes it through its own logger. */
  | { readonly type: 'log'; readonly line: string }
  /** Calls counted so far by collection `id` (a scope abandoned at its deadline keeps the calls it made). */
  | { readonly type: 'stats'; readonly id: number; readonly stats: StatsSnapshot }
  /** Collection `id` ended: its output, or the message of what it threw. */
  | { readonly type: 'done'; readonly id: number; readonly stats: StatsSnapshot; readonly output?: { readonly observations: Observation[]; readonly gaps: PopulationGap[] }; readonly error?: string }
  /** Asks the run's cache for `key` (RunCache.once), under claim `id`. */
  | { readonly type: 'cache-claim'; readonly id: number; readonly key: string }
  /** The thread's load for claim `id` ended (a failed load's error stays in the thread: only its own caller sees it). */
  | { readonly type: 'cache-loaded'; readonly id: number; readonly ok: boolean; readonly value?: unknown; readonly message?: string };
