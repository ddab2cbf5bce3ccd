import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('./estate-scale/main.ts', import.meta.url));

/** `npm run bench` refuses a bad option by name before it starts anything (no estate, no fakes, no table). */
describe('npm run bench options', () => {
  it('refuses a query time budget or run count that is not a number in range, naming the option', { timeout: 60_000 }, () => {
    for (const [option, value] of [
      ['--query-seconds', '-1'],
      ['--query-seconds', 'five'],
      ['--query-runs', '0'],
    ] as const) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', MAIN, `${option}=${value}`], { encoding: 'utf8', timeout: 30_000 });
      expect(run.status, `${option} ${value}`).toBe(2);
      expect(run.stderr).toContain(`${option}: expected a number ≥ ${option === '--query-runs' ? 1 : 0}, got "${value}"`);
      expect(run.stdout).toBe('');
    }
  });

  it('refuses a thread count that is not a whole number from 1 to 16 (collectionThreads), naming the option', { timeout: 60_000 }, () => {
    for (const [value, expected] of [
      ['0', '--threads: expected a number ≥ 1, got "0"'],
      ['1.5', '--threads: expected a whole number from 1 to 16, got "1.5"'],
      ['17', '--threads: expected a whole number from 1 to 16, got "17"'],
    ] as const) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', MAIN, `--threads=${value}`], { encoding: 'utf8', timeout: 30_000 });
      expect(run.status, value).toBe(2);
      expect(run.stderr).toContain(expected);
      expect(run.stdout).toBe('');
    }
  });

  it('refuses an option parseArgs cannot read (a value starting with a dash, an unknown option) in its words, exit 2, no stack', { timeout: 60_000 }, () => {
    for (const args of [['--query-seconds', '-1'], ['--query-second', '5']]) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { encoding: 'utf8', timeout: 30_000 });
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`^npm run bench: .*'${args[0]}'`));
      expect(run.stderr).not.toContain('    at ');
      expect(run.stdout).toBe('');
    }
  });
});
