import type Database from 'better-sqlite3';
import { availableParallelism } from 'node:os';
import { BlobLookups, ScannedBlobs, type BlobSource } from './blob-scan.js';
import type { OpenedBlob } from './blob-codec.js';
import type { CheckedLeaf } from './checked-node.js';
import { InlineChecker, WorkerChecker, type BlobChecker } from './blob-checkers.js';
import { QuickCheckThread } from './quick-check-thread.js';
import type { StoreQueries } from './queries.js';
import { runColumns, toRunRow, type RunSqlRow } from './rows.js';
import { hashKeys } from './hash-keys.js';
import { checkLinesProblem, sealMatches } from './seal.js';
import { hasRunChecks } from './seal-versions.js';
import { parseTreeRoot, walkTree, type TreeCodec, type TreeRoot } from './chunk-tree.js';
import { MANIFEST_CODEC, RESULTS_CODEC, isFlatManifest, isTypeCounts, parseManifestRoot } from './tree-kinds.js';
import { KeyHasher } from './tree-layout.js';
import { readTombstones, type TombstoneRow } from './integrity-rows.js';
import type { CollectionRow, ResultSetRow, RunCheckRow, RunRow, RunVerdict, VerifyReport } from './types.js';
import { verifySlotLedger } from './slot-ledger.js';

type Db = Database.Database;

interface Problem {
  runId?: number;
  reason: string;
}

/**
 * Recomputes everything the evidence rests on: every blob against its hash, every sealed run's
 * seal from its rows, and the chain of prev_seal links. Runs are walked in id order, so a bad blob
 * is blamed on the first sealed run that references it (directly, or through a manifest or a
 * results blob and the chunks of their trees), and `firstBadRun` is the earliest run from which
 * the evidence cannot be trusted.
 */
export function verifyStore(db: Db, queries: StoreQueries, options: VerifyOptions = {}): VerifyReport {
  // Blobs are looked up by hash, in no order the pages are stored in: with SQLite's default 2 MB page cache most
  // lookups re-read index and table pages from the OS (a quarter of a year's `verify`, issue 15). A larger cache keeps
  // the hash index and most table pages once read (64 MB: more gained little; mmap did worse); it is a
  // per-connection setting, restored (and the cache shrunk) afterwards.
  const cacheSize = Number(db.pragma('cache_size', { simple: true }));
  db.pragma(`cache_size = ${VERIFY_CACHE_KIB}`);
  try {
    // One read transaction: a WAL snapshot, so a run sealed by another writer mid-verify is either
    // wholly visible (blobs and rows) or not at all.
    return db.transaction(() => verifySnapshot(db, queries, options))();
  } finally {
    db.pragma(`cache_size = ${cacheSize}`);
  }
}

export interface VerifyOptions {
  /**
   * Worker threads that decompress and hash blobs (0: on this thread). Default: one less than the cores, at
   * least one, for a store of BLOB_WORKERS_FROM blobs or more; none for a smaller one.
   */
  blobWorkers?: number;
  /** Replaces the workers' code (tests: a worker that fails must fail the verify). */
  blobWorkerSource?: string;
}

/** Below this many blobs, starting a worker costs more than the decompression it would take over. */
const BLOB_WORKERS_FROM = 4096;

function blobChecker(db: Db, options: VerifyOptions): BlobChecker {
  const blobs = Number((db.prepare('SELECT max(rowid) FROM blobs').pluck().get() as number | null) ?? 0);
  const workers = options.blobWorkers ?? (blobs >= BLOB_WORKERS_FROM ? Math.max(1, Math.min(availableParallelism() - 1, 4)) : 0);
  return workers > 0 ? new WorkerChecker(workers, options.blobWorkerSource) : new InlineChecker();
}

/** Page cache while verifying, in KiB (a negative cache_size): pages are allocated as read, up to this bound. */
const VERIFY_CACHE_KIB = -64 * 1024;

