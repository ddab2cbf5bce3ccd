import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEvidence } from '../../src/period/index.js';
import type { EvidenceStore } from '../../src/store/index.js';
import { collection, sealedRun, tempStore } from './fixtures.js';

const T = '2026-11-21T06:00:00.000Z';
const DENIED = 'account 222222222222: discovery failed (organizations:ListAccounts AccessDenied); last discovered in run 1';

describe('coverage of a run: expected scopes against collections', () => {
  let store: EvidenceStore;
  beforeEach(() => {
    store = tempStore();
  });
  afterEach(() => store.close());
  const evidence = () => openEvidence(store, { timezone: 'UTC', producers: () => [] });

  it('partial: names each missing scope with its reason, and the expected scopes as the run stored them', () => {
    const runId = sealedRun(store, {
      startedAt: T,
      expected: [
        { collector: 'aws-iam', scope: 'aws:111111111111', origin: 'configured' },
        { collector: 'aws-iam', scope: 'aws:222222222222', origin: 'last-discovered', unreachable: DENIED },
        { collector: 'github', scope: 'github:acme', origin: 'configured' },
      ],
      collections: [
        collection('aws-iam', 'aws:111111111111', T),
        collection('aws-iam', 'aws:222222222222', T, { status: 'error', error: DENIED }),
        collection('github', 'github:acme', T, { status: 'partial' }),
      ],
    });
    const coverage = evidence().coverage(runId);
    expect(coverage).toMatchObject({ status: 'partial', expected: 3, collected: 2 });
    expect(coverage.missing).toEqual([{ collector: 'aws-iam', scope: 'aws:222222222222', origin: 'last-discovered', reason: DENIED }]);
    expect(coverage.scopes.map((s) => [s.scope, s.collection, s.collected, s.reason])).toEqual([
      ['aws:111111111111', 'ok', true, null],
      ['aws:222222222222', 'error', false, DENIED],
      ['github:acme', 'partial', true, null],
    ]);
  });

  it('an expected scope with no collection at all is missing too; nothing collected is empty', () => {
    const runId = sealedRun(store, { startedAt: T, expected: [{ collector: 'aws-s3', scope: 'aws:111111111111', origin: 'configured' }] });
    const coverage = evidence().coverage(runId);
    expect(coverage.status).toBe('empty');
    expect(coverage.scopes).toEqual([{ collector: 'aws-s3', scope: 'aws:111111111111', origin: 'configured', collection: null, collected: false, reason: 'no collection was recorded for this scope' }]);
  });

  it('reads the scope blob of runs sealed before expected scopes existed', () => {
    const id = store.beginRun({ startedAt: T, trigger: 'test', agentVersion: 't', configHash: 'x', scope: { collectors: [{ id: 'aws-iam', scopes: ['aws:111111111111'] }] }, exceptions: [{ check: 'a' }] });
    store.completeRun(id, { finishedAt: '2026-11-21T06:01:00.000Z', collections: [collection('aws-iam', 'aws:111111111111', T)], resultSets: [] });
    const reader = evidence();
    expect(reader.coverage(id)).toMatchObject({ status: 'complete', expected: 1, collected: 1, missing: [] });
    expect(reader.scopeBlob(id)).toEqual({ collectors: [{ id: 'aws-iam', scopes: ['aws:111111111111'] }] });
    expect(reader.exceptionsBlob(id)).toEqual([{ check: 'a' }]);
  });
});
