import { hashJson, sha256Hex } from '../util/canonical.js';
import { compareText } from '../util/compare.js';
import { groupBy } from '../util/group-by.js';
import type { CollectionRow, ResultSetRow, RunCheckRow, RunRow, SealVersion } from './types.js';

/**
 * The version new runs are sealed with (a run's own is in `runs.seal_version`, and older seals stay verifiable by
 * theirs):
 * - 1: the material lists every result-set row (`resultSets`).
 * - 2 (schema 9): the material lists one line per check (`resultSetsByCheck`): the check's counts summed over its
 *   scopes and `resultSetsHash`, the SHA-256 of the canonical JSON of the check's result-set rows exactly as
 *   version 1 lists them. A two-level hash tree, as CloudTrail's digest files name log files by hash: a reader
 *   checks one check's rows, or only the per-check counts, against the seal without every other check's rows
 *   (issue 15: a sample's 25 drawn days read 71 lines each instead of 312 rows), and an evidence pack carries
 *   only the sampled checks' rows.
 */
export const SEAL_VERSION: SealVersion = 2;

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
export function sealMatches(run: RunRow, collections: CollectionRow[], resultSets: SealedSets, prevSeal: string | null, seal: string): boolean {
  if (run.finishedAt === null) throw new Error(`run ${run.id} has no finished_at; it cannot be sealed`);
  const material =
    run.sealVersion === 2 && 'lines' in resultSets
      ? sealMaterialOfLines(run, collections, linesOfStored(resultSets.lines), prevSeal)
      : sealMaterial(run, collections, 'rows' in resultSets ? resultSets.rows : [], prevSeal);
  return sha256Hex(JSON.stringify(material)) === seal || hashJson(material) === seal;
}

/**
 * What a seal is checked against: a run's result-set rows, or for seal version 2 its stored check lines
 * (run_checks), which is what the seal covers directly; the rows under each line are checked against it
 * when read (checkLinesProblem).
 */
export type SealedSets = { rows: ResultSetRow[] } | { lines: readonly RunCheckRow[] };

/**
 * Whether a seal is the SHA-256 of the material with its collection and result-set rows given as JSON text,
 * as SQLite's json_object() prints them in key order (queries.ts sealTexts*): the read commands check every run
 * of a year this way without a JavaScript object per row (issue 15). The header part comes from sealMaterial,
 * so the layout cannot drift from computeSeal's. A match means these exact bytes were sealed, so it is exactly
 * computeSeal's verdict; a mismatch (an edited row, or text SQLite prints differently from JSON.stringify, such
 * as a REAL count) is not a verdict: the caller checks that run through sealMatches from its rows.
 */
export function sealMatchesText(run: RunRow, collectionsJson: string, resultSetsJson: string, prevSeal: string | null, seal: string): boolean {
  // For version 2, resultSetsJson is the run's check lines (run_checks) as text, in the material's key order.
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
  const key = run.sealVersion === 2 ? 'resultSetsByCheck' : 'resultSets';
  const head = '{"collections":[]';
  const middle = `,"${key}":[],"run":`;
  const at = skeleton.indexOf(middle);
  if (!skeleton.startsWith(head) || at < 0) return null;
  return ['{"collections":', `${skeleton.slice(head.length, at)},"${key}":`, skeleton.slice(at + middle.length - ',"run":'.length)];
}

/** A run's seal material: version 1 with every result-set row, version 2 with a line per check instead. */
export type SealMaterial = ReturnType<typeof sealMaterialV1> | ReturnType<typeof sealMaterialV2>;

export function sealMaterial(run: RunRow, collections: CollectionRow[], resultSets: ResultSetRow[], prevSeal: string | null): SealMaterial {
  return run.sealVersion === 2 ? sealMaterialV2(run, collections, resultSets, prevSeal) : sealMaterialV1(run, collections, resultSets, prevSeal);
}

function sealMaterialV1(run: RunRow, collections: CollectionRow[], resultSets: ResultSetRow[], prevSeal: string | null) {
  return { collections: collectionsMaterial(collections), prevSeal, resultSets: resultSetsMaterial(resultSets), run: runMaterial(run), sealVersion: 1 as const };
}

function sealMaterialV2(run: RunRow, collections: CollectionRow[], resultSets: ResultSetRow[], prevSeal: string | null) {
  return sealMaterialOfLines(run, collections, checkLinesOf(resultSets), prevSeal);
}

