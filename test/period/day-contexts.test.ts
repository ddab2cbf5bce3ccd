import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dayContexts } from '../../src/period/day-context.js';
import type { EvidenceStore } from '../../src/store/index.js';
import { collection, sealedRun, tempStore } from './fixtures.js';

const pass = [{ checkId: 'c', resourceId: 'r', status: 'pass' as const }];

// Day contexts read only the collections that failed or began before their run (issue 15): these tests pin which
// collections a day reports as failed or stale, in a time zone whose days are not UTC's.
describe('day contexts: failed and stale collections', () => {
  let store: EvidenceStore;
  beforeEach(() => {
    store = tempStore();
  });
  afterEach(() => store.close());

  it('names failed collections and those gathered on an earlier audit day, not those gathered earlier the same day', () => {
    // 21 Nov 2026, 12:00 in Los Angeles (UTC-8).
    const runAt = '2026-11-21T20:00:00.000Z';
    const run = sealedRun(store, {
      startedAt: runAt,
      results: pass,
      collections: [
        collection('aws-iam', 'aws:1', runAt),
        // 20 Nov, 23:00 in LA (21 Nov in UTC): older than the day the run stands for.
        collection('aws-s3', 'aws:1', '2026-11-21T07:00:00.000Z'),
        // 21 Nov, 01:00 in LA: before the run began, but the same audit day.
        collection('aws-s3', 'aws:2', '2026-11-21T09:00:00.000Z'),
        collection('github', 'org:a', '2026-11-21T20:00:05.000Z', { status: 'error', error: 'HTTP 403: rate limited' }),
        // Failed and begun on the day before: failed is what it reports.
        collection('github', 'org:b', '2026-11-20T20:00:00.000Z', { status: 'error', error: 'timeout' }),
      ],
    });
    // A day whose only collection began after its run: nothing to report.
    const later = sealedRun(store, { startedAt: '2026-11-22T20:00:00.000Z', results: pass, collections: [collection('aws-s3', 'aws:1', '2026-11-22T20:00:01.000Z')] });

    const { contexts } = dayContexts(store, 'America/Los_Angeles', { from: '2026-11-21', to: '2026-11-22' });
    expect(contexts.map((c) => [c.day, c.sealedRunIds])).toEqual([
      ['2026-11-21', [run]],
      ['2026-11-22', [later]],
    ]);
    expect(contexts[0]!.failedCollections).toEqual([
      { runId: run, collector: 'github', scope: 'org:a', error: 'HTTP 403: rate limited' },
      { runId: run, collector: 'github', scope: 'org:b', error: 'timeout' },
    ]);
    expect(contexts[0]!.staleCollections).toEqual([{ runId: run, collector: 'aws-s3', scope: 'aws:1', error: 'collected on 2026-11-20, before the day it stands for' }]);
    expect(contexts[1]!.failedCollections).toEqual([]);
    expect(contexts[1]!.staleCollections).toEqual([]);

    // In UTC the collection of 07:00Z falls on the run's own day: not stale.
    expect(dayContexts(store, 'UTC', { from: '2026-11-21', to: '2026-11-21' }).contexts[0]!.staleCollections).toEqual([]);
  });

  it('reads the same failed and stale collections as filtering all of the runs\' collection rows', () => {
    const runAt = '2026-11-21T20:00:00.000Z';
    const runs = [0, 1, 2].map((k) =>
      sealedRun(store, {
        startedAt: new Date(Date.parse(runAt) + k * 86_400_000).toISOString(),
        results: pass,
        collections: [
          collection('a', 's', new Date(Date.parse(runAt) + k * 86_400_000 - 3_600_000 * (k * 10)).toISOString()),
          collection('b', 's', new Date(Date.parse(runAt) + k * 86_400_000 + 1000).toISOString(), k === 1 ? { status: 'error', error: 'boom' } : {}),
          collection('c', 's', new Date(Date.parse(runAt) + k * 86_400_000).toISOString()),
        ],
      }),
    );
    const notable = store.notableCollectionsOfRuns(runs);
    for (const id of runs) {
      const run = store.getRun(id)!;
      const want = store
        .collections(id)
        .filter((c) => c.status === 'error' || c.startedAt < run.startedAt)
        .map(({ runId, collector, scope, status, error, startedAt }) => ({ runId, collector, scope, status, error, startedAt }));
      expect(notable.get(id) ?? []).toEqual(want);
    }
    // Run 0: nothing; run 1: 'a' began 10 h early and 'b' failed; run 2: 'a' began 20 h early.
    expect(runs.map((id) => (notable.get(id) ?? []).map((c) => c.collector))).toEqual([[], ['a', 'b'], ['a']]);
  });
});
