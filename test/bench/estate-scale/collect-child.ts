/**
 * One controlwatch run, alone in its own process, so its peak memory (process.resourceUsage().maxRSS) is the
 * agent's and not the fakes' or the benchmark's. The parent (run-collection.ts) serves the estate and hands
 * over the configuration; this process runs the real pipeline (collect → check → sealed store) and writes
 * its timings and peak RSS as JSON to the path it was given.
 *
 *   node --import tsx test/bench/estate-scale/collect-child.ts <job.json>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pino } from 'pino';
import { ConfigSchema } from '../../../src/config/schema.js';
import { runPipeline } from '../../../src/engine/pipeline.js';

export interface ChildJob {
  readonly config: unknown;
  readonly dbPath: string;
  readonly resultPath: string;
}

export interface ChildResult {
  readonly runId: number;
  readonly wallMs: number;
  /** First collection start → last collection end. */
  readonly collectionMs: number;
  /** That span as epoch ms, to read the machine's speed over it (machine-speed.ts). */
  readonly collectionWindow: { readonly from: number; readonly to: number };
  /** Last collection end → run sealed: the checks and the store step. */
  readonly checkAndStoreMs: number;
  /** Kilobytes, as process.resourceUsage() reports it. */
  readonly maxRssKb: number;
  /**
   * The largest value each part of process.memoryUsage() reached, sampled every 250 ms (MB): where the peak
   * lives — the JS heap (heapUsed/heapTotal), Buffers and other memory outside it (external, arrayBuffers).
   */
  readonly memoryPeaksMb: Record<string, number>;
  /** CPU seconds the agent's process used (user + system): against wall time, whether the run waited on APIs or on the CPU. */
  readonly cpuSeconds: number;
  readonly results: number;
}

const job = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as ChildJob;
const config = ConfigSchema.parse(job.config);
const memoryPeaksMb: Record<string, number> = {};
const sample = () => {
  for (const [k, v] of Object.entries(process.memoryUsage())) memoryPeaksMb[k] = Math.max(memoryPeaksMb[k] ?? 0, Math.round(v / 1024 / 1024));
};
const sampler = setInterval(sample, 250);
const started = performance.now();
const startedAt = Date.now();
const { outcome } = await runPipeline(config, job.dbPath, 'test', pino({ level: 'silent' }));
const wallMs = performance.now() - started;
clearInterval(sampler);
sample();
const starts = outcome.collected.map((c) => Date.parse(c.startedAt));
const ends = outcome.collected.map((c) => Date.parse(c.finishedAt));
const lastEnd = Math.max(...ends);
const result: ChildResult = {
  runId: outcome.runId,
  wallMs,
  collectionMs: lastEnd - Math.min(...starts),
  collectionWindow: { from: Math.min(...starts), to: lastEnd },
  checkAndStoreMs: startedAt + wallMs - lastEnd,
  maxRssKb: process.resourceUsage().maxRSS,
  memoryPeaksMb,
  cpuSeconds: (process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1e6,
  results: outcome.results.length,
};
writeFileSync(job.resultPath, JSON.stringify(result));