function verifySnapshot(db: Db, queries: StoreQueries, options: VerifyOptions): VerifyReport {
  // Every blob is read once in storage order and checked (on worker threads for a large store) as the walk
  // below reaches it, or after the walk when no sealed run does (blob-scan.ts, issue 15).
  const checker = blobChecker(db, options);
  // A store large enough for blob workers has its quick_check done on a thread of its own meanwhile.
  const quickCheck = checker instanceof WorkerChecker && db.name !== '' && !db.memory ? new QuickCheckThread(db.name) : null;
  const blobs = new ScannedBlobs(db, hashKeys(db), checker);
  try {
    const integrityProblems = (): Problem[] => {
      const integrity = quickCheck?.result() ?? db.pragma('quick_check', { simple: true });
      return integrity === 'ok' ? [] : [{ reason: `SQLite quick_check: ${String(integrity)}` }];
    };
    return verifyWithBlobs(db, queries, blobs, integrityProblems);
  } finally {
    blobs.close();
    quickCheck?.close();
  }
}

/** `integrityProblems`: the file's own check, asked after the walk (it may run on another thread meanwhile), named first. */
function verifyWithBlobs(db: Db, queries: StoreQueries, blobs: ScannedBlobs, integrityProblems: () => Problem[]): VerifyReport {
  const problems: Problem[] = [];
  const refs = new BlobReferences(blobs, problems, true);
  const unsealedRuns: VerifyReport['unsealedRuns'] = [];
  let runsChecked = 0;
  let previousSealed: RunRow | undefined;
  let previousRows: { collections: CollectionRow[]; resultSets: ResultSetRow[] } = { collections: [], resultSets: [] };
  const runIds: number[] = [];
  const tombstones = readTombstones(db);
  const pruned = prunedRanges(tombstones, problems);

  const rows = new RunRowsInSpans(queries);
  for (const sqlRow of db.prepare(`SELECT ${runColumns(hashKeys(db), hasRunChecks(db))} FROM runs ORDER BY id`).all() as RunSqlRow[]) {
    const run = toRunRow(sqlRow);
    runIds.push(run.id);
    const fail = (reason: string) => problems.push({ runId: run.id, reason: `run ${run.id}: ${reason}` });
    let collections;
    let resultSets;
    let runChecks;
    try {
      ({ collections, resultSets, runChecks } = rows.of(run.id));
    } catch (err) {
      fail(`rows unreadable (${(err as Error).message})`);
      continue;
    }
    if (run.status !== 'sealed') {
      unsealedRuns.push({ id: run.id, status: run.status });
      // completeRun writes rows and the seal in one transaction, so an unsealed run holding rows
      // was sealed once and had its status edited (e.g. to hide it from the chain).
      if (collections.length > 0 || resultSets.length > 0 || runChecks.length > 0) fail(`is ${run.status} but holds collection/result rows`);
      continue;
    }
    runsChecked += 1;
    // Version 1 seals every result-set row; version 2 the check lines (run_checks), each covering its check's rows.
    const sealed = run.sealVersion === 2 ? { lines: runChecks } : { rows: resultSets };
    if (run.seal === null || !sealMatches(run, collections, sealed, run.prevSeal, run.seal)) {
      fail('seal does not match its header, collections or result sets (edited or deleted rows)');
    }
    const lines = checkLinesProblem(run, resultSets, runChecks);
    if (lines !== null) fail(lines);
    if (run.sealVersion === 1 && runChecks.length > 0) fail('holds run_checks rows although its seal (version 1) covers its result sets directly (added rows)');
    // After a prune, the first kept run still links to the last pruned seal, which its tombstone names.
    const tombstone = previousSealed ? undefined : lastTombstoneBefore(tombstones, run.id);
    const expectedPrev = previousSealed?.seal ?? tombstone?.parsed?.lastPrunedSeal ?? null;
    if (run.prevSeal !== expectedPrev) {
      fail(
        previousSealed
          ? `prev_seal does not match the seal of the previous sealed run ${previousSealed.id} (a run was deleted or re-sealed)`
          : tombstone
            ? `prev_seal does not match the last pruned seal named by tombstone ${tombstone.id}`
            : 'prev_seal points to a seal that is not in the database (an earlier sealed run was deleted)',
      );
    }
    refs.check(run.id, run.scopeHash, 'scope');
    refs.check(run.id, run.exceptionsHash, 'exceptions');
    // Unchanged manifests and results were judged under an earlier run: skipped before their words are built, and
    // before a lookup when the previous sealed run's row at the same position holds the same hash (rows come in
    // the same order every run; whatever that run's rows held was judged then, which is all the skip rests on).
    const before = previousRows;
    for (let i = 0; i < collections.length; i += 1) {
      const c = collections[i]!;
      if (before.collections[i]?.manifestHash === c.manifestHash || refs.seen(c.manifestHash)) continue;
      refs.checkManifest(run.id, c.manifestHash, `manifest of ${c.collector} / ${c.scope}`, c.observationCount);
    }
    for (let i = 0; i < resultSets.length; i += 1) {
      const r = resultSets[i]!;
      if (before.resultSets[i]?.resultsHash === r.resultsHash || refs.seen(r.resultsHash)) continue;
      refs.checkResults(run.id, r.resultsHash, `results of ${r.checkId} / ${r.scope}`);
    }
    previousRows = { collections, resultSets };
    previousSealed = run;
  }

  // Blobs no sealed run reaches are checked too (a planted or orphaned blob is still named), in key order.
  const unreached: Array<{ hash: string; problem: string }> = [];
  for (const { hash, problem } of blobs.rest()) if (problem !== null) unreached.push({ hash, problem });
  unreached.sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
  for (const { problem } of unreached) problems.push({ reason: `${problem} (not referenced by any sealed run)` });
  const missing = missingRunIds(db, runIds).filter((id) => !pruned.has(id));
  for (const id of missing) problems.push({ reason: `run ${id} is missing: its id was issued but the row is gone (deleted)` });
  orphanRows(db, problems);
  // The slot ledger is evidence of completeness (which days were scheduled, which were missed and why).
  for (const reason of verifySlotLedger(db).problems) problems.push({ reason });
  problems.unshift(...integrityProblems());

  const firstBad = problems
    .filter((p): p is Required<Problem> => p.runId !== undefined)
    .reduce<Required<Problem> | undefined>((first, p) => (!first || p.runId < first.runId ? p : first), undefined);
  const report: VerifyReport = {
    ok: problems.length === 0,
    runsChecked,
    blobsChecked: blobs.scanned,
    problems: problems.map((p) => p.reason),
    unsealedRuns,
    runs: runVerdicts(runIds, unsealedRuns, missing, pruned, problems),
    tombstones: tombstones.map((t) => ({ id: t.id, body: t.parsed, keyFingerprint: t.keyFingerprint })),
  };
  if (firstBad) report.firstBadRun = { id: firstBad.runId, reason: firstBad.reason };
  // Deleting the newest runs leaves no later run to break; the issued-id sequence is the only trace.
  else if (missing.length > 0) report.firstBadRun = { id: missing[0]!, reason: `run ${missing[0]} is missing (deleted)` };
  return report;
}

