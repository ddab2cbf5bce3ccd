import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('./estate-scale/main.ts', import.meta.url));

/** Runs the bench with `args`, expects exit 2 and nothing on stdout, and answers what it wrote on stderr. */
function refusal(...args: string[]): string {
  const run = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { encoding: 'utf8', timeout: 30_000 });
  expect(run.status, args.join(' ')).toBe(2);
  expect(run.stdout).toBe('');
  return run.stderr;
}

/** `npm run bench` refuses a bad option by name before it starts anything (no estate, no fakes, no table). */
describe('npm run bench options', () => {
  it('refuses a value out of its range by the option’s name: query budget and runs, collection threads (1-16, whole)', { timeout: 90_000 }, () => {
    for (const [option, message] of [
      ['--query-seconds=-1', '--query-seconds: expected a number ≥ 0, got "-1"'],
      ['--query-seconds=five', '--query-seconds: expected a number ≥ 0, got "five"'],
      ['--query-runs=0', '--query-runs: expected a number ≥ 1, got "0"'],
      ['--threads=0', '--threads: expected a number ≥ 1, got "0"'],
      ['--threads=1.5', '--threads: expected a whole number from 1 to 16, got "1.5"'],
      ['--threads=17', '--threads: expected a whole number from 1 to 16, got "17"'],
    ] as const) {
      expect(refusal(option)).toContain(message);
    }
  });

  it('refuses an option parseArgs cannot read (a value starting with a dash, an unknown option) in its words, exit 2, no stack', { timeout: 60_000 }, () => {
    for (const args of [['--query-seconds', '-1'], ['--query-second', '5']]) {
      const stderr = refusal(...args);
      expect(stderr).toMatch(new RegExp(`^npm run bench: .*'${args[0]}'`));
      expect(stderr).not.toContain('    at ');
    }
  });
});
