import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { speedDuring, startSpeedSampler } from './estate-scale/machine-speed.js';

/** The benchmark's machine-speed figures: which samples a phase is read from, and the sampler process itself. */
describe('machine speed beside the benchmark times', () => {
  const samples = [
    { at: 1_000, ms: 30 },
    { at: 3_000, ms: 50 },
    { at: 5_000, ms: 40 },
    { at: 20_000, ms: 90 },
  ];

  it('reads a phase from the samples inside it, widened by the margin', () => {
    expect(speedDuring(samples, 2_500, 5_500, 0)).toEqual({ medianMs: 40, maxMs: 50, samples: 2 });
    expect(speedDuring(samples, 2_500, 5_500, 600)).toEqual({ medianMs: 40, maxMs: 50, samples: 2 });
    expect(speedDuring(samples, 2_500, 5_500, 1_500)).toEqual({ medianMs: 40, maxMs: 50, samples: 3 });
  });

  it('reads a phase shorter than the interval from the nearest samples, and answers null when none is near', () => {
    expect(speedDuring(samples, 3_900, 4_100, 1_000)).toEqual({ medianMs: 40, maxMs: 50, samples: 2 });
    expect(speedDuring(samples, 10_000, 12_000, 2_000)).toBeNull();
  });

  it('samples in a process of its own until stopped', { timeout: 30_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-speed-'));
    try {
      const sampler = await startSpeedSampler(join(dir, 'speed.txt'), 100);
      await new Promise((r) => setTimeout(r, 600));
      const taken = sampler.stop();
      expect(taken.length).toBeGreaterThanOrEqual(2);
      for (const s of taken) {
        expect(s.ms).toBeGreaterThan(0);
        expect(Number.isInteger(s.at)).toBe(true);
      }
      expect(taken.map((s) => s.at)).toEqual([...taken.map((s) => s.at)].sort((a, b) => a - b));
      // Stopped once: a second stop (the benchmark's finally) answers the same samples.
      expect(sampler.stop()).toBe(taken);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a missing file or interval by name, instead of sampling in a tight loop', { timeout: 30_000 }, () => {
    const script = fileURLToPath(new URL('./estate-scale/speed-sampler.ts', import.meta.url));
    for (const args of [[], ['/tmp/never-written.txt'], ['/tmp/never-written.txt', '0']]) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', timeout: 20_000 });
      expect(run.status, JSON.stringify(args)).toBe(2);
      expect(run.stderr).toContain('usage: speed-sampler.ts <file> <interval ms>');
    }
  });
});
