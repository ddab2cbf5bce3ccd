import { hashJson } from '../util/canonical.js';
import { compareText } from '../util/compare.js';
import type { CollectionRow, ResultSetRow, RunRow } from './types.js';

/**
 * Bumped if the sealed material ever changes shape, so old seals stay verifiable by their version.
 * (Version 1 is implied for every seal written by schema 1.)
 */
export const SEAL_VERSION = 1;

/**
 * The seal of a run: SHA-256 over canonical JSON of its header, every collection row, every
 * result-set row and the previous sealed run's seal (CloudTrail's digest-chain model).
 * Blob contents are covered through their hashes (manifest_hash, results_hash, scope_hash,
 * exceptions_hash), and verify checks every blob against its hash. A manifest or results list
 * stored as a chunk tree is sealed through its root hash: the root lists its children's hashes,
 * and so on down, so the root fixes every chunk below it (verify walks them all).
 *
 * The seal is a plain hex digest, so a later Ed25519 signature (kept in its own table or outside
 * the database) can sign the seal string without changing how seals are computed.
 *
 * It is always computed from rows as read back from the database (in completeRun too), so what
 * is sealed is exactly what is stored, and verify runs the same code.
 */
export function computeSeal(run: RunRow, collections: CollectionRow[], resultSets: ResultSetRow[], prevSeal: string | null): string {
  if (run.finishedAt === null) throw new Error(`run ${run.id} has no finished_at; it cannot be sealed`);
  return hashJson(sealMaterial(run, collections, resultSets, prevSeal));
}

export function sealMaterial(run: RunRow, collections: CollectionRow[], resultSets: ResultSetRow[], prevSeal: string | null) {
  return {
    sealVersion: SEAL_VERSION,
    run: {
      id: run.id,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      trigger: run.trigger,
      agentVersion: run.agentVersion,
      configHash: run.configHash,
      scopeHash: run.scopeHash,
      exceptionsHash: run.exceptionsHash,
      writerPid: run.writerPid,
      writerHost: run.writerHost,
    },
    collections: [...collections]
      .sort((a, b) => compareText(a.collector, b.collector) || compareText(a.scope, b.scope))
      .map((c) => ({
        collector: c.collector,
        scope: c.scope,
        status: c.status,
        error: c.error,
        apiCalls: c.apiCalls,
        throttles: c.throttles,
        callsByOperation: c.callsByOperation,
        startedAt: c.startedAt,
        finishedAt: c.finishedAt,
        durationMs: c.durationMs,
        observationCount: c.observationCount,
        gapCount: c.gapCount,
        manifestHash: c.manifestHash,
      })),
    resultSets: [...resultSets]
      .sort((a, b) => compareText(a.checkId, b.checkId) || compareText(a.scope, b.scope))
      .map((r) => ({ checkId: r.checkId, scope: r.scope, counts: r.counts, resultsHash: r.resultsHash })),
    prevSeal,
  };
}
