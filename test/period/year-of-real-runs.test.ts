import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillHistory } from '../../src/demo/backfill.js';
import { demoExceptions, type HistoryScenario } from '../../src/demo/history-scenario.js';
import { startLiveEstate } from '../../src/demo/live-estate.js';
import { loadRegistry } from '../../src/registry/index.js';
import { EvidenceStore } from '../../src/store/index.js';
import { cli } from '../cli/in-process.js';
import { runCliProcess } from '../helpers/cli.js';

/**
 * A year of REAL runs (issue 11): the demo backfill runs the real pipeline once a day at 06:00 UTC for
 * 364 past days over the demo fakes with a simulated clock, so every figure below comes from sealed runs,
 * not from synthetic checks written through the store API (test/period/history.ts does that).
 *
 * The scenario: Object Lock is removed from prod-audit-evidence for 11 days and restored (followed on
 * SOC 2 PI1.5, which only Object Lock and versioning test; it also fails every day before the demo's
 * exception for prod-tmp-scratch's versioning starts, 76 days ago); the agent is down for 4 days; one day's run
 * crashes (begun, never sealed, marked incomplete as the next start does); the sandbox root key's exception
 * expires 100 days ago (followed on CIS AWS 2.4, which only iam.root_no_access_keys tests) and the demo's
 * exception for the scratch bucket's versioning starts 76 days ago; today has no run yet.
 *
 * Cost: building the history is 359 sealed real runs (364 past days less 4 outage days and the crashed one).
 * Measured here on 2 cores shared with 6 other sessions (load average 9-15): 820 s for the whole build
 * (`npx vitest run test/period/year-of-real-runs.test.ts`, 09:08-09:22 UTC, two other copies of this build
 * competing for most of it); ≈1.1 s per run once they had stopped, so about 7 minutes under that load; a quiet
 * machine does ≈0.5 s per run (about 3 minutes). The build prints "year of real runs: N runs in M ms" each time.
 * The checks after it take about 13 s. (Before the GitHub fake's rate-limit budget reset hourly, this build
 * hung on its 93rd run: see src/demo/fakes/github/server.ts.)
 */
const CRASHED = -25;
const OUTAGE = [-40, -39, -38, -37];
/** The demo's own exception for prod-tmp-scratch's versioning starts 76 days ago (src/demo/environment.ts): PI1.5 fails every day before it. */
const SCRATCH_EXCEPTION_STARTS = -76;
const SCENARIO: HistoryScenario = {
  days: 365,
  runHourUtc: 6,
  // The crashed day is skipped by the backfill like an outage day; onDay records the run that crashed on it.
  outage: [...OUTAGE, CRASHED],
  drift: { from: -65, to: -55, account: '111111111111', bucket: 'prod-audit-evidence', control: 'PI1.5' },
  exceptionExpires: -100,
};
const BUILD_TIMEOUT_MS = 20 * 60_000;

let dir: string;
let db: string;
let configFile: string;
let days: string[];
let crashedRunId: number;
const day = (offset: number) => days[offset + 364]!;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cw-year-'));
  db = join(dir, 'evidence.db');
  configFile = join(dir, 'controlwatch.yaml');
  writeFileSync(configFile, 'version: 1\naudit:\n  timezone: UTC\n');
  const now = new Date();
  const today = now.toISOString().slice(0, 10);
  days = Array.from({ length: 365 }, (_, i) => new Date(Date.parse(`${today}T00:00:00Z`) + (i - 364) * 86_400_000).toISOString().slice(0, 10));
  const live = await startLiveEstate({ exceptions: demoExceptions(today, SCENARIO) });
  try {
    const t = Date.now();
    const r = await backfillHistory({
      dbPath: db,
      live,
      registry: loadRegistry(live.config),
      log: pino({ level: 'silent' }),
      now,
      scenario: SCENARIO,
      onDay: (d, index) => {
        if (index !== CRASHED + 364) return;
        // The crash: a run begins at that day's hour and its writer dies before sealing. The store marks such a
        // run incomplete at the next start (test/e2e/crash.test.ts kills a real one); here the same writer
        // process is still alive, so it is marked the way the daemon marks a run it gave up on.
        const store = EvidenceStore.open(db);
        try {
          crashedRunId = store.beginRun({ startedAt: `${d}T06:00:00.000Z`, trigger: 'demo', agentVersion: 'crashed-run', configHash: 'crashed-run', scope: {}, exceptions: [] });
          expect(store.markRunIncomplete(crashedRunId)).toBe(true);
        } finally {
          store.close();
        }
      },
    });
    console.log(`year of real runs: ${r.runs} runs in ${Date.now() - t} ms`);
    expect(r.runs).toBe(364 - SCENARIO.outage.length);
  } finally {
    await live.close();
  }
}, BUILD_TIMEOUT_MS);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const year = () => ['--from', day(-364), '--to', day(0)];
const read = async (...args: string[]) => {
  const r = await cli(['-c', configFile, '--db', db, ...args]);
  expect(r.stderr).toBe('');
  return r;
};
const controlOf = async (framework: string, control: string) =>
  JSON.parse((await read('period', ...year(), '--control', control, '--framework', framework, '--format', 'json')).stdout).controls[0];

