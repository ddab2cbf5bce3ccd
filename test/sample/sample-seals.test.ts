import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { failingMfaStore, tamper } from '../helpers/failing-mfa-store.js';
import { cli } from '../cli/in-process.js';

/**
 * Issue 15: `sample` of days checks the seals of the runs it shows (every run of each drawn day) and, of the
 * other runs of the period, the chain links only (a deleted or re-sealed run), instead of every row of a year.
 * `period`, whose answer is every day, still checks every run.
 */
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const DAYS = Array.from({ length: 12 }, (_, i) => `2026-03-${String(i + 1).padStart(2, '0')}`);
const RANGE = ['--from', DAYS[0]!, '--to', DAYS.at(-1)!];

const storeOfDays = () => failingMfaStore(DAYS, dirs);

const sample = (path: string) => cli(['sample', '--db', path, '--framework', 'iso27001-2022', '--control', 'A.8.5', ...RANGE, '--size', '3', '--seed', 'fixed', '--format', 'json']);

async function drawnRuns(path: string): Promise<number[]> {
  const out = await sample(path);
  expect(out.code, out.stderr).toBe(0);
  return (JSON.parse(out.stdout) as { items: { runId: number }[] }).items.map((i) => i.runId).sort((a, b) => a - b);
}

describe('sample checks the seals of what it shows', () => {
  it('a drawn run whose counts were edited is refused by name (exit 3)', async () => {
    const path = storeOfDays();
    const drawn = await drawnRuns(path);
    expect(drawn).toHaveLength(3);
    tamper(path, `UPDATE run_checks SET pass = 1, fail = 0 WHERE run_id = ${drawn[1]}`); // the per-check counts its seal covers (version 2)
    const out = await sample(path);
    expect(out.code).toBe(3);
    expect(out.stderr).toContain(`run ${drawn[1]} does not match its seal`);
  }, 60_000);

  it('a run deleted anywhere in the period breaks the chain and is refused (exit 3)', async () => {
    const path = storeOfDays();
    const drawn = await drawnRuns(path);
    const victim = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11].find((id) => !drawn.includes(id) && !drawn.includes(id + 1))!;
    tamper(path, `DELETE FROM collections WHERE run_id = ${victim}; DELETE FROM result_sets WHERE run_id = ${victim}; DELETE FROM run_checks WHERE run_id = ${victim}; DELETE FROM runs WHERE id = ${victim}`);
    const out = await sample(path);
    expect(out.code).toBe(3);
    expect(out.stderr).toContain(`run ${victim + 1} does not chain to the seal of the sealed run before it (${victim - 1})`);
  }, 60_000);

  it('an edited run the sample does not show leaves the sample as it was; period (which shows every day) refuses it', async () => {
    const path = storeOfDays();
    const before = await sample(path);
    const drawn = (JSON.parse(before.stdout) as { items: { runId: number }[] }).items.map((i) => i.runId);
    const other = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].find((id) => !drawn.includes(id))!;
    tamper(path, `UPDATE run_checks SET pass = 1, fail = 0 WHERE run_id = ${other}`);
    const after = await sample(path);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toBe(before.stdout);
    const period = await cli(['period', '--db', path, ...RANGE]);
    expect(period.code).toBe(3);
    expect(period.stderr).toContain(`run ${other} does not match its seal`);
  }, 60_000);
});
