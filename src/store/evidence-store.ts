import { realpathSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import type Database from 'better-sqlite3';
import { hashJson } from '../util/canonical.js';
import { BlobRepository } from './blob-repository.js';
import { explainStoreError, openConnection } from './connection.js';
import { hashKeys, type HashKeys } from './hash-keys.js';
import { isProcessAlive } from './liveness.js';
import { runIdSpans, spanGroups } from './run-spans.js';
import { prepareSchema } from './migrations.js';
import { StoreQueries, type CheckCountsRow, type CollectionOutcome } from './queries.js';
import { prepareCollection, prepareResultSet } from './records.js';
import { compareText } from '../util/compare.js';
import { checkLinesOf, checkLinesProblem, computeSeal, SEAL_VERSION } from './seal.js';
import { TamperedRunError } from './tampered-run-error.js';
import { chainProblems, sealProblem, sealProblems } from './seal-check.js';
import { SealCheckThread } from './seal-check-thread.js';
import { assertTimestamp } from './timestamps.js';
import { manifestTypeCounts, readManifest, readResults, stageManifest, stageResults, type ManifestLeaves } from './tree-kinds.js';
import { KeyHasher } from './tree-layout.js';
import type {
  CollectionRow,
  CompleteRunData,
  Manifest,
  ResultSetRow,
  RunCheckRow,
  RunHeader,
  RunRow,
  RunStatus,
  StoreStats,
  StoredResult,
  VerifyReport,
} from './types.js';
import { validateCollection, validateHeader } from './validate.js';
import { assertNotBeforeLatestSealed } from './clock-skew.js';
import { pauseInSealForTests } from './seal-pause.js';
import { claimEvidenceClass, evidenceClassOf, EvidenceClassError, readEvidenceClass, type EvidenceClass } from './evidence-class.js';
import type { Trigger } from './types.js';
import { verifyStore } from './verify.js';
import { insertSealSignature, readSealSignatures, readTombstones, type SealSigner, type SealSignatureRow, type TombstoneRow } from './integrity-rows.js';
import { pruneRuns, type PruneResult } from './prune.js';
import { appendSlotEvents, latestSlotEvent, slotEventsBetween, type SlotEvent, type SlotEventRow } from './slot-ledger.js';
import {
  clearLockHolder,
  insertAlertDelivery,
  listAlertDeliveries,
  readLockHolder,
  wasDelivered,
  writeLockHolder,
  type AlertDelivery,
  type LockHolder,
} from './daemon-rows.js';

type Db = Database.Database;

/**
 * Runs begun by this process, as `<database realpath>#<run id>`. A container restarted under the
 * same hostname usually gets the same pid (often 1), so "pid alive" alone would take a dead
 * predecessor's run for our own; this set tells them apart.
 */
const runsBegunHere = new Set<string>();

/**
 * The evidence store (DESIGN.md "Evidence store"): append-only, content-addressed, sealed runs in
 * a hash chain. Everything else in the agent reads and writes evidence only through this class.
 */
export class EvidenceStore {
  private readonly blobs: BlobRepository;
  private readonly queries: StoreQueries;
  /** How this file stores hashes (hex text before schema 8): the SQL that writes hash columns binds through it. */
  private readonly keys: HashKeys;
  private readonly identity: string;
  private signer: SealSigner | null = null;
  private readonly sealChecked = new Map<number, string | null>();
  /** Sealed version-2 runs whose result-set rows matched their check lines (resultSets), for this connection. */
  private readonly rowsChecked = new Set<number>();
  /** Per-check counts of runs whose seal check read them (seal-check.ts sealProblems): what checkCounts answers for them. */
  private readonly checkedCounts = new Map<number, CheckCountsRow[]>();
  /** A seal check of some runs under way on a worker thread (checkSealsAhead), taken by the next sealProblems. */
  private sealsAhead: SealCheckThread | undefined;
  /** Resource-id hashes for chunk placement, kept across the runs this handle writes (the ids repeat daily). */
  private readonly keyHasher = new KeyHasher(100_000);

  private constructor(
    private readonly db: Db,
    private readonly path: string,
  ) {
    this.blobs = new BlobRepository(db);
    this.queries = new StoreQueries(db);
    this.keys = hashKeys(db);
    this.identity = db.memory ? `:memory:${Math.random()}` : realpathSync(path);
  }

  /**
   * Opens (and for writers, creates and migrates) a store. A read-only open never creates the
   * file and never migrates; both kinds of open check the durability pragmas.
   */
  static open(path: string, opts: { readonly?: boolean } = {}): EvidenceStore {
    const readonly = opts.readonly ?? false;
    const db = openConnection(path, readonly);
    try {
      prepareSchema(db, readonly);
      return new EvidenceStore(db, path);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  close(): void {
    this.sealsAhead?.close();
    this.sealsAhead = undefined;
    this.db.close();
  }

  /**
   * Marks runs left `running` by a dead writer on this host as `incomplete`; returns their ids.
   * Runs written from another hostname are left alone: their writer's liveness cannot be seen here.
   */
  recoverAbandonedRuns(): number[] {
    this.assertWritable();
    const host = hostname();
    const abandoned = this.queries
      .listRuns('running', -1)
      .filter((run) => run.writerHost === host)
      .filter((run) =>
        run.writerPid === process.pid ? !runsBegunHere.has(this.runKey(run.id)) : !isProcessAlive(run.writerPid),
      )
      .map((run) => run.id)
      .sort((a, b) => a - b);
    const mark = this.db.prepare(`UPDATE runs SET status = 'incomplete' WHERE id = ? AND status = 'running'`);
    this.db.transaction(() => abandoned.forEach((id) => mark.run(id))).immediate();
    return abandoned;
  }

  /** Production, demo or test evidence; null until the first run fixes it. */
  evidenceClass(): EvidenceClass | null {
    return readEvidenceClass(this.db);
  }

  /** Throws EvidenceClassError when a run with this trigger may not be recorded here (checked again by beginRun). */
  assertAccepts(trigger: Trigger): void {
    const current = this.evidenceClass();
    if (current !== null && current !== evidenceClassOf(trigger)) throw new EvidenceClassError(this.path, current, evidenceClassOf(trigger));
  }

  /**
   * Records the start of a run and commits at once, so a crash leaves a visible `running` row
   * (later `incomplete`) instead of no trace. The declared scope and exceptions are stored as
   * blobs here, with the row, so a run row never points at a blob that does not exist.
   */
  beginRun(header: RunHeader): number {
    this.assertWritable();
    validateHeader(header);
    const batch = this.blobs.batch();
    const scopeHash = batch.stage(header.scope);
    const exceptionsHash = batch.stage(header.exceptions);
    const insert = this.db.prepare(
      `INSERT INTO runs (started_at, trigger, agent_version, config_hash, scope_hash, exceptions_hash,
         writer_pid, writer_host, status, seal_version)
       VALUES (?, ?, ?, ?, ${this.keys.param}, ${this.keys.param}, ?, ?, 'running', ${SEAL_VERSION})`,
    );
    const latestSealed = this.db.prepare(`SELECT id, started_at FROM runs WHERE status = 'sealed' ORDER BY id DESC LIMIT 1`);
    const begin = this.db.transaction(() => {
      claimEvidenceClass(this.db, this.path, header.trigger);
      // Inside the write transaction: a concurrent writer's later seal is seen (clock-skew.ts says why).
      assertNotBeforeLatestSealed(this.path, header.startedAt, latestSealed.get() as { id: number; started_at: string } | undefined);
      batch.write();
      const info = insert.run(
        header.startedAt,
        header.trigger,
        header.agentVersion,
        header.configHash,
        scopeHash,
        exceptionsHash,
        process.pid,
        hostname(),
      );
      return Number(info.lastInsertRowid);
    });
    let id: number;
    try {
      id = begin.immediate();
    } catch (err) {
      // A full disk or an I/O error before the run began: nothing was written; say where and what to do.
      const code = (err as { code?: unknown })?.code;
      throw typeof code === 'string' && code.startsWith('SQLITE_') ? explainStoreError(err, this.path) : err;
    }
    runsBegunHere.add(this.runKey(id));
    return id;
  }

  /**
   * Writes a run's evidence and seals it in ONE transaction: either the whole run is evidence or
   * none of it is. Blobs are hashed and compressed before the transaction (only new ones), and the
   * seal is computed from the rows as read back inside it.
   *
   * Runs are chained in id order, so a run cannot be sealed after a later run was: it is then
   * marked `incomplete` and this throws (two writers overlapped; the later run holds the evidence).
   */
  completeRun(runId: number, data: CompleteRunData): { seal: string } {
    this.assertWritable();
    assertTimestamp(data.finishedAt, 'run finishedAt');
    data.collections.forEach(validateCollection);
    assertUniqueKeys(data.collections.map((c) => [c.collector, c.scope]), 'collection (collector, scope)');
    assertUniqueKeys(data.resultSets.map((r) => [r.checkId, r.scope]), 'result set (checkId, scope)');

    const batch = this.blobs.batch();
    const stage = (value: unknown) => batch.stage(value);
    // One hasher for every run of this handle: result sets place the same resource ids as manifests, day after day.
    const hasher = this.keyHasher;
    const collections = data.collections.map((record) => {
      const prepared = prepareCollection(record, (blob) => batch.stageCanonical(blob));
      return {
        record,
        manifestHash: stageManifest(prepared.manifest, stage, hasher),
        observationCount: Object.keys(prepared.manifest.observations).length,
        gapCount: prepared.manifest.gaps.length,
      };
    });
    const resultSets = data.resultSets.map((record) => {
      const prepared = prepareResultSet(record);
      return { record, counts: prepared.counts, resultsHash: stageResults(prepared.results, stage, hasher) };
    });

    const insertCollection = this.db.prepare(
      `INSERT INTO collections (run_id, collector, scope, status, error, api_calls, throttles, calls_by_operation,
         started_at, finished_at, duration_ms, observation_count, gap_count, manifest_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${this.keys.param})`,
    );
    const insertResultSet = this.db.prepare(
      `INSERT INTO result_sets (run_id, check_id, scope, pass, fail, error, excepted, not_applicable, results_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ${this.keys.param})`,
    );
    const insertRunCheck = this.db.prepare(
      `INSERT INTO run_checks (run_id, check_id, scopes, pass, fail, error, excepted, not_applicable, result_sets_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ${this.keys.param})`,
    );
    const finish = this.db.prepare(`UPDATE runs SET finished_at = ? WHERE id = ?`);
    const seal = this.db.prepare(
      `UPDATE runs SET status = 'sealed', seal = ?, prev_seal = ? WHERE id = ? AND status = 'running'`,
    );
    const laterSealed = this.db.prepare(`SELECT id FROM runs WHERE status = 'sealed' AND id > ? ORDER BY id LIMIT 1`);

    const sealing = this.db.transaction((): { seal: string } | { overtakenBy: number } => {
      const run = this.queries.getRun(runId);
      if (!run) throw new Error(`run ${runId} does not exist`);
      if (run.status !== 'running') throw new Error(`run ${runId} is ${run.status}, not running; it cannot be completed`);
      const later = laterSealed.get(runId) as { id: number } | undefined;
      if (later) return { overtakenBy: later.id };

      batch.write();
      for (const { record: c, manifestHash, observationCount, gapCount } of collections) {
        insertCollection.run(
          runId, c.collector, c.scope, c.status, c.error, c.apiCalls, c.throttles,
          JSON.stringify(sortKeys(c.callsByOperation)), c.startedAt, c.finishedAt,
          Date.parse(c.finishedAt) - Date.parse(c.startedAt), observationCount,
          gapCount, manifestHash,
        );
      }
      for (const { record: r, counts, resultsHash } of resultSets) {
        insertResultSet.run(
          runId, r.checkId, r.scope, counts.pass, counts.fail, counts.error, counts.excepted, counts.not_applicable,
          resultsHash,
        );
      }
      finish.run(data.finishedAt, runId);

      const stored = this.queries.getRun(runId)!;
      const storedSets = this.queries.resultSets(runId);
      if (stored.sealVersion === 2) {
        // The check lines the seal lists, from the rows as read back, stored so a reader can check one check's rows.
        for (const { checkId, scopes, counts: c, resultSetsHash } of checkLinesOf(storedSets)) {
          insertRunCheck.run(runId, checkId, scopes, c.pass, c.fail, c.error, c.excepted, c.not_applicable, resultSetsHash);
        }
        const problem = checkLinesProblem(stored, storedSets, this.queries.runChecks(runId));
        if (problem !== null) throw new Error(`run ${runId} cannot be sealed: its ${problem}`);
      }
      const prevSeal = this.queries.sealedRunBefore(runId)?.seal ?? null;
      const value = computeSeal(stored, this.queries.collections(runId), storedSets, prevSeal);
      seal.run(value, prevSeal, runId);
      // Signed in the sealing transaction: a sealed run without its signature never exists.
      if (this.signer) insertSealSignature(this.db, runId, this.signer, value);
      pauseInSealForTests(runId);
      return { seal: value };
    });
    let outcome: { seal: string } | { overtakenBy: number };
    try {
      outcome = sealing.immediate();
    } catch (err) {
      throw this.unsealed(runId, err);
    }

    if ('overtakenBy' in outcome) {
      this.db.prepare(`UPDATE runs SET status = 'incomplete' WHERE id = ? AND status = 'running'`).run(runId);
      throw new Error(
        `run ${runId} cannot be sealed: the later run ${outcome.overtakenBy} was sealed first (overlapping writers); run ${runId} is marked incomplete`,
      );
    }
    return outcome;
  }

  /**
   * The sealing transaction failed (a full disk, an I/O error): it rolled back, so nothing of the run is
   * evidence. The run is marked incomplete if the disk still allows it (else the next writer's recovery does,
   * as for a crash), and the error names the store and says what to do (connection.ts explainStoreError).
   */
  private unsealed(runId: number, err: unknown): Error {
    if (!(typeof (err as { code?: unknown })?.code === 'string' && String((err as { code: string }).code).startsWith('SQLITE_'))) return err as Error;
    runsBegunHere.delete(this.runKey(runId));
    try {
      this.db.prepare(`UPDATE runs SET status = 'incomplete' WHERE id = ? AND status = 'running'`).run(runId);
    } catch {
      // Left `running`: recoverAbandonedRuns marks it incomplete at the next start, as after a crash.
    }
    const explained = explainStoreError(err, this.path);
    return new Error(`run ${runId} was not sealed, nothing of it was recorded as evidence: ${explained.message}`, { cause: err });
  }

  /** The content address of a value: what observationHash in results must be. */
  hashOf(value: unknown): string {
    return hashJson(value);
  }

  /** One blob as stored. For manifests and results use manifest() and results(): theirs may be tree roots. */
  getBlob<T = unknown>(hash: string): T {
    return this.blobs.get<T>(hash);
  }

  /** A collection's manifest, whole, whether stored flat or as a chunk tree (leaf chunks in `leaves` are not read again). */
  manifest(manifestHash: string, leaves?: ManifestLeaves): Manifest {
    return readManifest(this.blobs.get(manifestHash), (hash) => this.blobs.get(hash), leaves);
  }

  /** A manifest's observation counts per type, read from its root blob only; undefined for manifests stored without them. */
  manifestTypeCounts(manifestHash: string): Record<string, number> | undefined {
    return manifestTypeCounts(this.blobs.get(manifestHash));
  }

  /** Newest first. */
  listRuns(opts: { status?: RunStatus; limit?: number } = {}): RunRow[] {
    const limit = opts.limit ?? -1;
    if (opts.limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0)) {
      throw new Error(`listRuns limit must be a non-negative integer, got ${opts.limit}`);
    }
    return this.queries.listRuns(opts.status, limit);
  }

  getRun(id: number): RunRow | undefined {
    return this.queries.getRun(id);
  }

  latestSealedRun(): RunRow | undefined {
    return this.queries.sealedRunBefore(Number.MAX_SAFE_INTEGER);
  }

  /**
   * Null when sealed run `runId` matches its seal and its link to the previous sealed run; else the problem
   * (seal-check.ts). Remembered per run for this connection: a sealed run's rows never change legitimately.
   */
  sealProblem(runId: number): string | null {
    let problem = this.sealChecked.get(runId);
    if (problem === undefined) {
      problem = sealProblem(this.queries, runId);
      this.sealChecked.set(runId, problem);
    }
    return problem;
  }

  /**
   * sealProblem for many runs at once (a period's runs), read in a few range queries (seal-check.ts); remembered
   * like sealProblem. Returns the problems found, in run id order (empty: every run matches its seal).
   */
  sealProblems(runIds: readonly number[], options: { keepCounts?: boolean } = {}): string[] {
    const unchecked = runIds.filter((id) => !this.sealChecked.has(id));
    // Without keepCounts (a caller that has its counts already: a sample's drawn days) none are read with the texts.
    const keep = options.keepCounts === false ? undefined : (id: number, counts: CheckCountsRow[]) => this.checkedCounts.set(id, counts);
    const ahead = this.sealsAhead;
    this.sealsAhead = undefined;
    try {
      // With a check started ahead, this thread shares the spans left with its worker (its failure throws).
      if (unchecked.length > 0) for (const [id, problem] of sealProblems(this.queries, unchecked, keep, ahead)) this.sealChecked.set(id, problem);
    } finally {
      ahead?.close();
    }
    return [...new Set(runIds)].sort((a, b) => a - b).flatMap((id) => {
      const problem = this.sealChecked.get(id);
      return problem === null || problem === undefined ? [] : [problem];
    });
  }

  /**
   * Starts checking these runs' seals on a worker thread (seal-check-thread.ts) while the read command does its
   * other work; the next sealProblems call shares what is left with it and gives the verdicts (and the counts
   * checkCounts answers from), the same as without it. Nothing is started for an in-memory store
   * (a worker cannot open it) or when every run was checked already. `workerSource` replaces the worker's code (tests).
   */
  checkSealsAhead(runIds: readonly number[], workerSource?: string): void {
    this.sealsAhead?.close();
    this.sealsAhead = undefined;
    const unchecked = runIds.filter((id) => !this.sealChecked.has(id));
    if (this.db.memory || unchecked.length === 0) return;
    this.sealsAhead = new SealCheckThread(this.queries, this.db.name, unchecked, workerSource);
  }

  /** The chain links of the sealed runs with ids in [firstRunId, lastRunId], from run rows only (seal-check.ts chainProblems). */
  chainProblems(firstRunId: number, lastRunId: number): string[] {
    return chainProblems(this.queries, firstRunId, lastRunId);
  }

  /** The sealed run before `runId` (what "changed since yesterday" compares against). */
  previousSealedRun(runId: number): RunRow | undefined {
    return this.queries.sealedRunBefore(runId);
  }

  collections(runId: number): CollectionRow[] {
    return this.queries.collections(runId);
  }

  /**
   * Of many runs' collections, those that failed or began before their run began (by run id; a run without any is
   * absent), read in id ranges: what a period's day contexts report (failed and stale collections).
   */
  notableCollectionsOfRuns(runIds: readonly number[]): Map<number, CollectionOutcome[]> {
    const out = new Map<number, CollectionOutcome[]>();
    // The seal checks' spans and groups: a sparse list never reads a long stretch of other runs, nor one read per run.
    for (const { selection, spans } of spanGroups(runIdSpans(runIds))) {
      const rows = this.queries.notableCollectionsOfRunIds(selection);
      for (const { wanted } of spans) for (const id of wanted) if (rows.has(id)) out.set(id, rows.get(id)!);
    }
    return out;
  }

  /**
   * A run's result-set rows. For a sealed run of seal version 2, whose seal covers them through its check lines
   * (seal.ts), each check's rows are checked against its line here, on every read: a read command's seal check of
   * many runs checks those lines, not the rows under them (seal-check.ts sealProblems). Throws TamperedRunError
   * naming the run and the checks whose rows differ.
   */
  resultSets(runId: number): ResultSetRow[] {
    return this.checkedAgainstLines(runId, this.queries.resultSets(runId), null);
  }

  /**
   * A sealed version-2 run's check lines (run_checks), by check id: what its seal covers in place of its result-set
   * rows (seal.ts). Undefined for any other run. They are as stored: a caller compares them only for a run whose
   * seal it has checked (sealProblem), which checks them.
   */
  checkLines(runId: number): RunCheckRow[] | undefined {
    const run = this.queries.getRun(runId);
    return run?.status === 'sealed' && run.sealVersion === 2 ? this.queries.runChecks(runId) : undefined;
  }

  /**
   * resultSets for some checks only: the rows of these checks, each check's rows checked against its line as
   * resultSets checks them (a check with neither rows nor a line has nothing to check). What a diff of two
   * version-2 runs reads: the checks whose lines differ (diff.ts).
   */
  resultSetsOfChecks(runId: number, checkIds: readonly string[]): ResultSetRow[] {
    return this.checkedAgainstLines(runId, this.queries.resultSetsOfChecks(runId, checkIds), new Set(checkIds));
  }

  /** `rows` (all of a run's, or those of the checks in `only`) once checked against the run's lines, if it has them. */
  private checkedAgainstLines(runId: number, rows: ResultSetRow[], only: ReadonlySet<string> | null): ResultSetRow[] {
    if (this.rowsChecked.has(runId)) return rows;
    const run = this.queries.getRun(runId);
    if (run?.status === 'sealed' && run.sealVersion === 2) {
      const lines = this.queries.runChecks(runId);
      const problem = checkLinesProblem(run, rows, only === null ? lines : lines.filter((l) => only.has(l.checkId)));
      if (problem !== null) throw new TamperedRunError([`run ${runId}'s ${problem}`]);
      // Every check's rows checked: later reads of this run's rows need not be.
      if (only === null) this.rowsChecked.add(runId);
    }
    return rows;
  }

  /**
   * Runs of any status that started in [fromIso, toIso) (UTC ISO-8601 with milliseconds), oldest
   * first. Callers decide what counts: only `sealed` runs are evidence.
   */
  runsStartedBetween(fromIso: string, toIso: string): RunRow[] {
    assertTimestamp(fromIso, 'runsStartedBetween from');
    assertTimestamp(toIso, 'runsStartedBetween to');
    return this.queries.runsStartedBetween(fromIso, toIso);
  }

  /**
   * Status counts per sealed run × check (summed over scopes) for run ids in [firstRunId, lastRunId],
   * read from the result_sets rows alone: no blob is read or decompressed. With `checkIds`, only those checks'.
   */
  checkCounts(firstRunId: number, lastRunId: number, checkIds?: readonly string[]): CheckCountsRow[] {
    // A period checked every run's seal first, reading the same rows with their counts: answer from those when
    // they cover every sealed run of the range (the counts of the rows the seal covers; issue 15).
    if (this.checkedCounts.size > 0) {
      const sealed = this.queries.runsBetweenIds(firstRunId, lastRunId).filter((r) => r.status === 'sealed');
      if (sealed.every((r) => this.checkedCounts.has(r.id))) {
        const all = sealed.flatMap((r) => this.checkedCounts.get(r.id)!);
        if (checkIds === undefined) return all;
        const wanted = new Set(checkIds);
        return all.filter((row) => wanted.has(row.checkId));
      }
    }
    return this.queries.checkCounts(firstRunId, lastRunId, checkIds);
  }

  /**
   * The sealed runs with ids in [firstRunId, lastRunId] that evaluated any of these checks (stored a counts row of
   * one), in id order: the days that have a control's evidence, without its counts (a sample's population).
   */
  runsWithChecks(firstRunId: number, lastRunId: number, checkIds: readonly string[]): number[] {
    return this.queries.runsWithChecks(firstRunId, lastRunId, checkIds);
  }

  /** A result set's results, whole and sorted, whether stored flat or as a chunk tree. */
  results(resultsHash: string): StoredResult[] {
    return readResults(this.blobs.get(resultsHash), (hash) => this.blobs.get(hash));
  }

  // ── the daemon's rows (schema-ledger.ts): slot ledger, lock holder, alert deliveries ────────────

  /** Appends slot status changes to the chained ledger (one transaction). */
  appendSlotEvents(events: readonly SlotEvent[]): SlotEventRow[] {
    this.assertWritable();
    return appendSlotEvents(this.db, events);
  }

  /** Ledger events of slots scheduled in [fromIso, toIso), by slot then recording order. */
  slotEventsBetween(fromIso: string, toIso: string): SlotEventRow[] {
    assertTimestamp(fromIso, 'slotEventsBetween from');
    assertTimestamp(toIso, 'slotEventsBetween to');
    return slotEventsBetween(this.db, fromIso, toIso);
  }

  latestSlotEvent(): SlotEventRow | undefined {
    return latestSlotEvent(this.db);
  }

  lockHolder(name = 'writer'): LockHolder | undefined {
    return readLockHolder(this.db, name);
  }

  setLockHolder(holder: LockHolder, name = 'writer'): void {
    this.assertWritable();
    writeLockHolder(this.db, name, holder);
  }

  clearLockHolder(pid: number, host: string, name = 'writer'): void {
    this.assertWritable();
    clearLockHolder(this.db, name, pid, host);
  }

  /**
   * Marks a `running` run `incomplete` (the daemon's shutdown grace period ran out): it never counts
   * as evidence. Returns false when the run was no longer running (it sealed in time).
   */
  markRunIncomplete(runId: number): boolean {
    this.assertWritable();
    return this.db.prepare(`UPDATE runs SET status = 'incomplete' WHERE id = ? AND status = 'running'`).run(runId).changes > 0;
  }

  recordAlertDelivery(delivery: AlertDelivery): number {
    this.assertWritable();
    return insertAlertDelivery(this.db, delivery);
  }

  alertDelivered(eventKey: string, webhook: number): boolean {
    return wasDelivered(this.db, eventKey, webhook);
  }

  alertDeliveries(): AlertDelivery[] {
    return listAlertDeliveries(this.db);
  }

  verify(): VerifyReport {
    try {
      return verifyStore(this.db, this.queries);
    } catch (err) {
      // A damaged page SQLite trips over while walking the store ("database disk image is malformed"): the
      // store does not verify, and the verdict says so with the path and what to do, instead of a bare error.
      const code = (err as { code?: unknown })?.code;
      if (!(typeof code === 'string' && code.startsWith('SQLITE_'))) throw err;
      return { ok: false, runsChecked: 0, blobsChecked: 0, problems: [explainStoreError(err, this.path).message], unsealedRuns: [], runs: [], tombstones: [] };
    }
  }

  /** From now on every run sealed through this handle is also signed (null: stop signing). */
  useSealSigner(signer: SealSigner | null): void {
    this.signer = signer;
  }

  /** Every stored seal signature, by run id. */
  sealSignatures(): SealSignatureRow[] {
    return readSealSignatures(this.db);
  }

  tombstones(): TombstoneRow[] {
    return readTombstones(this.db);
  }

  /** Sealed runs since the first ever, pruned ones included: what a checkpoint's run count states. */
  chainLength(): number {
    const present = this.db.prepare(`SELECT count(*) FROM runs WHERE status = 'sealed'`).pluck().get() as number;
    return present + this.tombstones().reduce((n, t) => n + (t.parsed?.sealedRunsRemoved ?? 0), 0);
  }

  /** Deletes runs started before `before` and unreferenced blobs, and records a signed tombstone (prune.ts). */
  prune(opts: { before: string; signer: SealSigner; now: string }): PruneResult {
    this.assertWritable();
    return pruneRuns(this.db, this.queries, opts);
  }

  stats(): StoreStats {
    const counts = this.db
      .prepare(
        `SELECT (SELECT count(*) FROM runs) AS runs, count(*) AS blobs, coalesce(sum(length(data)), 0) AS blobBytes FROM blobs`,
      )
      .get() as { runs: number; blobs: number; blobBytes: number };
    return { ...counts, fileBytes: this.db.memory ? 0 : fileSize(this.path) + fileSize(`${this.path}-wal`) };
  }

  private assertWritable(): void {
    if (this.db.readonly) throw new Error('evidence store is open read-only');
  }

  private runKey(id: number): string {
    return `${this.identity}#${id}`;
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function assertUniqueKeys(keys: Array<[string, string]>, what: string): void {
  const seen = new Set<string>();
  for (const key of keys) {
    const text = JSON.stringify(key);
    if (seen.has(text)) throw new Error(`duplicate ${what}: ${key.join(' / ')}`);
    seen.add(text);
  }
}

/** calls_by_operation is stored with sorted keys so the same counts always read the same. */
function sortKeys(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareText(a, b)));
}