/** What a day should show: the gap days first (never a pass), then the scenario's verdict. */
function expectedDays(verdict: (offset: number) => string): string[] {
  return days.map((_, i) => {
    const offset = i - 364;
    if (offset === 0 || offset === CRASHED || OUTAGE.includes(offset)) return 'no_evidence';
    return verdict(offset);
  });
}

describe('a year of real runs: period figures, gaps, remediation, sampling', () => {
  it('PI1.5 day by day: fail until the scratch exception starts, pass before the drift, fail during it, pass after; gaps are never passes', async () => {
    const c = await controlOf('soc2-2017', 'PI1.5');
    expect(c.controlId).toBe('PI1.5');
    const statuses = c.timeline.map((d: { day: string; status: string }) => d.status);
    expect(c.timeline.map((d: { day: string }) => d.day)).toEqual(days);
    expect(statuses).toEqual(expectedDays((o) => (o < SCRATCH_EXCEPTION_STARTS || (o >= -65 && o <= -55) ? 'fail' : 'pass')));
    expect(c.tally).toMatchObject({ pass: 76 - 11 - 5, fail: 288 + 11, no_evidence: 6, error: 0, excepted: 0 });
    expect(c.verdict).toBe('exceptions to note');
  }, 120_000);

  it('failure episodes: start, end, the day each was remediated and the hours it took', async () => {
    const c = await controlOf('soc2-2017', 'PI1.5');
    expect(c.episodes).toHaveLength(2);
    // Failing from the first day until the exception for the scratch bucket's versioning started.
    expect(c.episodes[0]).toMatchObject({ start: day(-364), end: day(-77), remediatedOn: day(-76), failingDays: 288 });
    expect(c.episodes[0].hoursToRemediate).toBeGreaterThanOrEqual(288 * 24);
    expect(c.episodes[0].hoursToRemediate).toBeLessThan(288 * 24 + 1);
    // The drift: first failing run (day -65, 06:00) to the first passing run (day -54, 06:00) is 11 days, plus
    // the few seconds a real run's start drifts from its simulated hour.
    const drift = c.episodes[1];
    expect(drift).toMatchObject({ start: day(-65), end: day(-55), remediatedOn: day(-54), failingDays: 11 });
    expect(drift.hoursToRemediate).toBeGreaterThanOrEqual(264);
    expect(drift.hoursToRemediate).toBeLessThan(265);
    expect(drift.remediatingRunId).toBeGreaterThan(drift.firstFailingRunId);
    expect(c.longestFailingStreak).toMatchObject({ days: 288, from: day(-364), to: day(-77) });
    expect(c.firstFailure).toBe(day(-364));
  }, 120_000);

  it('gap reasons: the outage days are agent_down, the crashed run\'s day is run_incomplete, today has no run yet', async () => {
    const c = await controlOf('soc2-2017', 'PI1.5');
    expect(c.gaps.map((g: { day: string; reason: string }) => [g.day, g.reason])).toEqual([
      ...OUTAGE.map((o) => [day(o), 'agent_down']),
      [day(CRASHED), 'run_incomplete'],
      [day(0), 'agent_down'],
    ]);
    const crashed = c.gaps.find((g: { day: string }) => g.day === day(CRASHED));
    expect(crashed.detail).toContain(`run ${crashedRunId} started and never sealed`);
    const table = await read('period', ...year(), '--control', 'PI1.5');
    expect(table.stdout).toContain(`gap ${day(CRASHED)}: run_incomplete`);
    expect(table.stdout).toContain(`gap ${day(-40)}: agent_down`);
  }, 120_000);

  it('exceptions that start and expire: the results excepted while in force, failing outside; the days in the log', async () => {
    // CIS AWS 2.4 is only iam.root_no_access_keys: the production root passes, the sandbox root's key is excepted
    // (the control rolls up to pass: an exception never makes a control fail) until the exception expires, then fails.
    const c = await controlOf('cis-aws-foundations', '2.4');
    expect(c.timeline.map((d: { status: string }) => d.status)).toEqual(expectedDays((o) => (o <= -100 ? 'pass' : 'fail')));
    expect(c.episodes).toHaveLength(1);
    expect(c.episodes[0]).toMatchObject({ start: day(-99), end: null, remediatedOn: null, hoursToRemediate: null });
    const runOn = (offset: number) => c.timeline[offset + 364].runId as number;
    const finding = async (offset: number, check: string, resource: string) => {
      const report = JSON.parse((await read('report', '--run', String(runOn(offset)), '--format', 'json')).stdout) as { findings: { checkId: string; resourceId: string; status: string; reason: string }[] };
      return report.findings.find((f) => f.checkId === check && f.resourceId === resource);
    };
    const sandboxRoot = ['iam.root_no_access_keys', 'arn:aws:iam::222222222222:root'] as const;
    expect(await finding(-100, ...sandboxRoot)).toMatchObject({ status: 'excepted' });
    expect(await finding(-99, ...sandboxRoot)).toMatchObject({ status: 'fail' });
    // The demo's exception for prod-tmp-scratch's versioning starts 76 days ago: failing the day before, excepted from it.
    const scratch = ['s3.bucket_versioning_enabled', 'arn:aws:s3:::prod-tmp-scratch'] as const;
    expect(await finding(SCRATCH_EXCEPTION_STARTS - 1, ...scratch)).toMatchObject({ status: 'fail' });
    expect((await finding(SCRATCH_EXCEPTION_STARTS - 1, ...scratch))!.reason).toContain(`starts on ${day(SCRATCH_EXCEPTION_STARTS)}`);
    expect(await finding(SCRATCH_EXCEPTION_STARTS, ...scratch)).toMatchObject({ status: 'excepted' });
    const log = JSON.parse((await read('log', ...year(), '--format', 'json')).stdout).entries as { day: string; kind: string; resource: string | null }[];
    const logDays = (kind: string, resource: string) => log.filter((e) => e.kind === kind && e.resource === resource).map((e) => e.day);
    expect(logDays('exception_expired', sandboxRoot[1])).toEqual([day(-99)]);
    expect(logDays('exception_started', scratch[1])).toEqual([day(SCRATCH_EXCEPTION_STARTS)]);
  }, 120_000);

  it('sample with a fixed seed: the same draw in two separate processes, gap days kept in the population', async () => {
    const args = ['-c', configFile, '--db', db, 'sample', '--control', 'PI1.5', '--framework', 'soc2-2017', ...year(), '--seed', 'year-of-real-runs', '--size', '40', '--format', 'json'];
    const [first, second] = await Promise.all([runCliProcess(args), runCliProcess(args)]);
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    const sample = JSON.parse(first.stdout);
    expect(sample).toMatchObject({ seed: 'year-of-real-runs', populationSize: 365, populationGaps: 6, size: 40 });
    expect(new Set(sample.items.map((i: { day: string }) => i.day)).size).toBe(40);
    // The same draw in this process too, and the whole population: every gap day is in it with its reason.
    const here = await read('sample', '--control', 'PI1.5', '--framework', 'soc2-2017', ...year(), '--seed', 'year-of-real-runs', '--size', '40', '--format', 'json');
    expect(here.stdout).toBe(first.stdout);
    const all = JSON.parse((await read('sample', '--control', 'PI1.5', '--framework', 'soc2-2017', ...year(), '--seed', 'year-of-real-runs', '--size', '365', '--format', 'json')).stdout);
    const gaps = all.items.filter((i: { status: string }) => i.status === 'no_evidence');
    expect(gaps.map((i: { day: string; gap: { reason: string } }) => [i.day, i.gap.reason]).sort()).toEqual(
      [...OUTAGE.map((o) => [day(o), 'agent_down']), [day(CRASHED), 'run_incomplete'], [day(0), 'agent_down']].sort(),
    );
    expect(all.items.filter((i: { status: string }) => i.status === 'pass')).toHaveLength(76 - 11 - 5);
  }, 180_000);
});
