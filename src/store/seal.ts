import { hashJson, sha256Hex } from '../util/canonical.js';
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

/**
 * Every object below is built with its keys in canonical order: canonicalJson then hashes it without copying
 * (read commands recompute the seal of every run they read, issue 15). The canonical bytes do not depend on
 * the order written here; a test compares them with the package's canonicalization.
 */
/**
 * Whether the rows still match `seal`: computeSeal(...) === seal, answered first from JSON.stringify of the
 * material (built in canonical key order, so for rows as the store writes them it is the canonical text) and
 * only on a mismatch from the canonical text itself. A match of the first is a match of the second (the same
 * bytes hash to the seal), so the verdict is exactly computeSeal's, without canonicalizing every run a read
 * command checks (issue 15).
 */
export function sealMatches(run: RunRow, collections: CollectionRow[], resultSets: ResultSetRow[], prevSeal: string | null, seal: string): boolean {
  if (run.finishedAt === null) throw new Error(`run ${run.id} has no finished_at; it cannot be sealed`);
  const material = sealMaterial(run, collections, resultSets, prevSeal);
  return sha256Hex(JSON.stringify(material)) === seal || hashJson(material) === seal;
}

/**
 * Whether a seal is the SHA-256 of the material with its collection and result-set rows given as JSON text,
 * as SQLite's json_object() prints them in key order (queries.ts sealTexts*): the read commands check every run
 * of a year this way without a JavaScript object per row (issue 15). The header part comes from sealMaterial,
 * so the layout cannot drift from computeSeal's. A match means these exact bytes were sealed, so it is exactly
 * computeSeal's verdict; a mismatch (an edited row, or text SQLite prints differently from JSON.stringify, such
 * as a REAL count) is not a verdict: the caller checks that run through sealMatches from its rows.
 */
export function sealMatchesText(run: RunRow, collectionsJson: string, resultSetsJson: string, prevSeal: string | null, seal: string): boolean {
  const parts = sealTextParts(run, prevSeal);
  return parts !== null && sha256Hex(`${parts[0]}${collectionsJson}${parts[1]}${resultSetsJson}${parts[2]}`) === seal;
}

/**
 * The seal material text of a run around its collection and result-set texts: `[before, between, after]`, so that
 * before + collectionsJson + between + resultSetsJson + after is what sealMatchesText hashes. Given to the seal-check
 * worker (seal-check-thread.ts), which hashes the texts it reads from SQLite in these parts, so the layout stays
 * here. Null for a run that cannot be sealed (no finished_at), whose rows are checked instead.
 */
export function sealTextParts(run: RunRow, prevSeal: string | null): [string, string, string] | null {
  if (run.finishedAt === null) return null;
  const skeleton = JSON.stringify(sealMaterial(run, [], [], prevSeal));
  const head = '{"collections":[]';
  const middle = ',"resultSets":[],"run":';
  const at = skeleton.indexOf(middle);
  if (!skeleton.startsWith(head) || at < 0) return null;
  return ['{"collections":', `${skeleton.slice(head.length, at)},"resultSets":`, skeleton.slice(at + middle.length - ',"run":'.length)];
}

export function sealMaterial(run: RunRow, collections: CollectionRow[], resultSets: ResultSetRow[], prevSeal: string | null) {
  return {
    collections: [...collections]
      .sort((a, b) => compareText(a.collector, b.collector) || compareText(a.scope, b.scope))
      .map((c) => ({
        apiCalls: c.apiCalls,
        callsByOperation: c.callsByOperation,
        collector: c.collector,
        durationMs: c.durationMs,
        error: c.error,
        finishedAt: c.finishedAt,
        gapCount: c.gapCount,
        manifestHash: c.manifestHash,
        observationCount: c.observationCount,
        scope: c.scope,
        startedAt: c.startedAt,
        status: c.status,
        throttles: c.throttles,
      })),
    prevSeal,
    resultSets: [...resultSets]
      .sort((a, b) => compareText(a.checkId, b.checkId) || compareText(a.scope, b.scope))
      .map((r) => ({
        checkId: r.checkId,
        counts: r.counts,
        resultsHash: r.resultsHash,
        scope: r.scope,
      })),
    run: {
      agentVersion: run.agentVersion,
      configHash: run.configHash,
      exceptionsHash: run.exceptionsHash,
      finishedAt: run.finishedAt,
      id: run.id,
      scopeHash: run.scopeHash,
      startedAt: run.startedAt,
      trigger: run.trigger,
      writerHost: run.writerHost,
      writerPid: run.writerPid,
    },
    sealVersion: SEAL_VERSION,
  };
}
