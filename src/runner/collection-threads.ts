import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/schema.js';
import type { CollectionOutput, CollectorDefinition, PreviousCollection } from '../model/collector.js';
import type { RunCache } from '../model/run-cache.js';
import { COLLECTORS } from '../registry/registry.js';
import type { CallStats } from '../sdk/call-stats.js';
import type { FromThread, StatsSnapshot, ThreadStart, ToThread } from './thread-protocol.js';

/**
 * Collection threads (config `collectionThreads`): the run's own thread plus `collectionThreads − 1` worker
 * threads (src/runner/collect-worker.ts), each collecting its share of the AWS scopes with its own SDK clients.
 * A large run is CPU-bound on one thread (docs/scaling.md); this puts the machine's other cores to work.
 *
 * - Which thread: an AWS account's scopes share one lane, and accounts are spread over the lanes by what their
 *   last collections cost in API calls (plan()).
 * - Only AWS collectors of the registry run in a thread (the thread loads the registry's own definitions). The
 *   GitHub collector stays on the run's thread: its ETag cache lives for the process (src/sdk/etag-cache.ts),
 *   and a thread's would start empty every run, spending requests the 304s save.
 * - One RunCache for the run: a thread's claims are decided by the run's cache (thread-cache.ts).
 * - Logs are formatted in the thread at the run's level and written by the run's logger (its redaction included).
 * - A thread that fails to start is left out (a warning; its share runs on the others); a thread that dies
 *   fails the scopes it was collecting with the reason, and takes no more. Nothing is silently lost.
 * The threads live for one collection (close()): a daemon's next run starts fresh ones.
 */

/** Where a scope runs: lane 0 is the run's own thread. */
export interface Lane {
  readonly index: number;
}

/** A scope to place, with what its last collection cost. */
export interface PlannedScope {
  readonly collector: CollectorDefinition;
  readonly scope: string;
  readonly previous: PreviousCollection | null;
}

interface Pending {
  readonly stats: CallStats;
  readonly resolve: (output: CollectionOutput) => void;
  readonly reject: (error: Error) => void;
}

interface CollectionThread {
  readonly lane: Lane;
  readonly worker: Worker;
  readonly collectors: Set<string>;
  readonly pending: Map<number, Pending>;
  /** The run's cache asked this thread to load these claims. */
  readonly loads: Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>;
  stopped: string | null;
  /** The run is done with it: its exit is expected, not an error. */
  closing: boolean;
}

export interface ThreadsOptions {
  /** Threads in all, the run's own included (≥ 2 to start any). */
  readonly count: number;
  readonly config: AppConfig;
  readonly log: Logger;
  readonly cache: RunCache;
  /** A thread's entry module; tests replace it with a thread that misbehaves. Default: collect-worker.ts/.js beside this file. */
  readonly entry?: URL;
  /** How long a thread may take to load its collectors before it is stopped and left out (default 60 s; tests shorten it). */
  readonly startupTimeoutMs?: number;
}

const NOT_STARTED = 'collection thread could not start; its share is collected on the other threads';

/** A thread loads in well under a second from the compiled code, ~1 s from TypeScript sources (tsx). */
const STARTUP_TIMEOUT_MS = 60_000;

export class CollectionThreads {
  private readonly main: Lane = { index: 0 };
  private next = 0;
  /** The lane of each partition of the estate (an AWS account), decided before the scopes start (plan()). */
  private readonly partitions = new Map<string, Lane>();

  private constructor(private readonly threads: CollectionThread[]) {}

  /** Starts `count − 1` threads and waits until each has loaded its collectors or failed (left out, with a warning). */
  static async start(options: ThreadsOptions): Promise<CollectionThreads> {
    const started = await Promise.all(Array.from({ length: Math.max(0, options.count - 1) }, (_, i) => startThread(i + 1, options)));
    return new CollectionThreads(started.filter((t): t is CollectionThread => t !== null));
  }

  /** Threads taking scopes now (the run's own not counted). */
  get running(): number {
    return this.threads.filter((t) => t.stopped === null).length;
  }

