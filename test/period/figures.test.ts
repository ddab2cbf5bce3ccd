import { beforeAll, afterAll, describe, expect, it, vi } from 'vitest';
import { openEvidence, producersFrom, VERDICTS, type EvidenceReader, type PeriodReport } from '../../src/period/index.js';
import { computeFigures } from '../../src/period/figures.js';
import { EvidenceStore } from '../../src/store/index.js';
import { tempDbPath } from './fixtures.js';
import { CONTROLS, dayOf, HISTORY, writeHistory, YEAR } from './history.js';

// One 365-day history per file, written through the store API with a simulated clock and synthetic checks
// (not real runs over the demo estate): see history.ts for what happens when, and which tests run the real pipeline.
let store: EvidenceStore;
let evidence: EvidenceReader;
let report: PeriodReport;
let crashedRunId: number;

beforeAll(() => {
  const path = tempDbPath();
  const writer = EvidenceStore.open(path);
  crashedRunId = writeHistory(writer).crashedRunId;
  writer.close();
  store = EvidenceStore.open(path, { readonly: true });
  evidence = openEvidence(store, { timezone: 'UTC', producers: producersFrom([{ id: 'aws-s3', produces: { 'aws.s3.bucket': {} } }, { id: 'github', produces: { 'github.pull_request': {} } }]) });
  report = evidence.periodReport(YEAR, CONTROLS, { collectorsOfCheck: (id) => (id === 'chk.bucket' ? ['aws-s3'] : ['github']) });
}, 60_000);
afterAll(() => store.close());

const bucket = () => report.controls.find((c) => c.controlId === '1')!;
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, k) => a + k);

