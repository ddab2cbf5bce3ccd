/**
 * A run-shaped allocation pattern for heap-growth.test.ts: a live set that grows (evidence kept until sealed) and
 * much more that dies young. Prints the peak heapTotal in MB. Argument `bounded` applies boundHeapGrowth() first.
 */
import { boundHeapGrowth } from '../../src/engine/heap-growth.js';

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
process.stdout.write(`${Math.round(peak / 1048576)}\n`);