/** Run ids whose collection and result-set rows one range read fetches (~350 result sets a run at the default size). */
const ROWS_SPAN = 64;

/**
 * A run's collection and result-set rows, read with one range query per table for each span of ROWS_SPAN run ids
 * instead of two queries per run (those were a tenth of a year's `verify`, issue 15). When a span's read fails
 * (an unreadable row), its runs are read one by one, so the failure is blamed on its own run as before.
 */
class RunRowsInSpans {
  private span: { first: number; collections: Map<number, CollectionRow[]>; resultSets: Map<number, ResultSetRow[]>; runChecks: Map<number, RunCheckRow[]> } | null = null;
  private failedSpan: number | null = null;

  constructor(private readonly queries: StoreQueries) {}

  of(runId: number): { collections: CollectionRow[]; resultSets: ResultSetRow[]; runChecks: RunCheckRow[] } {
    const first = runId - ((runId - 1) % ROWS_SPAN);
    if (this.failedSpan !== first && this.span?.first !== first) {
      try {
        const last = first + ROWS_SPAN - 1;
        this.span = {
          first,
          collections: this.queries.collectionsOfRunIds(first, last),
          resultSets: this.queries.resultSetsOfRunIds(first, last),
          runChecks: this.queries.runChecksOfRunIds(first, last),
        };
      } catch {
        this.span = null;
        this.failedSpan = first;
      }
    }
    if (this.failedSpan === first || !this.span) {
      return { collections: this.queries.collections(runId), resultSets: this.queries.resultSets(runId), runChecks: this.queries.runChecks(runId) };
    }
    return { collections: this.span.collections.get(runId) ?? [], resultSets: this.span.resultSets.get(runId) ?? [], runChecks: this.span.runChecks.get(runId) ?? [] };
  }
}