  /**
   * Places the run's partitions on lanes. An account's scopes all share one lane: its proof, recorder reads and
   * trails are then read in the thread that uses them, and AWS limits each account's requests anyway. With every
   * partition's last calls known, the heaviest goes first to the least loaded lane, the run's own lane starting with
   * what it must collect itself (GitHub); a first run, knowing no costs, deals the accounts out in order, threads
   * first (the run's own thread also receives, checks and logs every thread's results).
   */
  plan(scopes: readonly PlannedScope[]): void {
    const lanes = [...this.threads.filter((t) => t.stopped === null).map((t) => t.lane), this.main];
    const load = new Map<Lane, number>(lanes.map((l) => [l, 0]));
    const weights = new Map<string, number | null>();
    for (const s of scopes) {
      const calls = s.previous?.apiCalls;
      if (!threadable(s.collector)) load.set(this.main, load.get(this.main)! + (calls ?? 0));
      else {
        const key = partitionOf(s.scope);
        const sum = weights.has(key) ? weights.get(key)! : 0;
        weights.set(key, sum === null || calls === undefined ? null : sum + calls);
      }
    }
    const keys = [...weights.keys()];
    if (keys.some((k) => weights.get(k) === null)) {
      keys.forEach((key, i) => this.partitions.set(key, lanes[i % lanes.length]!));
      return;
    }
    for (const key of keys.sort((a, b) => weights.get(b)! - weights.get(a)!)) {
      const lane = lanes.reduce((best, l) => (load.get(l)! < load.get(best)! ? l : best));
      this.partitions.set(key, lane);
      load.set(lane, load.get(lane)! + weights.get(key)!);
    }
  }

  /** The lane for a scope: its partition's, or the run's own for a collector no thread runs or a thread that stopped. */
  assign(collector: CollectorDefinition, scope: string): Lane {
    const lane = threadable(collector) ? this.partitions.get(partitionOf(scope)) : undefined;
    const thread = lane === undefined ? undefined : this.threads.find((t) => t.lane === lane);
    return thread !== undefined && thread.stopped === null && thread.collectors.has(collector.id) ? thread.lane : this.main;
  }

  /** Whether a lane is a collection thread (else the run collects on its own thread). */
  isThread(lane: Lane): boolean {
    return lane !== this.main;
  }

  /** Collects one scope on `lane`'s thread; `stats` follows the thread's counts as they come. */
  collect(lane: Lane, request: { collectorId: string; scope: string; previous: PreviousCollection | null; startedAt: string }, stats: CallStats): Promise<CollectionOutput> {
    const thread = this.threads.find((t) => t.lane === lane);
    if (thread === undefined) return Promise.reject(new Error(`no collection thread ${lane.index}`));
    if (thread.stopped !== null) return Promise.reject(new Error(thread.stopped));
    const id = (this.next += 1);
    return new Promise<CollectionOutput>((resolve, reject) => {
      thread.pending.set(id, { stats, resolve, reject });
      send(thread, { type: 'collect', id, ...request });
    });
  }

  /** Stops every thread (a scope abandoned at its deadline stops with it). */
  async close(): Promise<void> {
    for (const t of this.threads) t.closing = true;
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }
}

/** A scope's partition: its AWS account (`aws:<id>` of `aws:<id>` and `aws:<id>:<region>`). */
export function partitionOf(scope: string): string {
  return scope.split(':').slice(0, 2).join(':');
}

/** The registry's own AWS collectors: what a thread loads is the same definition (a test's stand-in stays on the run's thread). */
export function threadable(collector: CollectorDefinition): boolean {
  return collector.provider === 'aws' && (COLLECTORS as readonly CollectorDefinition[]).includes(collector);
}

function startThread(index: number, options: ThreadsOptions): Promise<CollectionThread | null> {
  const { log } = options;
  const workerData: ThreadStart = { config: options.config, logLevel: log.level };
  let worker: Worker;
  try {
    worker = spawnWorker(options.entry, workerData);
  } catch (error) {
    log.warn({ thread: index, err: messageOf(error) }, NOT_STARTED);
    return Promise.resolve(null);
  }
  const thread: CollectionThread = { lane: { index }, worker, collectors: new Set(), pending: new Map(), loads: new Map(), stopped: null, closing: false };
  return new Promise((resolve) => {
    let ready = false;
    const stop = (reason: string) => {
      if (thread.stopped !== null) return;
      thread.stopped = `collection thread ${index} stopped: ${reason}`;
      for (const p of thread.pending.values()) p.reject(new Error(thread.stopped));
      thread.pending.clear();
      for (const l of thread.loads.values()) l.reject(new Error(thread.stopped));
      thread.loads.clear();
      if (!ready) {
        clearTimeout(startup);
        log.warn({ thread: index, err: reason }, NOT_STARTED);
        resolve(null);
      } else if (!thread.closing) log.error({ thread: index, err: reason }, 'collection thread stopped');
    };
    const timeoutMs = options.startupTimeoutMs ?? STARTUP_TIMEOUT_MS;
    // A thread that neither loads nor fails would hold the run before its first scope: it is stopped and left out.
    const startup = setTimeout(() => {
      stop(`did not load its collectors within ${timeoutMs / 1000} s`);
      void worker.terminate();
    }, timeoutMs);
    worker.on('error', (error) => stop(messageOf(error)));
    worker.on('exit', (code) => stop(`exited with code ${code}`));
    worker.on('message', (message: FromThread) => {
      if (message.type === 'ready') {
        clearTimeout(startup);
        ready = true;
        for (const id of message.collectors) thread.collectors.add(id);
        resolve(thread);
      } else receive(thread, message, options);
    });
  });
}

