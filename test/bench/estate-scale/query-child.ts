/**
 * Auditor's queries over the year, in a process of their own (queries.ts starts one per command, as each is one
 * CLI invocation): not in the benchmark's process, whose heap still holds what wrote the year (~400 MB), so that
 * nothing of the benchmark's own (its garbage collections, its first command's compiled code) lands inside a
 * command's timed runs. Writes the timings as JSON to the path it was given.
 *
 *   node --import tsx test/bench/estate-scale/query-child.ts <job.json>
 */
import { closeSync, existsSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { cli } from '../../cli/in-process.js';
import { percentile } from './percentile.js';

/** One command to time: the CLI command and its arguments, and how many timed runs. */
export interface QueryJob {
  readonly command: string;
  readonly args: readonly string[];
  /** Timed runs at least. */
  readonly runs: number;
  /**
   * Then more runs until the timed runs have taken this long in all, up to `maxRuns`: a command of ~20 ms gets
   * a few hundred runs, so that its p95 is the 95th percentile of enough runs to estimate one (of 20, the
   * nearest-rank p95 is the second slowest: two hiccups of the machine decide it).
   */
  readonly minMs: number;
  readonly maxRuns: number;
  /** The database the command reads: read through once before it, into the OS page cache. */
  readonly dbPath: string;
  readonly resultPath: string;
}

export interface QueryTiming {
  readonly command: string;
  /**
   * The command's first run in the process, not counted in the median and p95: it compiles the command's code
   * (V8's JIT) and parses the check metadata and catalogs once. A CLI invocation pays
   * this plus Node's start-up on every call; a long-lived process (the daemon's pages) once.
   */
  readonly firstMs: number;
  /** Timed runs after the first (QueryJob: `runs`, and more for `minMs`). */
  readonly runs: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  /** The slowest timed run (with fewer than 20 runs, the nearest-rank p95 is this run). */
  readonly maxMs: number;
  /**
   * Bytes this process read from storage (not the page cache) during the timed runs, MB (/proc/self/io read_bytes;
   * null where there is none): ~0 when the database stayed cached, as on a server that uses it every day.
   */
  readonly storageReadMb: number | null;
  /** When the timed runs ran, epoch ms (machine-speed.ts reads the machine's speed over it). */
  readonly timedWindow: { readonly from: number; readonly to: number };
}

/**
 * Reads the database file (and its WAL) through once, so each command starts from the OS page cache as on the
 * agent's host, where the daily run and its readers keep the file in use. This machine's kernel pages out file
 * pages left alone for about a minute (DAMON reclaim: of the year's 160 MB, ~10 MB were still cached four minutes
 * after `verify` read it all, 2026-12-07), so without it a command's first run would read from disk what the
 * previous command left. storageReadMb shows what the timed runs read from storage all the same (0–0.2 MB in the
 * runs of 2026-12-07).
 */
function warmPageCache(path: string): void {
  const chunk = Buffer.allocUnsafe(4 * 1024 * 1024);
  for (const file of [path, `${path}-wal`]) {
    if (!existsSync(file)) continue;
    const fd = openSync(file, 'r');
    try {
      while (readSync(fd, chunk, 0, chunk.length, null) > 0);
    } finally {
      closeSync(fd);
    }
  }
}

/** This process's bytes read from storage so far (Linux), else null. */
function storageReadBytes(): number | null {
  try {
    const line = readFileSync('/proc/self/io', 'utf8').split('\n').find((l) => l.startsWith('read_bytes:'));
    return line === undefined ? null : Number(line.slice('read_bytes:'.length));
  } catch {
    return null;
  }
}

async function runOnce(command: string, args: readonly string[]): Promise<number> {
  const t = performance.now();
  const out = await cli([...args]);
  const ms = performance.now() - t;
  // Exit 0/1 are answers (1: findings or exceptions to note); `report` exits 2-6 by the findings' worst
  // severity (--fail-on); anything else means the query did not run.
  if (out.code > 1 && !(command === 'report' && out.code < 7)) throw new Error(`${command} exited ${out.code}: ${out.stderr.slice(0, 500)}`);
  return ms;
}

const job = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as QueryJob;
warmPageCache(job.dbPath);
const firstMs = await runOnce(job.command, job.args);
const ms: number[] = [];
const readBefore = storageReadBytes();
const timedFrom = Date.now();
while (ms.length < job.runs || (ms.length < job.maxRuns && Date.now() - timedFrom < job.minMs)) ms.push(await runOnce(job.command, job.args));
const timedTo = Date.now();
const readAfter = storageReadBytes();
const storageReadMb = readBefore === null || readAfter === null ? null : (readAfter - readBefore) / 1024 / 1024;
const timing: QueryTiming = { command: job.command, firstMs, runs: ms.length, medianMs: percentile(ms, 50), p95Ms: percentile(ms, 95), maxMs: Math.max(...ms), storageReadMb, timedWindow: { from: timedFrom, to: timedTo } };
writeFileSync(job.resultPath, JSON.stringify(timing));