describe('period figures over a 365-day store-API history (synthetic checks)', () => {
  it('gives every day of the year one verdict, matching the history day by day', () => {
    const c = bucket();
    expect(c.days).toHaveLength(365);
    const { drift, secondEpisode: e2 } = HISTORY;
    const failing = new Set([HISTORY.twoRunDay, ...range(drift[0], drift[1]), e2.fail1, e2.fail2]);
    const gaps = new Set<number>([...HISTORY.outage, HISTORY.crash]);
    c.days.forEach((d, i) => {
      const want = gaps.has(i) ? 'no_evidence' : i === e2.error ? 'error' : failing.has(i) ? 'fail' : 'pass';
      expect({ day: d.day, status: d.status }).toEqual({ day: dayOf(i), status: want });
    });
    expect(c.figures.tally).toEqual({ pass: 365 - 6 - 13 - 1, fail: 13, error: 1, excepted: 0, not_applicable: 0, no_evidence: 6 });
    expect(c.figures.expectedDays).toBe(365);
  });

  it('shows the worst of two runs on one day and says so', () => {
    const d = bucket().days[HISTORY.twoRunDay]!;
    expect(d.status).toBe('fail');
    expect(d.runs.map((r) => r.status)).toEqual(['fail', 'pass']);
    expect(d.note).toMatch(/2 sealed runs on this day; the worst/);
  });

  it('names each gap with its reason: agent down, run incomplete, collector failed', () => {
    const gaps = bucket().figures.gaps;
    expect(gaps.map((g) => [g.day, g.reason])).toEqual([
      ...HISTORY.outage.map((i) => [dayOf(i), 'agent_down']),
      [dayOf(HISTORY.crash), 'run_incomplete'],
      [dayOf(HISTORY.secondEpisode.error), 'collector_failed'],
    ]);
    expect(gaps.find((g) => g.reason === 'run_incomplete')!.detail).toContain(`run ${crashedRunId}`);
    expect(store.getRun(crashedRunId)!.status).toBe('incomplete');
    expect(gaps.find((g) => g.reason === 'collector_failed')!.detail).toMatch(/aws-s3 aws:1 .*AccessDenied/);
    // The PR control does not depend on aws-s3: the S3 outage is not its gap.
    const pr = report.controls.find((c) => c.controlId === '2')!;
    expect(pr.figures.gaps.some((g) => g.reason === 'collector_failed')).toBe(false);
  });

  it('finds the failure episodes, their remediation times, the first failure and the longest streak', () => {
    const f = bucket().figures;
    const { drift, secondEpisode: e2 } = HISTORY;
    expect(f.firstFailure).toBe(dayOf(HISTORY.twoRunDay));
    expect(f.longestFailingStreak).toEqual({ days: drift[1] - drift[0] + 1, from: dayOf(drift[0]), to: dayOf(drift[1]) });
    expect(f.episodes.map((e) => ({ start: e.start, end: e.end, remediatedOn: e.remediatedOn, failingDays: e.failingDays, hours: e.hoursToRemediate }))).toEqual([
      // Failed at 06:00, fixed by the 18:00 run the same day: the day still shows fail, the episode closes the next day.
      { start: dayOf(HISTORY.twoRunDay), end: dayOf(HISTORY.twoRunDay), remediatedOn: dayOf(HISTORY.twoRunDay + 1), failingDays: 1, hours: 24 },
      { start: dayOf(drift[0]), end: dayOf(drift[1]), remediatedOn: dayOf(drift[1] + 1), failingDays: 10, hours: 240 },
      // The error day inside the episode neither closes it nor counts as failing.
      { start: dayOf(e2.fail1), end: dayOf(e2.fail2), remediatedOn: dayOf(e2.fixed), failingDays: 2, hours: 72 },
    ]);
    expect(f.verdict).toBe(VERDICTS.note);
  });

  it("reads no run's row a second time: exceptions, scope changes and manual-control statuses take each run's hashes from the rows read with the year's runs", () => {
    const getRun = vi.spyOn(EvidenceStore.prototype, 'getRun');
    try {
      const again = evidence.periodReport(YEAR, CONTROLS, { collectorsOfCheck: (id) => (id === 'chk.bucket' ? ['aws-s3'] : ['github']) });
      expect(again.exceptions).toEqual(report.exceptions);
      expect(again.scopeChanges).toEqual(report.scopeChanges);
      expect(again.controls).toEqual(report.controls);
      expect(getRun).not.toHaveBeenCalled();
    } finally {
      getRun.mockRestore();
    }
  });

  it('reads the exceptions in force each day from what each run stored, and its expiry', () => {
    const byDay = new Map(report.exceptions.map((d) => [d.day, d.exceptions.map((e) => `${e.id} ${e.check} ${e.resource} ${e.approver}`)]));
    expect(byDay.get(dayOf(HISTORY.exceptionStored[0] - 1))).toEqual([]);
    expect(byDay.get(dayOf(HISTORY.exceptionStored[0]))).toEqual(['EX-1 chk.bucket bucket-c ciso@example.com']);
    expect(byDay.get(dayOf(HISTORY.exceptionExpires))).toEqual(['EX-1 chk.bucket bucket-c ciso@example.com']);
    expect(byDay.get(dayOf(HISTORY.exceptionExpires + 1))).toEqual([]);
  });

  it('records the scope change on the day the expected scopes grew', () => {
    expect(report.scopeChanges.map((s) => ({ day: s.day, added: s.added, removed: s.removed }))).toEqual([{ day: dayOf(HISTORY.scopeGrows), added: ['aws-s3 aws:2'], removed: [] }]);
  });

  it('calls a clean period clean and never counts a gap as a pass', () => {
    const quiet = evidence.periodReport({ from: dayOf(10), to: dayOf(40) }, CONTROLS).controls[0]!;
    expect(quiet.figures.verdict).toBe(VERDICTS.clean);
    const withOutage = evidence.periodReport({ from: dayOf(95), to: dayOf(110) }, CONTROLS).controls[0]!;
    expect(withOutage.figures.tally.pass).toBe(11);
    expect(withOutage.figures.tally.no_evidence).toBe(5);
    expect(withOutage.figures.verdict).toBe(VERDICTS.note);
  });

  it('does not count an unscheduled day without a run as a gap', () => {
    // A schedule that only expects Mondays: the outage days that are not Mondays are not gaps.
    const mondays = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay() === 1;
    const c = evidence.periodReport({ from: dayOf(98), to: dayOf(106) }, CONTROLS, { isExpectedDay: mondays }).controls[0]!;
    const outageMondays = HISTORY.outage.filter((i) => mondays(dayOf(i)));
    expect(c.figures.gaps.map((g) => g.day)).toEqual(outageMondays.map(dayOf));
    expect(c.figures.tally.no_evidence).toBe(outageMondays.length);
  });

  it('with per-collector schedules, each control’s expected days are its own collectors’ (aws-s3 on Mondays, github daily)', () => {
    const mondays = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay() === 1;
    const options = {
      collectorsOfCheck: (id: string) => (id === 'chk.bucket' ? ['aws-s3'] : ['github']),
      isExpectedDay: () => true,
      expectedDayOfCollector: (c: string) => (c === 'aws-s3' ? mondays : undefined),
    };
    const r = evidence.periodReport({ from: dayOf(98), to: dayOf(106) }, CONTROLS, options);
    const bucketControl = r.controls.find((c) => c.checks.includes('chk.bucket'))!;
    const prControl = r.controls.find((c) => c.checks.includes('chk.pr'))!;
    const outageMondays = HISTORY.outage.filter((i) => i >= 98 && i <= 106 && mondays(dayOf(i)));
    const outageDays = HISTORY.outage.filter((i) => i >= 98 && i <= 106);
    expect(bucketControl.figures.gaps.filter((g) => g.reason === 'agent_down').map((g) => g.day)).toEqual(outageMondays.map(dayOf));
    expect(bucketControl.figures.expectedDays).toBe(range(98, 106).filter((i) => mondays(dayOf(i))).length);
    expect(prControl.figures.gaps.filter((g) => g.reason === 'agent_down').map((g) => g.day)).toEqual(outageDays.map(dayOf));
    expect(prControl.figures.expectedDays).toBe(9);
  });

  it('a day on which only other collectors’ runs sealed is not a gap for a control whose collectors were not scheduled', () => {
    const cell = { day: '2026-12-01', status: 'no_evidence' as const, counts: { pass: 0, fail: 0, error: 0, excepted: 0, not_applicable: 0 }, runs: [], shownRunId: null, note: 'not evaluated by this day\'s sealed run (7)' };
    const ctx = { day: '2026-12-01', expected: true, sealedRunIds: [7], sealedRuns: [], incompleteRunIds: [], failedCollections: [], staleCollections: [], dayGap: null };
    const notScheduled = computeFigures({ cells: [cell], contexts: [ctx], startedAt: () => '2026-12-01T06:00:00.000Z', expectedDay: () => false });
    expect(notScheduled.gaps).toEqual([]);
    expect(notScheduled.tally.no_evidence).toBe(0);
    expect(notScheduled.expectedDays).toBe(0);
    // Scheduled that day, the same cell is a gap: the run that sealed did not evaluate it.
    const scheduled = computeFigures({ cells: [cell], contexts: [ctx], startedAt: () => '2026-12-01T06:00:00.000Z', expectedDay: () => true });
    expect(scheduled.gaps.map((g) => g.reason)).toEqual(['not_evaluated']);
    expect(scheduled.tally.no_evidence).toBe(1);
  });

  it('reads the slot ledger when there is one: its slots are expected days and name why nothing ran', () => {
    const never = () => false;
    const slots = [
      { slotAt: `${dayOf(HISTORY.outage[0])}T06:00:00.000Z`, status: 'missed', reason: 'daemon not running at the slot time' },
      { slotAt: `${dayOf(HISTORY.outage[1])}T06:00:00.000Z`, status: 'skipped', reason: 'store locked by another writer' },
    ];
    const c = evidence.periodReport({ from: dayOf(99), to: dayOf(105) }, CONTROLS, { isExpectedDay: never, slots }).controls[0]!;
    // Only the days the ledger has a slot for are expected: the other outage days are not gaps.
    expect(c.figures.gaps.map((g) => [g.day, g.reason, g.detail])).toEqual([
      [dayOf(HISTORY.outage[0]), 'agent_down', `no run on a scheduled day; ledger: slot ${slots[0]!.slotAt} missed: daemon not running at the slot time`],
      [dayOf(HISTORY.outage[1]), 'agent_down', `no run on a scheduled day; ledger: slot ${slots[1]!.slotAt} skipped: store locked by another writer`],
    ]);
  });

  it('writes the daily log: transitions, findings, collectors, exceptions, scope and gaps', () => {
    const log = evidence.dailyLog(report, { isEventCheck: (id) => id === 'chk.pr', ownersOfCheck: (id) => (id === 'chk.bucket' ? ['storage-team'] : []), ownersOfControl: () => [] });
    const on = (i: number) => log.filter((e) => e.day === dayOf(i)).map((e) => `${e.kind} ${e.subject}${e.resource ? ` ${e.resource}` : ''}`);
    const { drift, secondEpisode: e2 } = HISTORY;
    expect(on(drift[0])).toEqual(['control_failing T 1', 'check_failing chk.bucket', 'finding_opened chk.bucket bucket-b']);
    expect(on(drift[1] + 1)).toEqual(['control_recovered T 1', 'check_recovered chk.bucket', 'finding_resolved chk.bucket bucket-b']);
    expect(on(HISTORY.outage[0])).toEqual(['no_evidence all controls']);
    expect(on(e2.error)).toContain('collector_erroring aws-s3 aws:1');
    expect(on(e2.fail2)).toContain('collector_recovered aws-s3 aws:1');
    expect(on(HISTORY.exceptionStored[0])).toContain('exception_started chk.bucket bucket-c');
    expect(on(HISTORY.exceptionExpires + 1)).toContain('exception_expired chk.bucket bucket-c');
    expect(on(HISTORY.scopeGrows)).toContain('scope_changed run ' + report.scopeChanges[0]!.runId);
    expect(on(HISTORY.badPr)).toContain(`finding_opened chk.pr github:acme/api#${HISTORY.badPr}`);
    expect(log.find((e) => e.kind === 'finding_opened' && e.subject === 'chk.bucket')!.owners).toEqual(['storage-team']);
  });
});
