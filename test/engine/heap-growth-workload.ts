/**
 * A run-shaped allocation pattern for heap-growth.test.ts: a live set that grows (evidence kept until sealed) and
 * much more that dies young. Prints JSON: the peak heapTotal in MB and the number of full (mark-compact) GCs.
 * Argument `bounded` applies boundHeapGrowth() first.
 */
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { boundHeapGrowth } from '../../src/engine/heap-growth.js';

let fullGcs = 0;
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if ((entry as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) fullGcs += 1;
});
observer.observe({ entryTypes: ['gc'] });

if (process.argv[2] === 'bounded') boundHeapGrowth();
const live: unknown[] = [];
let peak = 0;
for (let round = 0; round < 300; round += 1) {
  const batch: { a: number; s: string; b: number[] }[] = [];
  for (let i = 0; i < 20_000; i += 1) batch.push({ a: i, s: `x${i}`, b: [i, i + 1] });
  if (round % 4 === 0) live.push(batch.slice(0, 5_000));
  (globalThis as { keep?: unknown }).keep = batch;
  peak = Math.max(peak, process.memoryUsage().heapTotal);
}
// GC entries are delivered asynchronously: let them arrive before reporting.
setTimeout(() => {
  observer.disconnect();
  process.stdout.write(`${JSON.stringify({ peakHeapMb: Math.round(peak / 1048576), fullGcs })}\n`);
}, 100);
