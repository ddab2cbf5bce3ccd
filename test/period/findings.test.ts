import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Status } from '../../src/model/status.js';
import { openEvidence } from '../../src/period/index.js';
import type { EvidenceStore } from '../../src/store/index.js';
import { sealedRun, tempStore } from './fixtures.js';

const STATUSES: Status[] = ['pass', 'fail', 'error', 'not_applicable', 'pass', 'fail'];

/** findings() skips passes and n/a before copying them (issue 15): it must still give every fail, error and excepted result, in order. */
describe('findings of a sealed run', () => {
  let store: EvidenceStore;
  beforeEach(() => {
    store = tempStore();
  });
  afterEach(() => store.close());

  it('are the results that are not pass or not_applicable, in (check, scope, resource) order, from sets flat and chunked', () => {
    const results = [
      // A chunked set (over 128 results) and a flat one, and a set with nothing to act on.
      ...Array.from({ length: 300 }, (_, i) => ({ checkId: 'a.check', resourceId: `r${String(i).padStart(3, '0')}`, status: STATUSES[i % STATUSES.length]! })),
      ...Array.from({ length: 7 }, (_, i) => ({ checkId: 'b.check', scope: 't', resourceId: `q${i}`, status: STATUSES[(i + 1) % STATUSES.length]! })),
      { checkId: 'c.check', resourceId: 'x', status: 'pass' as const },
    ];
    const runId = sealedRun(store, { startedAt: '2026-11-21T06:00:00.000Z', results });
    const evidence = openEvidence(store, { timezone: 'UTC', producers: () => [] });
    const findings = evidence.findings(runId);
    expect(findings).toEqual(evidence.results(runId).filter((r) => r.status !== 'pass' && r.status !== 'not_applicable'));
    expect(findings).toHaveLength(150 + 4);
    expect(new Set(findings.map((f) => f.status))).toEqual(new Set(['fail', 'error']));
    expect(findings[0]).toEqual({ checkId: 'a.check', scope: 's', resourceId: 'r001', status: 'fail', reason: 'fail reason' });
  });
});
