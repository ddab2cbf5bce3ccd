import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 may grow the old generation past what the last full GC found live, in percent: 60 → 1.6×.
 *
 * Why: a run holds its whole evidence until it is sealed (observations, results, staged blobs: ~160 MB live at
 * the end of a 12,000-resource run), and allocates far more that dies young (SDK middleware, parsed pages). With
 * V8's default, a process that spends little time in GC grows the heap to up to 4× what is live before the next
 * full collection: the estate benchmark's agent reached 725 MB of RSS with 160 MB live (target: under 512 MB).
 * Bounded, a full collection comes sooner. 60 %, not the 30 % first chosen: at the benchmark's default size the
 * agent's CPU time was ~8 % lower (64.6 s against 70.3 s, mean of two runs each on a loaded machine) for ~15 MB more
 * peak RSS (399 MB against 383 MB; default V8: 725 MB), and the collection is CPU-bound there.
 *
 * V8 reads the flag whenever a full GC recomputes the heap's limits, so setting it at run time takes effect (tested:
 * test/engine/heap-growth.test.ts measures the peak heap with and without it); a flag
 * given on the command line (`node --heap-growing-percent=N`) wins, since it is the operator's.
 */
export const HEAP_GROWING_PERCENT = 60;

let applied = false;

/** Whether the operator set the growth themselves (`node --heap-growing-percent=N`, or in NODE_OPTIONS). */
export function operatorSetsHeapGrowth(execArgv: readonly string[], nodeOptions: string): boolean {
  return [...execArgv, ...nodeOptions.split(/\s+/)].some((a) => /^--heap[-_]growing[-_]percent(=|$)/.test(a));
}

/** Applies HEAP_GROWING_PERCENT once per process, unless the operator chose their own; true when it did. */
export function boundHeapGrowth(): boolean {
  if (applied || operatorSetsHeapGrowth(process.execArgv, process.env['NODE_OPTIONS'] ?? '')) return false;
  applied = true;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