function sealMaterialOfLines(run: RunRow, collections: CollectionRow[], lines: CheckLine[], prevSeal: string | null) {
  return { collections: collectionsMaterial(collections), prevSeal, resultSetsByCheck: lines, run: runMaterial(run), sealVersion: 2 as const };
}

/** Stored run_checks rows as the check lines a version-2 seal lists (keys in canonical order, by check id). */
function linesOfStored(rows: readonly RunCheckRow[]): CheckLine[] {
  return [...rows]
    .sort((a, b) => compareText(a.checkId, b.checkId))
    .map((r) => ({
      checkId: r.checkId,
      // Stored rows carry their counts in canonical key order already (rows.ts).
      counts: r.counts,
      resultSetsHash: r.resultSetsHash,
      scopes: r.scopes,
    }));
}

/** A check's line in version-2 seal material (keys in canonical order). */
export interface CheckLine {
  checkId: string;
  counts: { error: number; excepted: number; fail: number; not_applicable: number; pass: number };
  resultSetsHash: string;
  scopes: number;
}

/**
 * The check lines of a run's result-set rows, by check id: each check's counts summed over its scopes and the
 * SHA-256 of its rows' material (resultSetsMaterial). What a version-2 seal covers, and what run_checks stores.
 */
export function checkLinesOf(resultSets: readonly ResultSetRow[]): CheckLine[] {
  const byCheck = groupBy(resultSets, (r) => r.checkId);
  return [...byCheck.keys()].sort(compareText).map((checkId) => {
    const rows = byCheck.get(checkId)!;
    return { checkId, counts: summedCounts(rows), resultSetsHash: hashJson(resultSetsMaterial(rows)), scopes: rows.length };
  });
}

/**
 * Whether a version-2 run's stored check lines (run_checks) are exactly those of its result-set rows: the same
 * checks, and for each its scope count, summed counts and the hash of its rows. Null when they are, else the problem
 * in words naming the checks that differ (callers name the run). A version-1 run has no lines: null.
 *
 * Each check's rows are hashed from JSON.stringify of their material first (built in canonical key order, so for
 * rows as the store writes them it is the canonical text) and only on a mismatch canonicalized, as sealMatches does:
 * a reader checks every check of each run it reads (issue 15).
 */
export function checkLinesProblem(run: RunRow, resultSets: readonly ResultSetRow[], stored: readonly RunCheckRow[]): string | null {
  if (run.sealVersion !== 2) return null;
  const byCheck = groupBy(resultSets, (r) => r.checkId);
  const lines = new Map(stored.map((l) => [l.checkId, l]));
  const differing = [...new Set([...byCheck.keys(), ...lines.keys()])]
    .filter((checkId) => {
      const rows = byCheck.get(checkId);
      const line = lines.get(checkId);
      return rows === undefined || line === undefined || !lineMatches(rows, line);
    })
    .sort(compareText);
  if (differing.length === 0) return null;
  return `result sets of ${differing.join(', ')} do not match the per-check digests its seal covers: result-set or run_checks rows were edited or deleted`;
}

function lineMatches(rows: readonly ResultSetRow[], line: RunCheckRow): boolean {
  if (line.scopes !== rows.length) return false;
  const sum = summedCounts(rows);
  if (STATUS_KEYS.some((k) => sum[k] !== line.counts[k])) return false;
  const material = resultSetsMaterial(rows);
  return sha256Hex(JSON.stringify(material)) === line.resultSetsHash || hashJson(material) === line.resultSetsHash;
}

const STATUS_KEYS = ['error', 'excepted', 'fail', 'not_applicable', 'pass'] as const;

/** A check's counts summed over its result-set rows, keys in canonical order. */
function summedCounts(rows: readonly ResultSetRow[]): CheckLine['counts'] {
  const counts = { error: 0, excepted: 0, fail: 0, not_applicable: 0, pass: 0 };
  for (const r of rows) for (const k of STATUS_KEYS) counts[k] += r.counts[k];
  return counts;
}

/** A check's (or a whole version-1 run's) result-set rows as the seal material lists them, by check and scope. */
export function resultSetsMaterial(resultSets: readonly ResultSetRow[]) {
  return [...resultSets]
    .sort((a, b) => compareText(a.checkId, b.checkId) || compareText(a.scope, b.scope))
    .map((r) => ({
      checkId: r.checkId,
      counts: r.counts,
      resultsHash: r.resultsHash,
      scope: r.scope,
    }));
}

function collectionsMaterial(collections: CollectionRow[]) {
  return [...collections]
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
    }));
}

function runMaterial(run: RunRow) {
  return {
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
  };
}
