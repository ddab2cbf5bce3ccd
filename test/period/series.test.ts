import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BlobRepository } from '../../src/store/blob-repository.js';
import { controlsOf, openEvidence } from '../../src/period/index.js';
import type { EvidenceStore } from '../../src/store/index.js';
import { beginRun, sealedRun, tempStore } from './fixtures.js';

const at = (day: number, hour: number) => `2026-11-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;

describe('daily series from the stored counts', () => {
  let store: EvidenceStore;
  beforeEach(() => {
    store = tempStore();
  });
  afterEach(() => {
    vi.restoreAllMocks();
    store.close();
  });
  const evidence = (timezone = 'UTC') => openEvidence(store, { timezone, producers: () => [] });

  it('a day with two sealed runs shows the worst and says so; a day with none is no_evidence', () => {
    const failing = sealedRun(store, { startedAt: at(20, 6), results: [{ checkId: 'a', resourceId: 'x', status: 'fail' }, { checkId: 'a', resourceId: 'y', status: 'pass' }] });
    const fixed = sealedRun(store, { startedAt: at(20, 18), results: [{ checkId: 'a', resourceId: 'x', status: 'pass' }, { checkId: 'a', resourceId: 'y', status: 'pass' }] });
    // 21 Nov: no run at all. 22 Nov: a run that never sealed (its writer died).
    beginRun(store, { startedAt: at(22, 6) });
    const [series] = evidence().checkSeries({ from: '2026-11-20', to: '2026-11-22' });
    expect(series!.checkId).toBe('a');
    const [twoRuns, gap, unsealed] = series!.days;
    expect(twoRuns).toMatchObject({ day: '2026-11-20', status: 'fail', shownRunId: failing, counts: { pass: 1, fail: 1 } });
    expect(twoRuns!.runs).toEqual([{ runId: failing, status: 'fail' }, { runId: fixed, status: 'pass' }]);
    expect(twoRuns!.note).toBe(`2 sealed runs on this day; the worst (run ${failing}: fail) is shown`);
    expect(gap).toMatchObject({ day: '2026-11-21', status: 'no_evidence', runs: [], shownRunId: null, note: 'no sealed run on this day' });
    expect(gap!.counts).toEqual({ pass: 0, fail: 0, error: 0, excepted: 0, not_applicable: 0 });
    expect(unsealed).toMatchObject({ day: '2026-11-22', status: 'no_evidence', note: 'no sealed run on this day' });
  });

  it('counts days in the audit time zone (Tokyo is UTC+9)', () => {
    // 20 Nov 20:00 UTC is 21 Nov 05:00 in Tokyo.
    sealedRun(store, { startedAt: at(20, 20), results: [{ checkId: 'a', resourceId: 'x', status: 'error' }] });
    const statuses = (tz: string) => evidence(tz).checkSeries({ from: '2026-11-20', to: '2026-11-21' })[0]!.days.map((d) => d.status);
    expect(statuses('Asia/Tokyo')).toEqual(['no_evidence', 'error']);
    expect(statuses('UTC')).toEqual(['error', 'no_evidence']);
  });

  it('a check that the day\'s runs did not evaluate is no_evidence, naming the runs', () => {
    const run = sealedRun(store, { startedAt: at(20, 6), results: [{ checkId: 'a', resourceId: 'x', status: 'pass' }] });
    const [b] = evidence().checkSeries({ from: '2026-11-20', to: '2026-11-20' }, { checkIds: ['b'] });
    expect(b!.days[0]).toMatchObject({ status: 'no_evidence', note: `not evaluated by this day's sealed run (${run})` });
  });

  it('per control: the rollup of its mapped checks in each run, worst of the day', () => {
    sealedRun(store, {
      startedAt: at(20, 6),
      results: [
        { checkId: 'a', scope: 'aws:1', resourceId: 'x', status: 'pass' },
        { checkId: 'a', scope: 'aws:2', resourceId: 'y', status: 'pass' },
        { checkId: 'b', resourceId: 'z', status: 'error' },
        { checkId: 'c', resourceId: 'w', status: 'fail' },
      ],
    });
    sealedRun(store, { startedAt: at(21, 6), results: [{ checkId: 'a', resourceId: 'x', status: 'pass' }, { checkId: 'b', resourceId: 'z', status: 'pass' }] });
    const controls = controlsOf([
      { id: 'a', mappings: { 'soc2-2017': ['CC6.1'], 'iso27001-2022': ['A.8.5'] } },
      { id: 'b', mappings: { 'soc2-2017': ['CC6.1'] } },
      { id: 'c', mappings: { 'soc2-2017': ['CC7.2'] } },
    ]);
    expect(controls).toEqual([
      { framework: 'iso27001-2022', controlId: 'A.8.5', checks: ['a'] },
      { framework: 'soc2-2017', controlId: 'CC6.1', checks: ['a', 'b'] },
      { framework: 'soc2-2017', controlId: 'CC7.2', checks: ['c'] },
    ]);
    const series = evidence().controlSeries({ from: '2026-11-20', to: '2026-11-22' }, controls);
    expect(series.map((s) => [s.controlId, ...s.days.map((d) => d.status)])).toEqual([
      ['A.8.5', 'pass', 'pass', 'no_evidence'],
      ['CC6.1', 'error', 'pass', 'no_evidence'],
      ['CC7.2', 'fail', 'no_evidence', 'no_evidence'],
    ]);
    // Counts are summed over scopes and mapped checks: a in two scopes + b.
    expect(series[1]!.days[0]!.counts).toEqual({ pass: 2, fail: 0, error: 1, excepted: 0, not_applicable: 0 });
    expect(series[2]!.days[1]!.note).toMatch(/not evaluated/);
  });

  it('reads a month of counts without opening a single blob', () => {
    let failingRun = 0;
    for (let day = 1; day <= 28; day += 1) {
      const id = sealedRun(store, {
        startedAt: at(day, 6),
        results: [
          { checkId: 'a', resourceId: 'x', status: day === 14 ? 'fail' : 'pass' },
          { checkId: 'b', scope: 'aws:1', resourceId: 'y', status: 'pass' },
          { checkId: 'b', scope: 'aws:2', resourceId: 'z', status: 'not_applicable' },
        ],
      });
      if (day === 14) failingRun = id;
    }
    const reader = evidence('Europe/Berlin');
    const blobReads = vi.spyOn(BlobRepository.prototype, 'get');
    const range = { from: '2026-11-01', to: '2026-11-30' };
    const checks = reader.checkSeries(range);
    const controls = reader.controlSeries(range, controlsOf([{ id: 'a', mappings: { f: ['1'] } }]));
    const counts = reader.checkCounts(reader.latestSealedRun()!.id);
    reader.runsByDay(range);
    expect(blobReads).not.toHaveBeenCalled();

    expect(checks.map((s) => s.checkId)).toEqual(['a', 'b']);
    expect(checks[0]!.days.filter((d) => d.status === 'fail').map((d) => d.day)).toEqual(['2026-11-14']);
    expect(checks[1]!.days.slice(0, 28).every((d) => d.status === 'pass' && d.counts.not_applicable === 1)).toBe(true);
    expect(checks[0]!.days.slice(28).map((d) => d.status)).toEqual(['no_evidence', 'no_evidence']);
    expect(controls[0]!.days[13]!.status).toBe('fail');
    expect(counts).toEqual([
      { checkId: 'a', scopes: 1, counts: { pass: 1, fail: 0, error: 0, excepted: 0, not_applicable: 0 } },
      { checkId: 'b', scopes: 2, counts: { pass: 1, fail: 0, error: 0, excepted: 0, not_applicable: 1 } },
    ]);

    // The spy does see blob reads: resource-level queries open result sets.
    expect(reader.findings(failingRun).map((f) => f.resourceId)).toEqual(['x']);
    expect(blobReads).toHaveBeenCalled();
  });
});
