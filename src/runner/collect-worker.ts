/**
 * A collection thread: runs the scopes the run sends it (src/runner/collection-threads.ts) with the registry's
 * own collectors, its own SDK clients and the run's configuration, and sends back what the run records —
 * observations, gaps, call counts, log lines — or the message of what the collection threw.
 *
 * Why a thread: a daily run of a large estate is CPU-bound on one thread (the AWS SDK's per-call work: about
 * 1.2–1.7 ms a call, docs/scaling.md) while the machine's other cores idle. Each thread is a second event loop
 * doing that work for its share of the scopes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pino } from 'pino';
import type { AppConfig } from '../config/schema.js';
import { COLLECTORS } from '../registry/registry.js';
import { CallStats } from '../sdk/call-stats.js';
import { targetsOf } from './collect.js';
import { ThreadCache } from './thread-cache.js';
import type { FromThread, StatsSnapshot, ThreadStart, ToThread } from './thread-protocol.js';

/** How often a running scope's call counts are sent: a scope the run abandons at its deadline keeps what it made. */
const STATS_EVERY_MS = 1000;

const port = parentPort;
if (port === null) throw new Error('collect-worker.ts runs as a worker thread (src/runner/collection-threads.ts starts it)');
const start = workerData as ThreadStart;
const config = start.config as AppConfig;
const post = (message: FromThread) => port.postMessage(message);

// Lines are formatted here, at the run's level, and written by the run's logger (collection-threads.ts).
const log = pino({ level: start.logLevel, base: null, timestamp: false }, { write: (line: string) => post({ type: 'log', line }) });
const cache = new ThreadCache(post);
const running = new Map<number, CallStats>();
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const snapshot = (stats: CallStats): StatsSnapshot => ({ calls: stats.calls, throttles: stats.throttles, byOperation: { ...stats.byOperation } });
setInterval(() => {
  for (const [id, stats] of running) post({ type: 'stats', id, stats: snapshot(stats) });
}, STATS_EVERY_MS).unref();

async function collect(message: Extract<ToThread, { type: 'collect' }>): Promise<void> {
  const stats = new CallStats();
  running.set(message.id, stats);
  try {
    const collector = COLLECTORS.find((c) => c.id === message.collectorId);
    if (collector === undefined) throw new Error(`collection thread: no collector ${message.collectorId} in the registry`);
    const target = targetsOf(collector, config).find((t) => t.scope === message.scope);
    if (target === undefined) throw new Error(`collection thread: ${message.collectorId} has no scope ${message.scope} in the run's configuration`);
    const output = await collector.collect(target, {
      log: log.child({ collector: collector.id, scope: message.scope }),
      stats,
      sleep: realSleep,
      previous: message.previous,
      startedAt: message.startedAt,
      runCache: cache,
    });
    post({ type: 'done', id: message.id, stats: snapshot(stats), output: { observations: output.observations, gaps: output.gaps } });
  } catch (error) {
    post({ type: 'done', id: message.id, stats: snapshot(stats), error: error instanceof Error ? error.message : String(error) });
  } finally {
    running.delete(message.id);
  }
}

port.on('message', (message: ToThread) => {
  if (message.type === 'collect') void collect(message);
  else cache.receive(message);
});
post({ type: 'ready', collectors: COLLECTORS.map((c) => c.id) });
