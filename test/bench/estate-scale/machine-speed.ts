import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { percentile } from './percentile.js';

/**
 * How fast this machine is at a given moment: the time of a fixed amount of CPU work (SHA-256 of 8 MB, a JSON
 * round trip of 2,000 records ten times, a sort of 50,000 numbers), in ms. The work mixes native code (hashing,
 * as `verify` and the seals do) and JavaScript (parsing, allocation, sorting, as the queries and the SDK do).
 *
 * Why: the project's machine is a virtual one that shares its host; it reports no steal time, and its speed for
 * the same work moved by 20–50 % over tens of minutes on 2026-12-07 (the same collection took 51–78 s of CPU).
 * A time figure is only readable beside how fast the machine was when it was taken, so the benchmark samples
 * it all along (startSpeedSampler) and shows it for the daily run and for each query's timed runs. A sample is the
 * speed a second process gets at that moment: it falls when the host is busy, and also when the benchmark's own
 * work keeps the other vCPU busy (on 2026-12-07 the samples read 38–53 ms while the year was written, 55–78 ms
 * during the queries, against ~36 ms for a hot loop of the work on an idle machine: the two vCPUs appear to share
 * a physical core). So compare the same phase across runs, not phases with each other.
 */

const BLOCK = Buffer.alloc(256 * 1024, 0x5a);
const RECORDS = Array.from({ length: 2000 }, (_, i) => ({ id: `resource-${i}`, n: i, status: i % 5 === 0 ? 'fail' : 'pass', tags: ['a', 'b', String(i % 7)] }));

/** The fixed work; returns a value derived from every part so that none of it can be optimised away. */
function work(): number {
  let h = 0;
  for (let i = 0; i < 32; i += 1) h ^= createHash('sha256').update(BLOCK).digest()[i]!;
  for (let i = 0; i < 10; i += 1) h ^= (JSON.parse(JSON.stringify(RECORDS)) as unknown[]).length;
  const numbers = Array.from({ length: 50_000 }, (_, i) => (i * 7919) % 50_021);
  numbers.sort((a, b) => a - b);
  return h ^ numbers[100]!;
}

let warmed = false;

/** Milliseconds the fixed work takes on this machine now, once (lower is faster). */
export function calibrationMs(): number {
  // Compiled and warmed once per process, not timed.
  if (!warmed) work();
  warmed = true;
  const t = performance.now();
  const result = work();
  const ms = performance.now() - t;
  // The result is read, so the work is observable; it is always an integer.
  if (!Number.isInteger(result)) throw new Error('calibration work returned a non-integer');
  return ms;
}

/** One timing of the fixed work (calibrationMs) and when it was taken (epoch ms). */
export interface SpeedSample {
  readonly at: number;
  readonly ms: number;
}

/** How fast the machine was over a phase: the samples taken during it (or the nearest ones around a short one). */
export interface PhaseSpeed {
  readonly medianMs: number;
  readonly maxMs: number;
  readonly samples: number;
}

const SAMPLER = fileURLToPath(new URL('./speed-sampler.ts', import.meta.url));

/**
 * Samples the machine's speed in a process of its own every `intervalMs` (the fixed work once) for the whole
 * benchmark, so that every phase's times can be read beside how fast the machine was during them. A process of its
 * own, not a timing inside the measured processes: the work's garbage and cache use would land in the timed runs (a
 * `sample` timed just after the work was 4.8 ms slower at the median, 2026-12-07). Resolves once the first sample is
 * written; `stop()` ends the sampler and returns every sample (the same ones when called again).
 */
export async function startSpeedSampler(path: string, intervalMs = 5000): Promise<{ stop(): SpeedSample[] }> {
  writeFileSync(path, '');
  const child = spawn(process.execPath, ['--import', 'tsx', SAMPLER, path, String(intervalMs)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`speed sampler exited ${code} before its first sample`)));
    child.once('message', () => resolve());
  });
  child.removeAllListeners('exit');
  let samples: SpeedSample[] | null = null;
  return {
    stop() {
      if (samples === null) {
        child.kill();
        samples = readSamples(path);
      }
      return samples;
    },
  };
}

function readSamples(path: string): SpeedSample[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [at, ms] = line.split(' ').map(Number);
      return { at: at!, ms: ms! };
    });
}

/**
 * The machine's speed over [from, to] (epoch ms): the samples inside it, widened by `marginMs` on each side so a
 * phase shorter than the sampling interval (a smoke-size query's timed runs take well under a second) is read from
 * the samples just before and after it. Null when no sample is that near.
 */
export function speedDuring(samples: readonly SpeedSample[], from: number, to: number, marginMs: number): PhaseSpeed | null {
  const near = samples.filter((s) => s.at >= from - marginMs && s.at <= to + marginMs).map((s) => s.ms);
  return near.length === 0 ? null : { medianMs: percentile(near, 50), maxMs: Math.max(...near), samples: near.length };
}
