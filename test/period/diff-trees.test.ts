import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Status } from '../../src/model/status.js';
import { openEvidence, type ResultChange } from '../../src/period/index.js';
import type { EvidenceStore } from '../../src/store/index.js';
import { sealedRun, tempStore, type ResultSpec } from './fixtures.js';
import { storeWith } from '../support/store-with.js';

const CHECK = 'demo.check';
const id = (i: number) => `arn:demo:resource/${String(i).padStart(5, '0')}`;
const day = (d: number) => `2026-11-${String(d).padStart(2, '0')}T06:00:00.000Z`;
/** `count` resources of one result set; `status` picks each one's status. */
const results = (ids: readonly number[], status: (i: number) => Status): ResultSpec[] => ids.map((i) => ({ checkId: CHECK, resourceId: id(i), status: status(i) }));
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);
const change = (i: number, from: Status | null, to: Status | null): ResultChange => ({ checkId: CHECK, scope: 's', resourceId: id(i), from, to, reason: `${to ?? from} reason` });

/**
 * Issue 15: a diff read every changed result set whole on both sides (5,000 results for one changed bucket). Result
 * sets over 128 results are chunk trees; the diff now reads only the leaves under slots whose hashes differ.
 */
describe('diff between two runs reads only the differing parts of result-set trees', () => {
  let store: EvidenceStore;
  let opened: string[];
  beforeEach(() => {
    store = tempStore();
    opened = [];
  });
  afterEach(() => store.close());

  const evidence = () =>
    openEvidence(
      storeWith(store, {
        getBlob: (hash: string) => (opened.push(hash), store.getBlob(hash)),
        results: (hash: string) => (opened.push(`whole:${hash}`), store.results(hash)),
      }),
      { timezone: 'UTC', producers: () => [] },
    );

  it('names every changed, new and gone resource of a 900-result tree, opening a few leaves instead of both sets', () => {
    const a = sealedRun(store, { startedAt: day(1), results: results(range(0, 900), (i) => (i % 3 === 0 ? 'fail' : 'pass')) });
    // Day 2: 17 and 400 change status, 5 is gone, 900 and 901 are new; 3 keeps failing.
    const b = sealedRun(store, { startedAt: day(2), results: results([...range(0, 5), ...range(6, 902)], (i) => (i === 17 || i === 400 ? 'fail' : i === 901 ? 'error' : i % 3 === 0 ? 'fail' : 'pass')) });
    const changes = evidence().diff(a, b, { isEventCheck: () => false });
    expect(changes).toEqual([change(5, 'pass', null), change(17, 'pass', 'fail'), change(400, 'pass', 'fail'), change(900, null, 'fail'), change(901, null, 'error')]);
    // Two roots and at most one leaf per side for each of the 5 resources; never a whole set (900 results are ~16 leaves each).
    expect(opened.filter((h) => h.startsWith('whole:'))).toEqual([]);
    expect(opened.length).toBeLessThanOrEqual(2 + 2 * 5);
    expect(opened.length).toBeGreaterThan(2);
  });

  it('reads nothing below the roots when only another set changed, and reports no change there', () => {
    const same = results(range(0, 300), () => 'pass');
    const a = sealedRun(store, { startedAt: day(1), results: [...same, { checkId: 'other.check', resourceId: 'x', status: 'pass' }] });
    const b = sealedRun(store, { startedAt: day(2), results: [...same, { checkId: 'other.check', resourceId: 'x', status: 'fail' }] });
    const changes = evidence().diff(a, b, { isEventCheck: () => false });
    expect(changes).toEqual([{ checkId: 'other.check', scope: 's', resourceId: 'x', from: 'pass', to: 'fail', reason: 'fail reason' }]);
    // The unchanged tree has one hash on both days: no blob of it is opened; the changed (flat) set's two blobs are.
    const other = (runId: number) => store.resultSets(runId).find((s) => s.checkId === 'other.check')!.resultsHash;
    expect(opened).toEqual([other(a), other(b)]);
  });

  it('gives the same changes as whole lists when the layout differs: flat to tree, and a tree that grew a level', () => {
    for (const [before, after] of [
      [100, 200],
      [1000, 1100],
    ] as const) {
      const inner = tempStore();
      try {
        const a = sealedRun(inner, { startedAt: day(1), results: results(range(0, before), (i) => (i % 2 ? 'pass' : 'fail')) });
        const b = sealedRun(inner, { startedAt: day(2), results: results(range(1, after), (i) => (i === 50 ? 'pass' : i % 2 ? 'pass' : 'fail')) });
        const changes = openEvidence(inner, { timezone: 'UTC', producers: () => [] }).diff(a, b, { isEventCheck: () => false });
        const added = range(before, after).map((i) => change(i, null, i % 2 ? 'pass' : 'fail'));
        expect(changes, `${before} → ${after}`).toEqual([change(0, 'fail', null), change(50, 'fail', 'pass'), ...added]);
      } finally {
        inner.close();
      }
    }
  });

  it('keeps the event-check rule: only new failing events are changes', () => {
    const a = sealedRun(store, { startedAt: day(1), results: results(range(0, 400), (i) => (i < 10 ? 'fail' : 'pass')) });
    const b = sealedRun(store, { startedAt: day(2), results: results(range(5, 405), (i) => (i === 402 ? 'fail' : i === 7 ? 'pass' : i < 10 ? 'fail' : 'pass')) });
    const changes = evidence().diff(a, b, { isEventCheck: (c) => c === CHECK });
    expect(changes).toEqual([change(402, null, 'fail')]);
  });
});
