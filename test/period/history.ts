import type { ExpectedScope } from '../../src/model/expected-scope.js';
import type { Observation } from '../../src/model/observation.js';
import type { Status } from '../../src/model/status.js';
import type { CollectionRecord, EvidenceStore } from '../../src/store/index.js';
import { collection } from './fixtures.js';

/**
 * A 365-day history written through the store API with a simulated clock (one run a day at 06:00 UTC,
 * 2026-01-01 … 2026-12-31), so period figures can be checked day by day in well under a few seconds.
 * Everything that happens is in HISTORY below; tests derive expectations from it, not from the code.
 *
 * What it is not: these are NOT runs of the real pipeline over the demo estate. The checks (`chk.bucket`,
 * `chk.pr`), their results, the observations and the collection rows are written directly by this file;
 * only the store (sealing, chaining, incomplete runs) and the period and sample layers above it are real.
 * The real pipeline over the demo estate is tested over shorter histories written by the demo's backfill
 * (real SDK clients against the protocol fakes, a simulated clock per day): test/export/exports.test.ts
 * (8 days: a drift that fails and recovers, an outage, an exception that expires), and
 * test/export/parquet-fleet.test.ts (two agents); a really killed run is test/e2e/crash.test.ts. A year
 * of real runs is left out of the suite for its cost: 28 backfilled demo runs took 33.6 s on this 2-core
 * machine at load average ~10 (about 1.2 s a run, so about 7 minutes for 365).
 *
 *  control `T 1` ← check `chk.bucket` (aws-s3, scope aws:1: bucket-a, bucket-b, bucket-c)
 *  control `T 2` ← check `chk.pr` (github, scope github:acme: merged pull requests, an event check)
 */
export const YEAR = { from: '2026-01-01', to: '2026-12-31' } as const;
export const HISTORY = {
  /** Two runs on this day: the first fails bucket-b, the second passes. */
  twoRunDay: 49,
  /** No run at all (agent down). */
  outage: [100, 101, 102, 103, 104],
  /** A run began and never sealed (crashed), and no other run that day. */
  crash: 150,
  /** The expected scopes grow by aws:2 from this day on (scope change). */
  scopeGrows: 180,
  /** bucket-b fails (drift) on these days and recovers on the day after. */
  drift: [200, 209] as const,
  /** An exception for bucket-c is stored from `exceptionStored[0]`, applies until its expiry day, then is gone. */
  exceptionStored: [240, 270] as const,
  exceptionExpires: 259,
  /** bucket-c fails while excepted. */
  bucketCFails: [245, 255] as const,
  /** Second episode: fail, then the aws-s3 collector errors (results error), then fail, then pass. */
  secondEpisode: { fail1: 300, error: 301, fail2: 302, fixed: 303 },
  /** A pull request merged without approval, seen on this day. */
  badPr: 120,
} as const;

export const CONTROLS = [
  { framework: 'T', controlId: '1', checks: ['chk.bucket'] },
  { framework: 'T', controlId: '2', checks: ['chk.pr'] },
];

export const dayOf = (i: number) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10);
const at = (i: number, hour = 6) => new Date(Date.UTC(2026, 0, 1 + i, hour)).toISOString();
const inRange = (i: number, [a, b]: readonly [number, number]) => i >= a && i <= b;

function bucketStatus(i: number, bucket: string, late = false): Status {
  if (bucket === 'bucket-b' && (inRange(i, HISTORY.drift) || (i === HISTORY.twoRunDay && !late))) return 'fail';
  if (bucket === 'bucket-b' && (i === HISTORY.secondEpisode.fail1 || i === HISTORY.secondEpisode.fail2)) return 'fail';
  if (bucket === 'bucket-c' && inRange(i, HISTORY.bucketCFails)) return i <= HISTORY.exceptionExpires && i >= HISTORY.exceptionStored[0] ? 'excepted' : 'fail';
  return 'pass';
}

function expected(i: number): ExpectedScope[] {
  const base: ExpectedScope[] = [
    { collector: 'aws-s3', scope: 'aws:1', origin: 'configured' },
    { collector: 'github', scope: 'github:acme', origin: 'configured' },
  ];
  return i >= HISTORY.scopeGrows ? [...base, { collector: 'aws-s3', scope: 'aws:2', origin: 'configured' }] : base;
}

