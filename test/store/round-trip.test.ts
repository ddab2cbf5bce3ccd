import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Observation } from '../../src/model/observation.js';
import { EvidenceStore } from '../../src/store/index.js';
import { SCOPE, USERS, dayData, header, tempDb } from './fixtures.js';

describe('a full run round-trips', () => {
  let path: string;
  let cleanup: () => void;
  let store: EvidenceStore;
  beforeEach(() => {
    ({ path, cleanup } = tempDb());
    store = EvidenceStore.open(path);
  });
  afterEach(() => {
    store.close();
    cleanup();
  });

  it('stores runs, collections, result sets and blobs readable after reopen, with counts computed', () => {
    const id = store.beginRun(header(1));
    expect(store.getRun(id)).toMatchObject({ status: 'running', seal: null, finishedAt: null, writerPid: process.pid });
    // Out of order on purpose: the stored blobs must not depend on input order.
    const { seal } = store.completeRun(id, dayData(1, [...USERS].reverse()));
    store.close();
    store = EvidenceStore.open(path, { readonly: true });

    const run = store.getRun(id)!;
    expect(run).toMatchObject({
      id,
      status: 'sealed',
      seal,
      prevSeal: null,
      startedAt: '2025-03-01T06:00:00.000Z',
      finishedAt: '2025-03-01T06:02:00.000Z',
      trigger: 'test',
      agentVersion: '0.1.0',
      configHash: 'c'.repeat(64),
    });
    expect(seal).toMatch(/^[0-9a-f]{64}$/);
    expect(store.getBlob(run.scopeHash)).toEqual(header(1).scope);
    expect(store.getBlob(run.exceptionsHash)).toEqual([]);

    const [collection, ...otherCollections] = store.collections(id);
    expect(otherCollections).toEqual([]);
    expect(collection).toMatchObject({
      runId: id,
      collector: 'aws-iam',
      scope: SCOPE,
      status: 'ok',
      error: null,
      apiCalls: 3,
      throttles: 0,
      callsByOperation: { 'iam:GetCredentialReport': 2, 'iam:ListUsers': 1 },
      durationMs: 60_000,
      observationCount: 3,
      gapCount: 0,
    });
    const manifest = store.manifest(collection!.manifestHash);
    expect(Object.keys(manifest.observations)).toEqual(USERS.map((u) => u.id).sort());
    const alice = USERS[0]!;
    expect(store.getBlob<Observation>(manifest.observations[alice.id]!)).toEqual(alice);

    const sets = store.resultSets(id);
    expect(sets.map((s) => s.checkId)).toEqual(['iam.user_in_group', 'iam.user_mfa_enabled']);
    const mfa = sets.find((s) => s.checkId === 'iam.user_mfa_enabled')!;
    expect(mfa.counts).toEqual({ pass: 2, fail: 1, error: 0, excepted: 0, not_applicable: 0 });
    const results = store.results(mfa.resultsHash);
    expect(results.map((r) => r.resourceId)).toEqual(USERS.map((u) => u.id).sort());
    expect(results.find((r) => r.resourceId.endsWith('/bob'))).toEqual({
      resourceId: 'arn:aws:iam::123456789012:user/bob',
      status: 'fail',
      reason: 'no MFA device',
    });

    expect(store.listRuns().map((r) => r.id)).toEqual([id]);
    expect(store.listRuns({ status: 'running' })).toEqual([]);
    expect(store.verify()).toMatchObject({ ok: true, runsChecked: 1, problems: [], unsealedRuns: [] });
    const stats = store.stats();
    expect(stats.runs).toBe(1);
    expect(stats.blobs).toBeGreaterThan(0);
    expect(stats.fileBytes).toBeGreaterThan(stats.blobBytes);
  });

  it('lists runs newest first, filtered and limited', () => {
    const ids = [1, 2, 3].map((day) => {
      const id = store.beginRun(header(day));
      if (day !== 2) store.completeRun(id, dayData(day, USERS));
      return id;
    });
    expect(store.listRuns().map((r) => r.id)).toEqual([...ids].reverse());
    expect(store.listRuns({ status: 'sealed' }).map((r) => r.id)).toEqual([ids[2], ids[0]]);
    expect(store.listRuns({ limit: 1 }).map((r) => r.id)).toEqual([ids[2]]);
    expect(store.previousSealedRun(ids[2]!)?.id).toBe(ids[0]);
    expect(store.previousSealedRun(ids[0]!)).toBeUndefined();
  });

  it('refuses evidence it could not store faithfully', () => {
    const id = store.beginRun(header(1));
    const data = dayData(1, USERS);
    expect(() => store.completeRun(id, { ...data, finishedAt: '2025-03-01 06:02' })).toThrow(/UTC ISO-8601/);
    const clash = { ...USERS[0]!, attributes: { other: true } };
    expect(() => store.completeRun(id, dayData(1, [USERS[0]!, clash]))).toThrow(/share the id/);
    expect(() => store.beginRun(header(1, { startedAt: '2025-03-01T06:00:00Z' }))).toThrow(/milliseconds/);
    // Nothing was half-written: the run is still running and can complete normally.
    expect(store.collections(id)).toEqual([]);
    expect(store.completeRun(id, data).seal).toMatch(/^[0-9a-f]{64}$/);
    expect(() => store.completeRun(id, data)).toThrow(/is sealed, not running/);
  });

  it('getBlob throws for a missing blob', () => {
    expect(() => store.getBlob('0'.repeat(64))).toThrow(/not found/);
  });
});