/**
 * Follows references from sealed runs to blobs, each blob once: a blob first met in run N was
 * judged there, so later runs sharing it (the normal, unchanged case) cost nothing.
 *
 * With `checkContent`, each blob reached is decompressed and checked against its hash when first met,
 * and a manifest, results list or tree chunk is parsed from those same bytes: every blob is decompressed
 * once (a scan of all blobs followed by a second decompression of each tree node took a third of a year's
 * `verify`, issue 15). Without it (prune), only tree nodes are opened, to follow their references.
 */
class BlobReferences {
  private readonly hasher = new KeyHasher();
  /**
   * The last node judged at each place of each tree (`via: where`): inner nodes' slots, and manifest leaves (and
   * flat manifests) by entry position. A run's changed node repeats most of what its predecessor at the same place
   * held, all of it judged then, so only what differs is looked up (walkTree's slotsBefore; checkManifest). Asking
   * `seen` for each (a lookup in a table of every blob, a cache miss or three) was a fifth of a year's `verify`
   * (~1.4 million lookups, issue 15). Soundness rests neither on the place nor on the keys: whatever a judged node
   * held was taken by the walk, so an equal hash is one `seen` would answer true for.
   */
  private readonly slotsAt = new Map<string, ReadonlyArray<string | null>>();
  private readonly leavesAt = new Map<string, JudgedLeaf>();

  constructor(
    private readonly blobs: BlobSource,
    private readonly problems: Problem[],
    private readonly checkContent: boolean,
  ) {}

  /** Whether the blob was visited (under this run or an earlier one). */
  seen(hash: string): boolean {
    return this.blobs.seen(hash);
  }

  /**
   * Marks the blob visited; returns it (its bytes, and a worker's description of it as a tree node) when it
   * exists, is intact and had not been visited before, else null (visited, or missing or damaged: reported
   * against this run). Bytes are read only when `want` (a blob scanned for verify was judged whether or not its
   * bytes were kept).
   */
  private enter(runId: number, hash: string, via: string | (() => string), want: boolean): OpenedBlob | null {
    const opened = this.blobs.open(hash, want);
    if (opened === undefined) return null;
    // Prune follows whatever a damaged node still says, so it never drops a blob a run may reach (as before).
    const reason = opened === null ? `blob ${hash} is missing` : this.checkContent || opened.bytes === null ? opened.problem : null;
    if (reason === null) return opened;
    this.problems.push({ runId, reason: `run ${runId}: ${typeof via === 'string' ? via : via()}: ${reason}` });
    return null;
  }

  /**
   * A blob that references nothing further (scope, exceptions, an observation). `via` may be given as a function,
   * called only when there is a problem to name: a leaf's observations are named by their keys, which are built
   * only then (taking a blob already answers whether it was judged before, so no separate `seen` is asked).
   */
  check(runId: number, hash: string, via: string | (() => string)): void {
    this.enter(runId, hash, via, false);
  }

  /**
   * A manifest, flat or a tree, and every observation it lists. `observationCount`: what the sealed collection row
   * recorded, which the manifest's counts per type (when it has them) must add up to.
   */
  checkManifest(runId: number, hash: string, via: string, observationCount?: number): void {
    const value = this.node(runId, hash, via, false);
    if (value === undefined) return;
    this.checkTypeCounts(runId, hash, via, value, observationCount);
    // Parsed entries, and a worker-described leaf (whose key is decoded only for an observation with a problem).
    const checkObservations = (entries: Array<[string, string]>, where: string) =>
      this.checkLeaf(runId, { count: entries.length, value: (i) => entries[i]![1], key: (i) => entries[i]![0] }, where);
    if (isFlatManifest(value)) return checkObservations(Object.entries(value.observations), via);
    const root = parseManifestRoot(value);
    if (!root) return this.malformed(runId, hash, `${via} is not a manifest`);
    this.checkTree(runId, root, MANIFEST_CODEC, via, checkObservations, (leaf, where) => this.checkLeaf(runId, leaf, where));
  }

