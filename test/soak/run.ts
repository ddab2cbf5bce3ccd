import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { figuresLine, sumFigures } from './figures.js';

/**
 * `npm run soak`: the soak files (test/soak) at full size — 40 fault schedules per collector, 50 crashes,
 * every policy action removed, every read command scanned for secrets — one file at a time (the fault
 * deadlines are short, and two files at once on a small machine would measure the machine), then the one
 * figures line summed from every part. Exit status is vitest's. CONTROLWATCH_SOAK_SEED replays a soak.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const figures = mkdtempSync(join(tmpdir(), 'cw-soak-figures-'));
const seed = process.env['CONTROLWATCH_SOAK_SEED'] ?? String(Date.now() % 2_147_483_647);
const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', 'test/soak', '--no-file-parallelism', ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, CONTROLWATCH_SOAK: 'full', CONTROLWATCH_SOAK_FIGURES: figures, CONTROLWATCH_SOAK_SEED: seed },
});
const line = figuresLine(sumFigures(figures));
rmSync(figures, { recursive: true, force: true });
process.stdout.write(`\nsoak seed ${seed}${run.status === 0 ? '' : ' (FAILED: see above)'}\n${line}\n`);
process.exit(run.status ?? 1);
