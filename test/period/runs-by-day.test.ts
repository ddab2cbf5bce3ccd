import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NoEvidenceError, openEvidence } from '../../src/period/index.js';
import type { EvidenceStore } from '../../src/store/index.js';
import { beginRun, completeRun, sealedRun, tempStore } from './fixtures.js';

const pass = [{ checkId: 'c', resourceId: 'r', status: 'pass' as const }];

describe('runs per audit day', () => {
  let store: EvidenceStore;
  beforeEach(() => {
    store = tempStore();
  });
  afterEach(() => store.close());

  const reader = (timezone: string) => openEvidence(store, { timezone, producers: () => [] });
  const ids = (days: readonly { day: string; runs: readonly { id: number }[] }[]) => Object.fromEntries(days.map((d) => [d.day, d.runs.map((r) => r.id)]));

  it('counts days in the audit time zone, not UTC (Los Angeles is UTC-8 in November)', () => {
    const evening = sealedRun(store, { startedAt: '2026-11-21T05:00:00.000Z', results: pass }); // 20 Nov, 21:00 in LA
    const noon = sealedRun(store, { startedAt: '2026-11-21T20:00:00.000Z', results: pass }); // 21 Nov, 12:00
    const lastMinute = sealedRun(store, { startedAt: '2026-11-24T07:59:00.000Z', results: pass }); // 23 Nov, 23:59
    sealedRun(store, { startedAt: '2026-11-24T08:00:00.000Z', results: pass }); // 24 Nov, 00:00: outside the range

    const la = reader('America/Los_Angeles').runsByDay({ from: '2026-11-20', to: '2026-11-23' });
    expect(ids(la.days)).toEqual({ '2026-11-20': [evening], '2026-11-21': [noon], '2026-11-22': [], '2026-11-23': [lastMinute] });
    expect(la.days.flatMap((d) => d.runs.map((r) => r.day))).toEqual(['2026-11-20', '2026-11-21', '2026-11-23']);

    const utc = reader('UTC').runsByDay({ from: '2026-11-20', to: '2026-11-23' });
    expect(ids(utc.days)).toEqual({ '2026-11-20': [], '2026-11-21': [evening, noon], '2026-11-22': [], '2026-11-23': [] });
  });

  it('keeps each run\'s trigger and filters by trigger', () => {
    const scheduled = sealedRun(store, { startedAt: '2026-11-21T06:00:00.000Z', trigger: 'schedule', results: pass });
    const manual = sealedRun(store, { startedAt: '2026-11-21T09:00:00.000Z', trigger: 'manual', results: pass });
    const all = reader('UTC').runsByDay({ from: '2026-11-21', to: '2026-11-21' });
    expect(all.days[0]!.runs.map((r) => [r.id, r.trigger])).toEqual([[scheduled, 'schedule'], [manual, 'manual']]);
    expect(all.triggers).toBeNull();
    const onlySchedule = reader('UTC').runsByDay({ from: '2026-11-21', to: '2026-11-21' }, { triggers: ['schedule'] });
    expect(onlySchedule.days[0]!.runs.map((r) => r.id)).toEqual([scheduled]);
    expect(onlySchedule.triggers).toEqual(['schedule']);
  });

  it('lists running and incomplete runs as gaps to explain, never as evidence', () => {
    const sealed = sealedRun(store, { startedAt: '2026-11-21T06:00:00.000Z', results: pass });
    // Two overlapping writers: the later run seals first, so the earlier one becomes incomplete.
    const overtaken = beginRun(store, { startedAt: '2026-11-22T06:00:00.000Z' });
    const later = sealedRun(store, { startedAt: '2026-11-22T06:00:30.000Z', results: pass });
    expect(() => completeRun(store, overtaken, { startedAt: '2026-11-22T06:00:00.000Z', results: pass })).toThrow(/overlapping writers/);
    const running = beginRun(store, { startedAt: '2026-11-23T06:00:00.000Z' });

    const days = reader('UTC').runsByDay({ from: '2026-11-21', to: '2026-11-23' });
    expect(ids(days.days)).toEqual({ '2026-11-21': [sealed], '2026-11-22': [later], '2026-11-23': [] });
    expect(days.unsealed.map((r) => [r.id, r.status, r.day])).toEqual([
      [overtaken, 'incomplete', '2026-11-22'],
      [running, 'running', '2026-11-23'],
    ]);
    expect(() => reader('UTC').sealedRun(running)).toThrow(NoEvidenceError);
    expect(() => reader('UTC').findings(overtaken)).toThrow(/incomplete, not sealed: it is not evidence/);
    expect(reader('UTC').latestSealedRun()?.id).toBe(later);
  });

  it('refuses a malformed or reversed range and an unknown time zone', () => {
    expect(() => reader('UTC').runsByDay({ from: '2026-11-31', to: '2026-12-01' })).toThrow(/calendar date/);
    expect(() => reader('UTC').runsByDay({ from: '2026-12-02', to: '2026-12-01' })).toThrow(/after its end/);
    expect(() => reader('Mars/Olympus')).toThrow(/time zone/);
  });
});
