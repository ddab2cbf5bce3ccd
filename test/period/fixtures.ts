import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExpectedScope } from '../../src/model/expected-scope.js';
import type { Status } from '../../src/model/status.js';
import { EvidenceStore, type CollectionRecord, type Trigger } from '../../src/store/index.js';

export function tempDbPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'cw-period-')), 'e.db');
}

/** A fresh store (in a temp folder unless `path` is given), written only through the store API. */
export function tempStore(path = tempDbPath()): EvidenceStore {
  return EvidenceStore.open(path);
}

export interface ResultSpec {
  readonly checkId: string;
  readonly scope?: string;
  readonly resourceId: string;
  readonly status: Status;
}

export interface RunSpec {
  readonly startedAt: string;
  readonly trigger?: Trigger;
  readonly results?: readonly ResultSpec[];
  readonly expected?: readonly ExpectedScope[];
  readonly collections?: readonly CollectionRecord[];
}

const plusMinute = (iso: string) => new Date(Date.parse(iso) + 60_000).toISOString();

export function beginRun(store: EvidenceStore, spec: RunSpec): number {
  return store.beginRun({
    startedAt: spec.startedAt,
    trigger: spec.trigger ?? 'test',
    agentVersion: 't',
    configHash: 'x',
    scope: spec.expected ? { expected: spec.expected } : {},
    exceptions: [],
  });
}

export function completeRun(store: EvidenceStore, runId: number, spec: RunSpec): void {
  // An excepted result carries what it would otherwise be and the exception covering it, as the store requires.
  const results = (spec.results ?? []).map((r) => ({ checkId: r.checkId, scope: r.scope ?? 's', resourceId: r.resourceId, status: r.status, reason: `${r.status} reason`, ...(r.status === 'excepted' ? { underlying: 'fail' as const, exceptionId: 'EX-1' } : {}) }));
  const keys = [...new Set(results.map((r) => `${r.checkId}\u0000${r.scope}`))];
  const resultSets = keys.map((key) => {
    const [checkId, scope] = key.split('\u0000') as [string, string];
    return { checkId, scope, results: results.filter((r) => r.checkId === checkId && r.scope === scope) };
  });
  store.completeRun(runId, { finishedAt: plusMinute(spec.startedAt), collections: [...(spec.collections ?? [])], resultSets });
}

/** Begins and seals a run; returns its id. */
export function sealedRun(store: EvidenceStore, spec: RunSpec): number {
  const id = beginRun(store, spec);
  completeRun(store, id, spec);
  return id;
}

export function collection(collector: string, scope: string, startedAt: string, extra: Partial<CollectionRecord> = {}): CollectionRecord {
  return {
    collector,
    scope,
    status: 'ok',
    error: null,
    apiCalls: 1,
    throttles: 0,
    callsByOperation: {},
    startedAt,
    finishedAt: plusMinute(startedAt),
    observations: [],
    gaps: [],
    ...extra,
  };
}