  /** Every observation a manifest leaf (or a flat manifest) lists, but those the leaf judged last at `where` held too. */
  private checkLeaf(runId: number, leaf: JudgedLeaf, where: string): void {
    const before = this.leavesAt.get(where);
    for (let i = 0; i < leaf.count; i += 1) {
      const observationHash = leaf.value(i);
      if (before && i < before.count && before.value(i) === observationHash) continue;
      // Most observations were judged under an earlier run: their words are built only for a problem.
      this.check(runId, observationHash, () => `${where}: observation ${leaf.key(i)}`);
    }
    this.leavesAt.set(where, leaf);
  }

  /** A results list, flat or a tree (results reference no further blobs). */
  checkResults(runId: number, hash: string, via: string): void {
    const value = this.node(runId, hash, via, false);
    if (value === undefined) return;
    if (Array.isArray(value)) return;
    const root = parseTreeRoot(value);
    if (!root) return this.malformed(runId, hash, `${via} is not a results list`);
    this.checkTree(runId, root, RESULTS_CODEC, via, () => {}, () => {});
  }

  /**
   * Every chunk below a root: a chunk seen under an earlier run was judged there, so an unchanged
   * subtree is not walked again, and a bad chunk is blamed on the first sealed run whose tree reaches it.
   */
  private checkTree<T>(
    runId: number,
    root: TreeRoot,
    codec: TreeCodec<T>,
    via: string,
    leaf: (items: T[], where: string) => void,
    checkedLeaf: (leaf: CheckedLeaf, where: string) => void,
  ): void {
    walkTree(
      root,
      codec,
      {
        enter: (hash, where) => this.node(runId, hash, `${via}: ${where}`, true),
        items: (items, where) => leaf(items, `${via}: ${where}`),
        checkedLeaf: (checked, where) => checkedLeaf(checked, `${via}: ${where}`),
        malformed: (hash, where, reason) => this.malformed(runId, hash, `${via}: ${where} ${reason}`),
        // enter() would skip a visited node anyway; this skips it before its place is named.
        seen: (hash) => this.blobs.seen(hash),
        slotsBefore: (where) => this.slotsAt.get(`${via}: ${where}`),
        slotsJudged: (where, slots) => this.slotsAt.set(`${via}: ${where}`, slots),
      },
      this.hasher,
    );
  }

  /**
   * A node's parsed value on first visit when intact; undefined when visited before, missing or damaged.
   * A blob whose bytes hash correctly but are not JSON was planted, and reads as null (then reported as malformed).
   * Below a root (`described`), a blob-check worker's description of the node stands for its value when
   * there is one: walkTree takes it, or parses the bytes when it does not settle the node.
   */
  private node(runId: number, hash: string, via: string, described: boolean): unknown {
    const opened = this.enter(runId, hash, via, true);
    if (!opened?.bytes) return undefined;
    if (described && opened.node) return opened.node;
    try {
      return JSON.parse(opened.bytes.toString('utf8')) as unknown;
    } catch {
      return null;
    }
  }

  /** A manifest's counts per type (readers take them instead of opening each observation) agree with its collection. */
  private checkTypeCounts(runId: number, hash: string, via: string, value: unknown, observationCount: number | undefined): void {
    if (typeof value !== 'object' || value === null || !('types' in value)) return;
    const types = (value as { types: unknown }).types;
    if (!isTypeCounts(types)) return this.malformed(runId, hash, `${via}: its counts per type are not whole numbers by type`);
    const total = Object.values(types).reduce((a, b) => a + b, 0);
    const flat = isFlatManifest(value);
    const listed = flat ? Object.keys(value.observations).length : observationCount;
    if (listed !== undefined && total !== listed) {
      this.malformed(runId, hash, `${via}: its counts per type add up to ${total} observations, but ${flat ? 'it lists' : 'the collection recorded'} ${listed}`);
    }
  }

  private malformed(runId: number, hash: string, reason: string): void {
    this.problems.push({ runId, reason: `run ${runId}: blob ${hash}: ${reason}` });
  }
}

