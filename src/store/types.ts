import type { CheckResult } from '../model/result.js';
import type { Observation, PopulationGap } from '../model/observation.js';
import type { Status, StatusCounts } from '../model/status.js';
import type { TombstoneBody } from './integrity-rows.js';

/** Public types of the evidence store (DESIGN.md "Evidence store"). */

export const TRIGGERS = ['manual', 'schedule', 'demo', 'test'] as const;
export type Trigger = (typeof TRIGGERS)[number];

export const RUN_STATUSES = ['running', 'sealed', 'incomplete'] as const;
/** `running` until completeRun seals it; `incomplete` when its writer died first (never evidence). */
export type RunStatus = (typeof RUN_STATUSES)[number];

export const COLLECTION_STATUSES = ['ok', 'partial', 'error'] as const;
export type CollectionStatus = (typeof COLLECTION_STATUSES)[number];

/** What the runner knows when a run starts. `scope` and `exceptions` are stored as blobs. */
export interface RunHeader {
  startedAt: string;
  trigger: Trigger;
  agentVersion: string;
  configHash: string;
  scope: unknown;
  exceptions: unknown;
}

/** One collector × scope, as the runner hands it over (already redacted). */
export interface CollectionRecord {
  collector: string;
  scope: string;
  status: CollectionStatus;
  error: string | null;
  apiCalls: number;
  throttles: number;
  callsByOperation: Record<string, number>;
  startedAt: string;
  finishedAt: string;
  observations: Observation[];
  gaps: PopulationGap[];
}

/** One check × scope; the store computes the counts and the results blob. */
export interface ResultSetRecord {
  checkId: string;
  scope: string;
  results: CheckResult[];
}

export interface CompleteRunData {
  finishedAt: string;
  collections: CollectionRecord[];
  resultSets: ResultSetRecord[];
}

/**
 * A collection's manifest, as manifest() returns it: one flat blob of this shape for small lists,
 * a chunk tree for large ones (tree-kinds.ts). Keys and gaps are in canonical order.
 */
export interface Manifest {
  observations: Record<string, string>;
  gaps: PopulationGap[];
  /**
   * How many of the observations are of each type (sorted by type), recorded when the run was stored, so a
   * report's scope inventory counts a collection without opening each observation for its type (16,784 blobs a
   * day at the estate benchmark's default size; issue 15). Sealed with the manifest (its hash is in the sealed
   * collection row). Absent on manifests stored before it existed: readers then open the observations.
   */
  types?: Record<string, number>;
}

/** One element of a result set's results (checkId and scope live on the result_sets row). */
export interface StoredResult {
  resourceId: string;
  status: Status;
  reason: string;
  /** Only on `excepted` results: the underlying status and the exception id (absent otherwise, so older result blobs hash the same). */
  underlying?: 'fail' | 'error';
  exceptionId?: string;
}

export interface RunRow {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  trigger: Trigger;
  agentVersion: string;
  configHash: string;
  scopeHash: string;
  exceptionsHash: string;
  writerPid: number;
  writerHost: string;
  status: RunStatus;
  seal: string | null;
  prevSeal: string | null;
  /** How the seal covers the run's result sets (seal.ts): 1, every row in the seal material; 2, through run_checks. */
  sealVersion: SealVersion;
}

export type SealVersion = 1 | 2;

/** A stored collection: the record's header fields, with its observations replaced by their manifest. */
export interface CollectionRow extends Omit<CollectionRecord, 'observations' | 'gaps'> {
  runId: number;
  durationMs: number;
  observationCount: number;
  gapCount: number;
  manifestHash: string;
}

export interface ResultSetRow {
  runId: number;
  checkId: string;
  scope: string;
  counts: StatusCounts;
  resultsHash: string;
}

/**
 * A check's line in a run sealed with seal version 2 (run_checks): its result sets' counts summed over its scopes
 * and the SHA-256 of its result-set rows (seal.ts checkLinesOf). The seal covers these lines; each line covers
 * its check's rows.
 */
export interface RunCheckRow {
  runId: number;
  checkId: string;
  /** How many scopes (result sets) the counts sum. */
  scopes: number;
  counts: StatusCounts;
  resultSetsHash: string;
}


export interface VerifyReport {
  ok: boolean;
  /** Sealed runs whose seal and chain link were recomputed. */
  runsChecked: number;
  blobsChecked: number;
  /** The lowest-id run present in the database whose evidence does not verify. */
  firstBadRun?: { id: number; reason: string };
  problems: string[];
  /** Runs that are not evidence (running or incomplete): reported, not counted, not part of the chain. */
  unsealedRuns: Array<{ id: number; status: Exclude<RunStatus, 'sealed'> }>;
  /** Every issued run id in order, with its verdict (CloudTrail validate-logs style). */
  runs: RunVerdict[];
  /** What prune removed (the body as stored; src/integrity checks its signature). */
  tombstones: Array<{ id: number; body: TombstoneBody | null; keyFingerprint: string }>;
}

/**
 * `valid`: seal, chain link and blobs check out; `INVALID`: they do not (reasons say why);
 * `missing`: the id was issued but the run is gone with no tombstone; `pruned`: removed by prune
 * under a tombstone; `unsealed`: running or incomplete, not evidence.
 */
export interface RunVerdict {
  id: number;
  verdict: 'valid' | 'INVALID' | 'missing' | 'pruned' | 'unsealed';
  reasons: string[];
}

export interface StoreStats {
  runs: number;
  blobs: number;
  /** Compressed bytes held in `blobs.data`. */
  blobBytes: number;
  /** Size of the database file plus its WAL. */
  fileBytes: number;
}