function exceptions(i: number): unknown[] {
  if (!inRange(i, HISTORY.exceptionStored) || i > HISTORY.exceptionExpires) return [];
  return [{ id: 'EX-1', check: 'chk.bucket', resource: 'bucket-c', justification: 'vendor migration', approver: 'ciso@example.com', expires: dayOf(HISTORY.exceptionExpires) }];
}

const bucketObs = (name: string, i: number): Observation => ({ type: 'aws.s3.bucket', id: name, scope: 'aws:1', attributes: { public: bucketStatus(i, name) === 'fail' }, source: ['s3:ListBuckets'] });
const prObs = (n: number, mergedAt: string, approved: boolean): Observation => ({
  type: 'github.pull_request',
  id: `github:acme/api#${n}`,
  scope: 'github:acme',
  attributes: { mergedAt, approved },
  source: ['GET /repos/{owner}/{repo}/pulls'],
});

function oneRun(store: EvidenceStore, i: number, hour: number, late: boolean): number {
  const startedAt = at(i, hour);
  const id = store.beginRun({ startedAt, trigger: 'test', agentVersion: 't', configHash: 'x', scope: { expected: expected(i) }, exceptions: exceptions(i) });
  const s3Failed = i === HISTORY.secondEpisode.error;
  const collections: CollectionRecord[] = [
    collection('aws-s3', 'aws:1', startedAt, s3Failed ? { status: 'error', error: 's3:ListBuckets AccessDenied' } : { observations: ['bucket-a', 'bucket-b', 'bucket-c'].map((b) => bucketObs(b, i)) }),
    // Each day's window holds the pull request merged the day before (an event population).
    collection('github', 'github:acme', startedAt, { observations: i > 0 ? [prObs(i, at(i - 1, 15), i !== HISTORY.badPr)] : [] }),
  ];
  if (i >= HISTORY.scopeGrows) collections.push(collection('aws-s3', 'aws:2', startedAt));
  const bucketResults = s3Failed
    ? [{ checkId: 'chk.bucket', scope: 'aws:1', resourceId: 'aws:1', status: 'error' as Status, reason: 's3:ListBuckets AccessDenied' }]
    : ['bucket-a', 'bucket-b', 'bucket-c'].map((b) => {
        const status = bucketStatus(i, b, late);
        // An excepted result names what it covers (the control programme's exception ids).
        return { checkId: 'chk.bucket', scope: 'aws:1', resourceId: b, status, reason: `${b} ${status}`, ...(status === 'excepted' ? { underlying: 'fail' as const, exceptionId: 'EX-1' } : {}) };
      });
  const prResults = i > 0 ? [{ checkId: 'chk.pr', scope: 'github:acme', resourceId: `github:acme/api#${i}`, status: (i === HISTORY.badPr ? 'fail' : 'pass') as Status, reason: 'review' }] : [];
  const resultSets = [{ checkId: 'chk.bucket', scope: 'aws:1', results: bucketResults }, ...(prResults.length ? [{ checkId: 'chk.pr', scope: 'github:acme', results: prResults }] : [])];
  store.completeRun(id, { finishedAt: at(i, hour + 1), collections, resultSets });
  return id;
}

/** Writes the history into `store` (which must be empty); returns the crashed run's id. */
export function writeHistory(store: EvidenceStore): { crashedRunId: number } {
  let crashedRunId = -1;
  for (let i = 0; i < 365; i++) {
    if ((HISTORY.outage as readonly number[]).includes(i)) continue;
    if (i === HISTORY.crash) {
      crashedRunId = store.beginRun({ startedAt: at(i), trigger: 'test', agentVersion: 't', configHash: 'x', scope: { expected: expected(i) }, exceptions: [] });
      continue;
    }
    oneRun(store, i, 6, false);
    if (i === HISTORY.twoRunDay) oneRun(store, i, 18, true);
    if (i === HISTORY.crash + 1) {
      // The crashed run is completed too late (a later run is sealed): the store marks it incomplete.
      try {
        store.completeRun(crashedRunId, { finishedAt: at(i, 7), collections: [], resultSets: [] });
      } catch {
        /* expected: "cannot be sealed: the later run … was sealed first" */
      }
    }
  }
  return { crashedRunId };
}
