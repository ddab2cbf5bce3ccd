import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { failingMfaStore, MFA_CHECK, tamper } from '../helpers/failing-mfa-store.js';
import { openEvidence, TamperedRunError } from '../../src/period/index.js';
import { EvidenceStore } from '../../src/store/index.js';
import { runCliProcess } from '../helpers/cli.js';
import { cli } from '../cli/in-process.js';

/**
 * Issue 14, defect 10: `report` showed a tampered run with exit 0 and no warning. Every run the read side
 * reads (report's run and the one it compares with, every sealed run of a period) is checked against its seal
 * and its link to the previous seal; one that does not match is refused by name (exit 3, as verify).
 */
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const CHECK = MFA_CHECK;

const storeWithThreeRuns = () => failingMfaStore(['2026-03-13', '2026-03-14', '2026-03-15'], dirs);

function readAll(path: string, use: (reader: ReturnType<typeof openEvidence>) => unknown): unknown {
  const store = EvidenceStore.open(path, { readonly: true });
  try {
    return use(openEvidence(store, { timezone: 'UTC', producers: () => [] }));
  } finally {
    store.close();
  }
}

const PERIOD = { from: '2026-03-13', to: '2026-03-15' };

describe('reading a tampered run', () => {
  it('an untouched store reads as before', () => {
    const path = storeWithThreeRuns();
    expect(readAll(path, (r) => r.checkCounts(3))).toEqual([expect.objectContaining({ checkId: CHECK })]);
    expect(readAll(path, (r) => r.runsByDay(PERIOD).days.map((d) => d.runs.length))).toEqual([1, 1, 1]);
  });

  it("a fail edited into a pass (the check's counts its seal covers) is refused by run, in a run read and in a period", () => {
    const path = storeWithThreeRuns();
    // Seal version 2: the run's seal covers a line per check (run_checks), which is where counts are read.
    tamper(path, `UPDATE run_checks SET pass = 1, fail = 0 WHERE run_id = 2`);
    expect(() => readAll(path, (r) => r.checkCounts(2))).toThrow(TamperedRunError);
    expect(() => readAll(path, (r) => r.checkCounts(2))).toThrow(/^run 2 does not match its seal: its header, collections or result sets were edited or deleted\. .*controlwatch verify/);
    expect(() => readAll(path, (r) => r.runsByDay(PERIOD))).toThrow(/run 2 does not match its seal/);
    // The untouched runs still read.
    expect(readAll(path, (r) => r.checkCounts(3))).toHaveLength(1);
  });

  it("the same edit in the result-set rows under the check's line: counts read are the sealed ones, and the rows are refused when read", () => {
    const path = storeWithThreeRuns();
    const sealed = readAll(path, (r) => r.checkCounts(2));
    tamper(path, `UPDATE result_sets SET pass = 1, fail = 0 WHERE run_id = 2`);
    expect(readAll(path, (r) => r.checkCounts(2))).toEqual(sealed);
    expect(readAll(path, (r) => r.runsByDay(PERIOD).days.map((d) => d.runs.length))).toEqual([1, 1, 1]);
    expect(() => readAll(path, (r) => r.results(2))).toThrow(TamperedRunError);
    expect(() => readAll(path, (r) => r.results(2))).toThrow(new RegExp(`^run 2's result sets of ${CHECK.replace(/\./g, '\\.')} do not match the per-check digests its seal covers: .*controlwatch verify`));
    expect(readAll(path, (r) => r.results(3))).toHaveLength(1);
  });

  it('a deleted run before the one read breaks its chain link and is named', () => {
    const path = storeWithThreeRuns();
    tamper(path, `DELETE FROM collections WHERE run_id = 2; DELETE FROM result_sets WHERE run_id = 2; DELETE FROM run_checks WHERE run_id = 2; DELETE FROM runs WHERE id = 2`);
    expect(() => readAll(path, (r) => r.checkCounts(3))).toThrow(/run 3 does not chain to the seal of the sealed run before it \(1\)/);
  });

  it('a header edit (a backdated start) is refused', () => {
    const path = storeWithThreeRuns();
    tamper(path, `UPDATE runs SET started_at = '2026-03-12T06:00:00.000Z' WHERE id = 1`);
    expect(() => readAll(path, (r) => r.sealedRun(1))).toThrow(/run 1 does not match its seal/);
  });

  it('report and period exit 3 naming the run, never 0 with the tampered numbers', async () => {
    const path = storeWithThreeRuns();
    const rowsEdited = storeWithThreeRuns();
    tamper(rowsEdited, `UPDATE result_sets SET pass = 1, fail = 0 WHERE run_id = 3`);
    // The report's findings read the result-set rows: refused, naming run and check.
    const rowsReport = await runCliProcess(['report', '--db', rowsEdited]);
    expect(rowsReport.stderr).toMatch(new RegExp(`run 3's result sets of ${CHECK.replace(/\./g, '\\.')} do not match the per-check digests its seal covers`));
    expect(rowsReport.code).toBe(3);
    tamper(path, `UPDATE run_checks SET pass = 1, fail = 0 WHERE run_id = 3`);
    const report = await runCliProcess(['report', '--db', path]);
    expect(report.stderr).toMatch(/run 3 does not match its seal/);
    expect(report.code).toBe(3);
    // The summary view reads the per-check counts the seal covers, the very lines edited here: refused as well.
    for (const format of ['table', 'json', 'csv']) {
      const summary = await cli(['report', '--db', path, '--view', 'summary', '--format', format]);
      expect(summary.stderr).toMatch(/run 3 does not match its seal/);
      expect(summary.stdout).toBe('');
      expect(summary.code).toBe(3);
    }
    const period = await runCliProcess(['period', '--db', path, '--from', PERIOD.from, '--to', PERIOD.to]);
    expect(period.stderr).toMatch(/run 3 does not match its seal/);
    expect(period.code).toBe(3);
  }, 60_000);

  it('a period (and export, log) long enough for its seal check to start on a worker thread (issue 15) names every tampered run, exit 3', async () => {
    const days = Array.from({ length: 100 }, (_, i) => new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10));
    const path = failingMfaStore(days, dirs);
    const untouched = await cli(['period', '--db', path, '--from', days[0]!, '--to', days.at(-1)!, '--format', 'json']);
    expect(untouched.stderr).toBe('');
    expect(JSON.parse(untouched.stdout).runs).toHaveLength(100);
    // One in the first span of runs and one in the last, whichever thread checks them; and a deleted run.
    tamper(path, `UPDATE run_checks SET pass = 1, fail = 0 WHERE run_id IN (2, 97)`);
    tamper(path, `DELETE FROM collections WHERE run_id = 50; DELETE FROM result_sets WHERE run_id = 50; DELETE FROM run_checks WHERE run_id = 50; DELETE FROM runs WHERE id = 50`);
    const ahead = vi.spyOn(EvidenceStore.prototype, 'checkSealsAhead');
    const period = await cli(['period', '--db', path, '--from', days[0]!, '--to', days.at(-1)!]);
    expect(ahead).toHaveBeenCalledTimes(1);
    // A short range keeps the check on this thread (SEALS_AHEAD_FROM_RUNS), and finds the same run.
    const month = await cli(['period', '--db', path, '--from', days[0]!, '--to', days[29]!]);
    expect(ahead).toHaveBeenCalledTimes(1);
    // export and log build the same period report, with the check started ahead too.
    for (const command of [['export', '--format', 'json'], ['log']]) {
      const other = await cli([...command, '--db', path, '--from', days[0]!, '--to', days.at(-1)!]);
      expect(other.stdout, command[0]).toBe('');
      expect(other.stderr, command[0]).toContain('run 2 does not match its seal: its header, collections or result sets were edited or deleted; run 51 does not chain');
      expect(other.code, command[0]).toBe(3);
    }
    expect(ahead).toHaveBeenCalledTimes(3);
    ahead.mockRestore();
    expect(month.stderr).toMatch(/^error: run 2 does not match its seal: its header, collections or result sets were edited or deleted\. /);
    expect(month.code).toBe(3);
    expect(period.stdout).toBe('');
    expect(period.stderr).toContain(
      'run 2 does not match its seal: its header, collections or result sets were edited or deleted; run 51 does not chain to the seal of the sealed run before it (49): a run was deleted or re-sealed; run 97 does not match its seal',
    );
    expect(period.code).toBe(3);
  }, 60_000);
});
