import { createRequire } from 'node:module';
import { sealTextCounts, type StoreQueries } from './queries.js';
import type { SealCheckAhead, SealDigests } from './seal-check.js';
import { runIdSpans } from './run-spans.js';
import { sealTextParts } from './seal.js';
import { SEAL_CHECK_WORKER_SOURCE } from './seal-check-worker.js';
import { SyncWorker } from './sync-worker.js';

/** Resolved here, where the package resolves, so the worker (evaluated source, no module path) loads the same one. */
const SQLITE_PACKAGE = createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * Runs per span the two threads claim: shorter than the store's range reads (run-spans.ts) so that the work left
 * when the calling thread joins in is shared finely (a year is ~12 spans of ~18 ms of SQLite and hashing each).
 */
const CLAIMED_SPAN = 32;

/** How long `settle` waits for the worker before giving up on it (a year's check takes a fraction of a second). */
const SEAL_CHECK_TIMEOUT_MS = 120_000;

interface Asked {
  /** The header parts sent (joined), or null when the run was not sent (unsealed, or no material parts). */
  readonly parts: string | null;
  readonly span: number;
  /** Its place among the span's runs sent (its digest's), -1 when not sent. */
  readonly index: number;
}

interface SpanAnswer {
  span?: number;
  digests?: string | null;
  counts?: Array<string | null>;
  done?: boolean;
  failure?: string;
}

/**
 * The seal material of some runs, hashed on a worker thread (seal-check-worker.ts) with its own read-only
 * connection to the same file, started at construction, so that it runs while the read command does its other
 * work until it checks the seals (issue 15: a year's `period`). Then the calling thread takes its part: both
 * claim spans of runs from a shared counter (`claim`), the caller checking its spans itself, until none is
 * left; `settle` waits for the worker's. The verdicts and their words are seal-check.ts's, on the calling
 * thread, from the digests and counts the worker sends for its spans.
 *
 * The worker reads its own WAL snapshot, apart from the caller's reads by milliseconds. Sealed rows never
 * change legitimately, and the caller's other reads are separate statements anyway; a run header read again
 * by the caller that differs from the one sent is checked from its rows.
 */
export class SealCheckThread implements SealCheckAhead {
  private readonly worker: SyncWorker;
  private readonly asked = new Map<number, Asked>();
  /** The ids asked about in each span, in order. */
  private readonly spanIds: number[][] = [];
  private readonly next = new Int32Array(new SharedArrayBuffer(4));
  /** Spans this thread claimed: the worker sends nothing for them. */
  private readonly claimed = new Set<number>();
  private settled: SealDigests | undefined;

  /** `file`: the database file the caller's connection opened (better-sqlite3's `db.name`); `source` replaces the worker's code (tests). */
  constructor(queries: StoreQueries, file: string, runIds: readonly number[], source = SEAL_CHECK_WORKER_SOURCE) {
    const spans: Array<{ first: number; last: number; ids: number[]; parts: string[] }> = [];
    for (const { first, last, wanted } of runIdSpans(runIds, CLAIMED_SPAN)) {
      const span = { first, last, ids: [] as number[], parts: [] as string[] };
      for (const run of queries.runsBetweenIds(first, last)) {
        if (!wanted.has(run.id)) continue;
        const parts = run.status === 'sealed' && run.seal !== null ? sealTextParts(run, run.prevSeal) : null;
        this.asked.set(run.id, { parts: parts && parts.join('\u0000'), span: spans.length, index: parts ? span.ids.length : -1 });
        if (parts) {
          span.ids.push(run.id);
          span.parts.push(...parts);
        }
      }
      // An id with no run: seal-check.ts answers it (no such run) without a digest.
      for (const id of wanted) if (!this.asked.has(id)) this.asked.set(id, { parts: null, span: spans.length, index: -1 });
      this.spanIds.push([...wanted].sort((a, b) => a - b));
      spans.push(span);
    }
    const sql = queries.sealTextSql();
    this.worker = new SyncWorker(source, { sqlite: SQLITE_PACKAGE, file, collectionsSql: sql.collections, resultSetsSql: sql.resultSets, spans, next: this.next });
  }

  claim(): readonly number[] | null {
    if (this.settled) return null;
    const span = Atomics.add(this.next, 0, 1);
    if (span >= this.spanIds.length) return null;
    this.claimed.add(span);
    return this.spanIds[span]!;
  }

  settle(): SealDigests {
    if (this.settled) return this.settled;
    // No span is left to claim after this: the worker finishes the one it is on and says it is done.
    Atomics.store(this.next, 0, this.spanIds.length);
    const answers = new Map<number, SpanAnswer>();
    try {
      for (;;) {
        const answer = this.worker.receive('seal check worker', SEAL_CHECK_TIMEOUT_MS).message as SpanAnswer;
        if (answer.failure !== undefined) throw new Error(`seal check worker failed: ${answer.failure}`);
        if (answer.done) break;
        if (typeof answer.span !== 'number' || this.claimed.has(answer.span)) throw new Error(`seal check worker answered span ${String(answer.span)}, which it did not claim`);
        answers.set(answer.span, answer);
      }
    } finally {
      this.worker.close();
    }
    const asked = this.asked;
    const answerOf = (runId: number) => {
      const a = asked.get(runId);
      return a && { asked: a, answer: answers.get(a.span) };
    };
    this.settled = {
      covers: (runId) => answerOf(runId)?.answer !== undefined,
      digestOf: (run) => {
        const found = answerOf(run.id);
        const hex = found?.answer?.digests;
        if (!found || found.asked.parts === null || typeof hex !== 'string') return null;
        const parts = sealTextParts(run, run.prevSeal);
        if (parts === null || parts.join('\u0000') !== found.asked.parts) return null;
        return hex.slice(64 * found.asked.index, 64 * found.asked.index + 64);
      },
      countsOf: (runId) => {
        const found = answerOf(runId);
        const json = found && found.asked.index >= 0 ? found.answer?.counts?.[found.asked.index] : null;
        return typeof json === 'string' ? sealTextCounts(runId, json) : [];
      },
    };
    return this.settled;
  }

  /** Stops the worker (when its answer is no longer wanted). */
  close(): void {
    this.worker.close();
  }
}