/** A manifest leaf's entries by position (checked-node.ts's CheckedLeaf is one): observation hashes and resource ids. */
interface JudgedLeaf {
  readonly count: number;
  value(i: number): string;
  key(i: number): string;
}

/**
 * Every blob the runs still in the database reach (scope, exceptions, manifests, observations,
 * results and the chunks of their trees): what prune must keep.
 */
export function referencedBlobs(db: Db, queries: StoreQueries): Set<string> {
  const lookups = new BlobLookups(db, hashKeys(db));
  const refs = new BlobReferences(lookups, [], false);
  for (const sqlRow of db.prepare(`SELECT ${runColumns(hashKeys(db), hasRunChecks(db))} FROM runs ORDER BY id`).all() as RunSqlRow[]) {
    const run = toRunRow(sqlRow);
    refs.check(run.id, run.scopeHash, 'scope');
    refs.check(run.id, run.exceptionsHash, 'exceptions');
    for (const c of queries.collections(run.id)) refs.checkManifest(run.id, c.manifestHash, 'manifest');
    for (const r of queries.resultSets(run.id)) refs.checkResults(run.id, r.resultsHash, 'results');
  }
  return lookups.taken;
}

/** Run ids a tombstone accounts for; a tombstone whose body cannot be read is itself a problem. */
function prunedRanges(tombstones: TombstoneRow[], problems: Problem[]): Set<number> {
  const ids = new Set<number>();
  for (const t of tombstones) {
    if (!t.parsed) {
      problems.push({ reason: `tombstone ${t.id}: body is not a tombstone (edited)` });
      continue;
    }
    for (let id = t.parsed.firstRunId; id <= t.parsed.lastRunId; id += 1) ids.add(id);
  }
  return ids;
}

function lastTombstoneBefore(tombstones: TombstoneRow[], runId: number): TombstoneRow | undefined {
  return tombstones.filter((t) => t.parsed && t.parsed.lastRunId < runId && t.parsed.lastPrunedSeal !== null).at(-1);
}

/** One line per issued run id, like CloudTrail's validate-logs: valid, INVALID (reasons), missing, pruned or unsealed. */
function runVerdicts(
  present: number[],
  unsealed: VerifyReport['unsealedRuns'],
  missing: number[],
  pruned: Set<number>,
  problems: Problem[],
): RunVerdict[] {
  const verdicts = new Map<number, RunVerdict>();
  for (const id of pruned) verdicts.set(id, { id, verdict: 'pruned', reasons: [] });
  for (const id of missing) verdicts.set(id, { id, verdict: 'missing', reasons: ['its id was issued but the row is gone (deleted)'] });
  const unsealedIds = new Set(unsealed.map((u) => u.id));
  for (const id of present) verdicts.set(id, { id, verdict: unsealedIds.has(id) ? 'unsealed' : 'valid', reasons: [] });
  for (const p of problems) {
    if (p.runId === undefined) continue;
    const v = verdicts.get(p.runId)!;
    v.verdict = 'INVALID';
    v.reasons.push(p.reason.replace(`run ${p.runId}: `, ''));
  }
  return [...verdicts.values()].sort((a, b) => a.id - b.id);
}

/** Run ids issued by AUTOINCREMENT (sqlite_sequence) but absent from `runs`. */
function missingRunIds(db: Db, presentAscending: number[]): number[] {
  const seq = db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'runs'`).get() as { seq: number } | undefined;
  const present = new Set(presentAscending);
  const missing: number[] = [];
  for (let id = 1; id <= (seq?.seq ?? 0); id += 1) if (!present.has(id)) missing.push(id);
  return missing;
}

/** Collection / result rows whose run is gone (possible only with foreign keys switched off). */
function orphanRows(db: Db, problems: Problem[]): void {
  for (const table of hasRunChecks(db) ? (['collections', 'result_sets', 'run_checks'] as const) : (['collections', 'result_sets'] as const)) {
    const rows = db
      .prepare(`SELECT DISTINCT run_id FROM ${table} WHERE run_id NOT IN (SELECT id FROM runs) ORDER BY run_id`)
      .all() as Array<{ run_id: number }>;
    for (const r of rows) problems.push({ reason: `${table} rows belong to run ${r.run_id}, which is missing (deleted)` });
  }
}
