import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 may grow the old generation past what the last full GC found live, in percent: 30 → 1.3×.
 *
 * Why: a run holds its whole evidence until it is sealed (observations, results, staged blobs: ~160 MB live at
 * the end of a 12,000-resource run), and allocates far more that dies young (SDK middleware, parsed pages). With
 * V8's default, a process that spends little time in GC grows the heap to up to 4× what is live before the next
 * full collection: the estate benchmark's agent reached 725 MB of RSS with 160 MB live (target: under 512 MB).
 * At 1.3× a full collection comes sooner; it costs a few hundred milliseconds of CPU per run, not memory.
 *
 * V8 reads the flag whenever a full GC recomputes the heap's limits, so setting it at run time takes effect (tested:
 * test/engine/heap-growth.test.ts measures the peak heap with and without it); a flag
 * given on the command line or in NODE_OPTIONS (`--heap-growing-percent=N`) wins, since it is the operator's.
 */
export const HEAP_GROWING_PERCENT = 30;

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