function receive(thread: CollectionThread, message: Exclude<FromThread, { type: 'ready' }>, options: ThreadsOptions): void {
  switch (message.type) {
    case 'log':
      relog(options.log, message.line);
      return;
    case 'stats': {
      const pending = thread.pending.get(message.id);
      if (pending !== undefined) applyStats(pending.stats, message.stats);
      return;
    }
    case 'done': {
      const pending = thread.pending.get(message.id);
      if (pending === undefined) return;
      thread.pending.delete(message.id);
      applyStats(pending.stats, message.stats);
      if (message.output !== undefined) pending.resolve(message.output);
      else pending.reject(new Error(message.error ?? 'collection thread: the collection failed without a message'));
      return;
    }
    case 'cache-claim':
      options.cache
        .once(
          message.key,
          () =>
            new Promise((resolve, reject) => {
              if (thread.stopped !== null) return reject(new Error(thread.stopped));
              thread.loads.set(message.id, { resolve, reject });
              send(thread, { type: 'cache-load', id: message.id });
            }),
        )
        .then(
          (value) => send(thread, { type: 'cache-value', id: message.id, value }),
          (error: unknown) => send(thread, { type: 'cache-error', id: message.id, message: messageOf(error) }),
        );
      return;
    case 'cache-loaded': {
      const load = thread.loads.get(message.id);
      if (load === undefined) return;
      thread.loads.delete(message.id);
      if (message.ok) load.resolve(message.value);
      else load.reject(new Error(message.message ?? 'the load failed in its thread'));
      return;
    }
  }
}

/** A message to a thread; one that cannot be copied (or a stopped thread) answers the claim with an error instead. */
function send(thread: CollectionThread, message: ToThread): void {
  try {
    thread.worker.postMessage(message);
  } catch (error) {
    if (message.type === 'cache-value') send(thread, { type: 'cache-error', id: message.id, message: `run cache: the answer cannot be passed between threads (${messageOf(error)})` });
    else if (message.type === 'collect') thread.pending.get(message.id)?.reject(new Error(`collection thread ${thread.lane.index}: ${messageOf(error)}`));
  }
}

function applyStats(stats: CallStats, snapshot: StatsSnapshot): void {
  stats.calls = snapshot.calls;
  stats.throttles = snapshot.throttles;
  Object.assign(stats.byOperation, snapshot.byOperation);
}

/** Writes a thread's pino line through the run's logger, at its level, with its fields. */
function relog(log: Logger, line: string): void {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    log.warn({ line: line.slice(0, 200) }, 'collection thread wrote a line that is not JSON');
    return;
  }
  const { level, msg, ...fields } = entry;
  const label = typeof level === 'number' ? log.levels.labels[level] : undefined;
  const write = label === undefined ? log.info.bind(log) : (log[label as 'info'] ?? log.info).bind(log);
  write(fields, typeof msg === 'string' ? msg : '');
}

/**
 * The thread's module: the compiled collect-worker.js beside this file, or, when controlwatch runs from its
 * TypeScript sources (tsx, vitest), collect-worker.ts behind tsx's loader, which a thread does not inherit from a
 * test runner's own module loading.
 */
function spawnWorker(entry: URL | undefined, workerData: ThreadStart): Worker {
  const here = import.meta.url;
  if (entry === undefined && !here.endsWith('.ts')) return new Worker(new URL('./collect-worker.js', here), { workerData });
  const module = entry ?? new URL('./collect-worker.ts', here);
  if (!module.pathname.endsWith('.ts')) return new Worker(module, { workerData });
  // A thread does not inherit `--import tsx` hooks on Node 20 (nor vitest's module loading): it registers tsx's
  // ESM API itself before importing the TypeScript entry.
  const bootstrap = `import(${JSON.stringify(tsxEsmApi(here))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(module.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

/** tsx's ESM API module (package export `tsx/esm/api`, its `import` condition), as a file URL. */
function tsxEsmApi(from: string): string {
  const require = createRequire(from);
  const manifest = require.resolve('tsx/package.json');
  const exports = (JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports;
  return pathToFileURL(join(dirname(manifest), exports['./esm/api']!.import.default)).href;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
