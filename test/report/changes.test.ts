import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EvidenceStore } from '../../src/store/index.js';
import { buildReport } from '../../src/report/build.js';
import { openEvidence } from '../../src/period/index.js';
import type { CheckInfo } from '../../src/report/types.js';
import type { Status } from '../../src/model/status.js';

const checks: CheckInfo[] = [
  { id: 'state.check', title: 'a state', severity: 'high', mappings: {}, awsConfigRules: [], event: false },
  { id: 'event.check', title: 'an event', severity: 'high', mappings: {}, awsConfigRules: [], event: true },
];
const r = (checkId: string, resourceId: string, status: Status) => ({ checkId, scope: 's', resourceId, status, reason: status });

describe('changes since the previous run', () => {
  let store: EvidenceStore;
  beforeEach(() => {
    store = EvidenceStore.open(join(mkdtempSync(join(tmpdir(), 'cw-chg-')), 'e.db'));
  });
  afterEach(() => store.close());

  function sealedRun(day: number, results: ReturnType<typeof r>[]) {
    const at = `2026-11-${String(day).padStart(2, '0')}T06:00:00.000Z`;
    const id = store.beginRun({ startedAt: at, trigger: 'test', agentVersion: 't', configHash: 'x', scope: {}, exceptions: [] });
    const ids = [...new Set(results.map((x) => x.checkId))];
    const resultSets = ids.map((checkId) => ({ checkId, scope: 's', results: results.filter((x) => x.checkId === checkId) }));
    store.completeRun(id, { finishedAt: at.replace('06:00', '06:01'), collections: [], resultSets });
  }

  it('lists state changes both ways, but only new failing events (earlier events are not "gone")', () => {
    sealedRun(20, [r('state.check', 'bucket-a', 'pass'), r('state.check', 'bucket-b', 'fail'), r('event.check', 'pr#1', 'fail'), r('event.check', 'pr#2', 'pass')]);
    sealedRun(21, [r('state.check', 'bucket-a', 'fail'), r('state.check', 'bucket-c', 'pass'), r('event.check', 'pr#3', 'fail'), r('event.check', 'pr#4', 'pass')]);
    const evidence = openEvidence(store, { timezone: 'UTC', producers: () => [] });
    const report = buildReport({ evidence, checks, frameworks: [], frameworkFilter: [] });
    expect(report.changes.map((c) => [c.checkId, c.resourceId, c.from, c.to])).toEqual([
      ['event.check', 'pr#3', null, 'fail'],
      ['state.check', 'bucket-a', 'pass', 'fail'],
      ['state.check', 'bucket-b', 'fail', null],
      ['state.check', 'bucket-c', null, 'pass'],
    ]);
  });
});
