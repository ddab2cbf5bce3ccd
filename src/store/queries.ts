import type Database from 'better-sqlite3';
import { hashKeys } from './hash-keys.js';
import {
  collectionColumns,
  resultSetColumns,
  runCheckColumns,
  runColumns,
  toCollectionRow,
  toResultSetRow,
  toRunCheckRow,
  toRunRow,
  type CollectionSqlRow,
  type ResultSetSqlRow,
  type RunCheckSqlRow,
  type RunSqlRow,
} from './rows.js';
import { hasRunChecks } from './seal-versions.js';
import { hasRunChecksByCheck, RUN_CHECKS_BY_CHECK } from './schema-run-checks-by-check.js';
import { lazilyPreparing } from './lazy-statements.js';
import type { RunSelection } from './run-spans.js';
import { compareText } from '../util/compare.js';
import { groupBy } from '../util/group-by.js';
import type { StatusCounts } from '../model/status.js';
import type { CollectionRow, CollectionStatus, ResultSetRow, RunCheckRow, RunRow, RunStatus } from './types.js';

type Db = Database.Database;

/** One sealed run × check: its result sets' counts summed over scopes (period series read only these). */
export interface CheckCountsRow {
  runId: number;
  checkId: string;
  /** How many scopes (result sets) the counts sum. */
  scopes: number;
  counts: StatusCounts;
}

/** A collection row's outcome (whether and when it gathered its data): what a period's day contexts read. */
export type CollectionOutcome = Pick<CollectionRow, 'runId' | 'collector' | 'scope' | 'status' | 'error' | 'startedAt'>;

/** A per-check counts row as read raw, in select-list order: run_id, check_id, scopes, pass, fail, error, excepted, not_applicable. */
type CheckCountsRaw = [number, string, number, number, number, number, number, number];

/** The read side of the store: one per connection (each statement compiled on first use), shared by the API and verify. */
export class StoreQueries {
  private readonly runById: Database.Statement<[number], RunSqlRow>;
  private readonly runsAll: Database.Statement<[number], RunSqlRow>;
  private readonly runsByStatus: Database.Statement<[string, number], RunSqlRow>;
  private readonly sealedBefore: Database.Statement<[number], RunSqlRow>;
  private readonly collectionsOfRun: Database.Statement<[number], CollectionSqlRow>;
  private readonly resultSetsOfRun: Database.Statement<[number], ResultSetSqlRow>;
  private readonly resultSetsOfRunChecks: Database.Statement<[string, number], ResultSetSqlRow>;
  private readonly runsStarted: Database.Statement<[string, string], unknown[]>;
  /** Per-check counts of version-1 runs (summed from result_sets) and of version-2 runs (run_checks, when the file has it). */
  private readonly checkCountsOfRuns: Database.Statement<[number, number], CheckCountsRaw>[];
  private readonly checkCountsOfRunsForChecks: Database.Statement<[string, number, number], CheckCountsRaw>[];
  /** The sealed runs with a counts row of any of some checks (version 1 from result_sets, version 2 from run_checks). */
  private readonly runsWithChecksOfRuns: Database.Statement<[string, number, number], [number]>[];
  private readonly runChecksOfRun: Database.Statement<[number], RunCheckSqlRow> | null;
  private readonly runChecksOfRuns: Database.Statement<[number, number], RunCheckSqlRow> | null;
  private readonly runsOfIds: Database.Statement<[number, number], unknown[]>;
  private readonly linksOfIds: Database.Statement<[number, number], [number, string, string | null, string | null]>;
  private readonly collectionsOfRuns: Database.Statement<[number, number], unknown[]>;
  private readonly resultSetsOfRuns: Database.Statement<[number, number], unknown[]>;
  /** Runs' rows as seal material text, the runs chosen by a range of ids (first, last) or by a list of them (JSON). */
  private readonly sealTextsOfRange: SealTexts;
  private readonly sealTextsOfList: SealTexts;
  /** The notable collections (failed, or begun before their run) of a range of runs, or of a list of them (JSON). */
  private readonly notableCollectionsOfRange: Database.Statement<unknown[], NotableCollectionRaw>;
  private readonly notableCollectionsOfList: Database.Statement<unknown[], NotableCollectionRaw>;

  constructor(connection: Db) {
    const keys = hashKeys(connection);
    // A file at schema 8 or older (opened read-only) has only version-1 runs and no run_checks (seal-versions.ts).
    const v2 = hasRunChecks(connection);
    // Each statement is compiled when first used (lazy-statements.ts).
    const db = lazilyPreparing(connection);
    const runCols = runColumns(keys, v2);
    const v1Only = v2 ? `AND r.seal_version = 1` : '';
    const collectionCols = collectionColumns(keys);
    const resultSetCols = resultSetColumns(keys);
    this.runById = db.prepare(`SELECT ${runCols} FROM runs WHERE id = ?`);
    this.runsAll = db.prepare(`SELECT ${runCols} FROM runs ORDER BY id DESC LIMIT ?`);
    this.runsByStatus = db.prepare(`SELECT ${runCols} FROM runs WHERE status = ? ORDER BY id DESC LIMIT ?`);
    this.sealedBefore = db.prepare(
      `SELECT ${runCols} FROM runs WHERE status = 'sealed' AND id < ? ORDER BY id DESC LIMIT 1`,
    );
    this.collectionsOfRun = db.prepare(
      `SELECT ${collectionCols} FROM collections WHERE run_id = ? ORDER BY collector, scope`,
    );
    this.resultSetsOfRun = db.prepare(
      `SELECT ${resultSetCols} FROM result_sets WHERE run_id = ? ORDER BY check_id, scope`,
    );
    // A few checks' rows of a run: each check asked for (json_each), then a range of the key (run_id, check_id, scope).
    this.resultSetsOfRunChecks = db.prepare(
      `SELECT ${resultSetCols} FROM json_each(?) c CROSS JOIN result_sets ON run_id = ? AND check_id = c.value ORDER BY check_id, scope`,
    );
    // Timestamps are one fixed UTC format (timestamps.ts), so text order is time order. The runs
    // table holds one row per run (a few a day), so scanning it is cheap and needs no index.
    this.runsStarted = db.prepare<[string, string], unknown[]>(`SELECT ${runCols} FROM runs WHERE started_at >= ? AND started_at < ? ORDER BY id`).raw(true);
    // A range scan of result_sets' primary key (run_id, check_id, scope), grouped in key order:
    // a year of counts without reading a single blob. Only sealed runs' rows are evidence.
    // CROSS JOIN fixes result_sets as the outer loop, so the groups stream in key order (no temp
    // B-tree) and each run's status is one covering-index probe.
    // Version-1 runs only (a version-2 run's counts are its run_checks lines, which its seal covers).
    const countsV1 = db.prepare<[number, number], CheckCountsRaw>(
      `SELECT rs.run_id AS run_id, rs.check_id AS check_id, count(*) AS scopes,
         sum(rs.pass) AS pass, sum(rs.fail) AS fail, sum(rs.error) AS error,
         sum(rs.excepted) AS excepted, sum(rs.not_applicable) AS not_applicable
       FROM result_sets rs CROSS JOIN runs r ON r.id = rs.run_id
       WHERE rs.run_id BETWEEN ? AND ? AND r.status = 'sealed' ${v1Only}
       GROUP BY rs.run_id, rs.check_id
       ORDER BY rs.run_id, rs.check_id`,
    );
    // The same counts for a few checks (`sample`'s one control): each sealed run of the range, then each check asked
    // for (json_each), then a probe of the primary key by (run_id, check_id) — the rows of other checks are never read.
    const forChecksV1 = `FROM runs r CROSS JOIN json_each(?) c CROSS JOIN result_sets rs ON rs.run_id = r.id AND rs.check_id = c.value
       WHERE r.id BETWEEN ? AND ? AND r.status = 'sealed' ${v1Only}`;
    const countsForChecksV1 = db.prepare<[string, number, number], CheckCountsRaw>(
      `SELECT rs.run_id AS run_id, rs.check_id AS check_id, count(*) AS scopes,
         sum(rs.pass) AS pass, sum(rs.fail) AS fail, sum(rs.error) AS error,
         sum(rs.excepted) AS excepted, sum(rs.not_applicable) AS not_applicable
       ${forChecksV1}
       GROUP BY rs.run_id, rs.check_id
       ORDER BY rs.run_id, rs.check_id`,
    );
    // As arrays (raw): a year of one control's counts is ~2,000 rows, which named-column objects made ~40 % slower.
    this.checkCountsOfRuns = [countsV1.raw(true)];
    this.checkCountsOfRunsForChecks = [countsForChecksV1.raw(true)];
    // Which sealed runs evaluated any of a few checks: the same rows as their counts, one run id per run.
    this.runsWithChecksOfRuns = [db.prepare<[string, number, number], [number]>(`SELECT DISTINCT rs.run_id ${forChecksV1} ORDER BY rs.run_id`).raw(true)];
    this.runChecksOfRun = null;
    this.runChecksOfRuns = null;
    if (v2) {
      const counts = `rc.run_id AS run_id, rc.check_id AS check_id, rc.scopes AS scopes, rc.pass AS pass, rc.fail AS fail, rc.error AS error,
         rc.excepted AS excepted, rc.not_applicable AS not_applicable`;
      this.checkCountsOfRuns.push(
        db
          .prepare<[number, number], CheckCountsRaw>(
            `SELECT ${counts} FROM run_checks rc CROSS JOIN runs r ON r.id = rc.run_id
             WHERE rc.run_id BETWEEN ? AND ? AND r.status = 'sealed' AND r.seal_version = 2 ORDER BY rc.run_id, rc.check_id`,
          )
          .raw(true),
      );
      // A year of one control's checks: each check asked for (json_each), then a range of the by-check index
      // (schema 10) and a probe of the run's status; without the index, a probe of run_checks' key per run and
      // check, which reads every page of the table (schema-run-checks-by-check.ts).
      const forChecksV2 = hasRunChecksByCheck(connection)
        ? // `+rc.run_id`: without it SQLite moves the range through r.id = rc.run_id onto runs, and reads each check's
          // index entries of every run, not of the range's (a sample's drawn days: 25 runs × 6 checks × 362 entries).
          `FROM json_each(?) c CROSS JOIN run_checks rc INDEXED BY ${RUN_CHECKS_BY_CHECK} ON rc.check_id = c.value AND rc.run_id BETWEEN ? AND ?
           CROSS JOIN runs r ON r.id = +rc.run_id WHERE r.status = 'sealed' AND r.seal_version = 2`
        : `FROM runs r CROSS JOIN json_each(?) c CROSS JOIN run_checks rc ON rc.run_id = r.id AND rc.check_id = c.value
           WHERE r.id BETWEEN ? AND ? AND r.status = 'sealed' AND r.seal_version = 2`;
      this.checkCountsOfRunsForChecks.push(db.prepare<[string, number, number], CheckCountsRaw>(`SELECT ${counts} ${forChecksV2} ORDER BY rc.run_id, rc.check_id`).raw(true));
      this.runsWithChecksOfRuns.push(db.prepare<[string, number, number], [number]>(`SELECT DISTINCT rc.run_id ${forChecksV2} ORDER BY rc.run_id`).raw(true));
      const runCheckCols = runCheckColumns(keys);
      this.runChecksOfRun = db.prepare(`SELECT ${runCheckCols} FROM run_checks WHERE run_id = ? ORDER BY check_id`);
      this.runChecksOfRuns = db.prepare(`SELECT ${runCheckCols} FROM run_checks WHERE run_id BETWEEN ? AND ? ORDER BY run_id, check_id`);
    }
    // Range scans of the primary keys, for checking many runs' seals at once (seal-check.ts sealProblems).
    this.runsOfIds = db.prepare<[number, number], unknown[]>(`SELECT ${runCols} FROM runs WHERE id BETWEEN ? AND ? ORDER BY id`).raw(true);
    this.linksOfIds = db.prepare<[number, number], [number, string, string | null, string | null]>(`SELECT id, status, seal, prev_seal FROM runs WHERE id BETWEEN ? AND ? ORDER BY id`).raw(true);
    // Rows as arrays (raw): a year's ~130,000 result-set rows read about twice as fast as named-column objects.
    this.collectionsOfRuns = db
      .prepare<[number, number], unknown[]>(`SELECT ${collectionCols} FROM collections WHERE run_id BETWEEN ? AND ? ORDER BY run_id, collector, scope`)
      .raw(true);
    this.resultSetsOfRuns = db
      .prepare<[number, number], unknown[]>(`SELECT ${resultSetCols} FROM result_sets WHERE run_id BETWEEN ? AND ? ORDER BY run_id, check_id, scope`)
      .raw(true);
    // The same rows as seal material text, built by SQLite (json_object, keys in the seal's canonical order), one
    // row per run: a year's ~113,000 result sets become ~360 strings instead of as many JavaScript objects (seal.ts
    // sealMatchesText; issue 15). The result sets come grouped per check with their summed counts, so the run's
    // per-check counts (what a period's series show) are read in the same pass as the rows its seal covers. Each
    // statement selects its runs by a range of ids, or by a list of them (a sample's drawn days, scattered over a
    // year: one statement for them all instead of one per day).
    const texts = (runsWhere: (column: string) => string) => {
      const resultSets = [
        db.prepare<unknown[], [number, string, string]>(
          `SELECT run_id, '[' || group_concat(rows_json, ',') || ']', json_group_array(json_array(check_id, scopes, pass, fail, error, excepted, not_applicable))
           FROM (SELECT run_id, check_id, count(*) AS scopes, sum(pass) AS pass, sum(fail) AS fail, sum(error) AS error,
                   sum(excepted) AS excepted, sum(not_applicable) AS not_applicable,
                   group_concat(json_object('checkId', check_id, 'counts', json_object('error', error, 'excepted', excepted, 'fail', fail,
                     'not_applicable', not_applicable, 'pass', pass), 'resultsHash', results_hash, 'scope', scope), ',') AS rows_json
                 FROM (SELECT ${resultSetColumns(keys, 'rs')}
                       FROM runs r CROSS JOIN result_sets rs ON rs.run_id = r.id
                       WHERE ${runsWhere('r.id')} ${v1Only} ORDER BY rs.run_id, rs.check_id, rs.scope)
                 GROUP BY run_id, check_id ORDER BY run_id, check_id)
           GROUP BY run_id ORDER BY run_id`,
        ).raw(true),
      ];
      // A version-2 run's check lines as its seal material lists them (seal.ts CheckLine), with its per-check counts;
      // and the lines alone, for a check whose caller shows no counts from it (a sample's drawn days: ~40 % less work).
      let lines: SealTextStatement | null = null;
      if (v2) {
        const linesOf = (counts: boolean) =>
          db.prepare<unknown[], [number, string, string]>(
            `SELECT run_id, '[' || group_concat(json_object('checkId', check_id, 'counts', json_object('error', error, 'excepted', excepted, 'fail', fail,
                 'not_applicable', not_applicable, 'pass', pass), 'resultSetsHash', result_sets_hash, 'scopes', scopes), ',') || ']',
               ${counts ? 'json_group_array(json_array(check_id, scopes, pass, fail, error, excepted, not_applicable))' : "'[]'"}
             FROM (SELECT ${runCheckColumns(keys, 'rc')} FROM runs r CROSS JOIN run_checks rc ON rc.run_id = r.id
                   WHERE ${runsWhere('r.id')} AND r.seal_version = 2 ORDER BY rc.run_id, rc.check_id)
             GROUP BY run_id ORDER BY run_id`,
          ).raw(true);
        resultSets.push(linesOf(true));
        lines = linesOf(false);
      }
      const collections = db.prepare<unknown[], [number, string]>(
        `SELECT run_id, '[' || group_concat(json_object('apiCalls', api_calls, 'callsByOperation', json(calls_by_operation), 'collector', collector,
           'durationMs', duration_ms, 'error', error, 'finishedAt', finished_at, 'gapCount', gap_count, 'manifestHash', manifest_hash,
           'observationCount', observation_count, 'scope', scope, 'startedAt', started_at, 'status', status, 'throttles', throttles), ',') || ']'
         FROM (SELECT ${collectionCols} FROM collections WHERE ${runsWhere('run_id')} ORDER BY run_id, collector, scope)
         GROUP BY run_id ORDER BY run_id`,
      ).raw(true);
      return { resultSets, lines, collections };
    };
    this.sealTextsOfRange = texts((column) => `${column} BETWEEN ? AND ?`);
    this.sealTextsOfList = texts((column) => `${column} IN (SELECT value FROM json_each(?))`);
    // What a period's day contexts need of a run's collections: only the failed ones and those that began before
    // their run did. Timestamps are validated UTC ISO-8601 with milliseconds (timestamps.ts), so comparing the text
    // compares the instants, and a collection that began at or after its run began cannot fall on an earlier audit
    // day than the run's in any time zone: the rest (~16,000 rows a year) are never turned into objects (issue 15).
    const notable = (runsWhere: string) =>
      db
        .prepare<unknown[], NotableCollectionRaw>(
          `SELECT c.run_id, c.collector, c.scope, c.status, c.error, c.started_at FROM collections c JOIN runs r ON r.id = c.run_id
           WHERE ${runsWhere} AND (c.status = 'error' OR c.started_at < r.started_at) ORDER BY c.run_id, c.collector, c.scope`,
        )
        .raw(true);
    this.notableCollectionsOfRange = notable('c.run_id BETWEEN ? AND ?');
    this.notableCollectionsOfList = notable('c.run_id IN (SELECT value FROM json_each(?))');
  }

  getRun(id: number): RunRow | undefined {
    const row = this.runById.get(id);
    return row ? toRunRow(row) : undefined;
  }

  /** Newest first; a negative limit means no limit (SQLite's LIMIT -1). */
  listRuns(status: RunStatus | undefined, limit: number): RunRow[] {
    const rows = status === undefined ? this.runsAll.all(limit) : this.runsByStatus.all(status, limit);
    return rows.map(toRunRow);
  }

  /** The latest sealed run with an id below `id` (MAX_SAFE_INTEGER for the latest overall). */
  sealedRunBefore(id: number): RunRow | undefined {
    const row = this.sealedBefore.get(id);
    return row ? toRunRow(row) : undefined;
  }

  collections(runId: number): CollectionRow[] {
    return this.collectionsOfRun.all(runId).map(toCollectionRow);
  }

  resultSets(runId: number): ResultSetRow[] {
    return this.resultSetsOfRun.all(runId).map(toResultSetRow);
  }

  /** The result-set rows of these checks of a run, by check id and scope (each row once, however often its check is named). */
  resultSetsOfChecks(runId: number, checkIds: readonly string[]): ResultSetRow[] {
    return this.resultSetsOfRunChecks.all(JSON.stringify([...new Set(checkIds)]), runId).map(toResultSetRow);
  }

  /** A version-2 run's check lines (run_checks), by check id; none for a version-1 run or a file without the table. */
  runChecks(runId: number): RunCheckRow[] {
    return this.runChecksOfRun ? this.runChecksOfRun.all(runId).map(toRunCheckRow) : [];
  }

  /** run_checks rows of the runs with ids in [firstRunId, lastRunId], grouped by run id. */
  runChecksOfRunIds(firstRunId: number, lastRunId: number): Map<number, RunCheckRow[]> {
    return this.runChecksOfRuns ? groupByRun(this.runChecksOfRuns.all(firstRunId, lastRunId).map(toRunCheckRow)) : new Map();
  }

  /** Runs of any status with ids in [firstRunId, lastRunId], oldest first. */
  runsBetweenIds(firstRunId: number, lastRunId: number): RunRow[] {
    return this.runsOfIds.all(firstRunId, lastRunId).map((r) => toRunRow(runFromRaw(r)));
  }

  /** The chain columns (id, status, seal, previous seal) of the runs with ids in [firstRunId, lastRunId], oldest first. */
  chainLinks(firstRunId: number, lastRunId: number): Array<{ id: number; status: RunStatus; seal: string | null; prevSeal: string | null }> {
    return this.linksOfIds.all(firstRunId, lastRunId).map(([id, status, seal, prevSeal]) => ({ id, status: status as RunStatus, seal, prevSeal }));
  }

  /** Collection rows of the runs with ids in [firstRunId, lastRunId], grouped by run id. */
  collectionsOfRunIds(firstRunId: number, lastRunId: number): Map<number, CollectionRow[]> {
    return groupByRun(this.collectionsOfRuns.all(firstRunId, lastRunId).map((r) => toCollectionRow(collectionFromRaw(r))));
  }

  /**
   * The collections of the runs (ids in [first, last], or those listed) that failed (status `error`) or began before
   * their run began (the only ones whose data can be older than the run's audit day), grouped by run id.
   */
  notableCollectionsOfRunIds(runs: RunSelection): Map<number, CollectionOutcome[]> {
    const rows = 'ids' in runs ? this.notableCollectionsOfList.all(JSON.stringify(runs.ids)) : this.notableCollectionsOfRange.all(runs.first, runs.last);
    return groupByRun(rows.map(([runId, collector, scope, status, error, startedAt]): CollectionOutcome => ({ runId, collector, scope, status: status as CollectionStatus, error, startedAt })));
  }

  /** Result-set rows of the runs with ids in [firstRunId, lastRunId], grouped by run id. */
  resultSetsOfRunIds(firstRunId: number, lastRunId: number): Map<number, ResultSetRow[]> {
    return groupByRun(this.resultSetsOfRuns.all(firstRunId, lastRunId).map((r) => toResultSetRow(resultSetFromRaw(r))));
  }

  /**
   * The result sets of the runs (ids in [first, last], or those listed) as seal material text (a JSON array in the
   * seal's key order, see seal.ts sealMatchesText), with each run's per-check counts summed over scopes, by run
   * id. A run without result sets is absent (its text is `[]`).
   */
  resultSetSealTexts(runs: RunSelection, withCounts = true): Map<number, { text: string; counts: CheckCountsRow[] }> {
    const { statements, params } = this.sealTextsOf(runs);
    const out = new Map<number, { text: string; counts: CheckCountsRow[] }>();
    const chosen = !withCounts && statements.lines ? [statements.resultSets[0]!, statements.lines] : statements.resultSets;
    for (const statement of chosen) {
      for (const [runId, text, countsJson] of statement.all(...params)) out.set(runId, { text, counts: sealTextCounts(runId, countsJson) });
    }
    return out;
  }

  /** The collections of the runs (ids in [first, last], or those listed) as seal material text, by run id (absent: `[]`). */
  collectionSealTexts(runs: RunSelection): Map<number, string> {
    const { statements, params } = this.sealTextsOf(runs);
    return new Map(statements.collections.all(...params));
  }

  private sealTextsOf(runs: RunSelection): { statements: SealTexts; params: number[] | [string] } {
    return 'ids' in runs ? { statements: this.sealTextsOfList, params: [JSON.stringify(runs.ids)] } : { statements: this.sealTextsOfRange, params: [runs.first, runs.last] };
  }

  /**
   * The SQL of resultSetSealTexts and collectionSealTexts for a range of run ids (each takes the first and last run id;
   * a row per run: its id, its text, and for result sets the counts sealTextCounts reads), for the seal-check worker
   * (seal-check-thread.ts), which runs them on its own connection: the same statements, so its texts are these.
   */
  sealTextSql(): { collections: string; resultSets: string[] } {
    return { collections: this.sealTextsOfRange.collections.source, resultSets: this.sealTextsOfRange.resultSets.map((s) => s.source) };
  }

  /** Runs of any status whose started_at lies in [fromIso, toIso), oldest first. */
  runsStartedBetween(fromIso: string, toIso: string): RunRow[] {
    return this.runsStarted.all(fromIso, toIso).map((r) => toRunRow(runFromRaw(r)));
  }

  /**
   * The sealed runs with ids in [firstRunId, lastRunId] that evaluated any of these checks (hold a counts row of
   * one), in id order: which days have a control's evidence, without reading its counts (a sample's population).
   */
  runsWithChecks(firstRunId: number, lastRunId: number, checkIds: readonly string[]): number[] {
    const ids = checksParam(checkIds);
    return bySealVersionMerged(
      this.runsWithChecksOfRuns.map((s) => s.all(ids, firstRunId, lastRunId).map(([id]) => id)),
      (a, b) => a - b,
    );
  }

  /** The SQL of checkCounts for a few checks (its parameters: the checks as a JSON array, the first and last run id), per seal version: its query plan is tested. */
  checkCountsForChecksSql(): string[] {
    return this.checkCountsOfRunsForChecks.map((s) => s.source);
  }

  /** Per sealed run × check counts for run ids in [firstRunId, lastRunId], in (run, check) order. */
  checkCounts(firstRunId: number, lastRunId: number, checkIds?: readonly string[]): CheckCountsRow[] {
    const parts =
      checkIds === undefined
        ? this.checkCountsOfRuns.map((s) => s.all(firstRunId, lastRunId))
        : this.checkCountsOfRunsForChecks.map((s) => s.all(checksParam(checkIds), firstRunId, lastRunId));
    const rows = bySealVersionMerged(parts, (a, b) => a[0] - b[0] || compareText(a[1], b[1]));
    return rows.map(([runId, checkId, scopes, pass, fail, error, excepted, notApplicable]) => ({
      runId,
      checkId,
      scopes,
      counts: { pass, fail, error, excepted, not_applicable: notApplicable },
    }));
  }
}

/** A few check ids as the statements' json_each parameter: distinct, sorted. */
function checksParam(checkIds: readonly string[]): string {
  return JSON.stringify([...new Set(checkIds)].sort());
}

/**
 * The rows of one read split by seal version (one statement per version, each in `compare` order; a run is in one
 * part only), as one list in that order: a part alone as it is, both merged.
 */
function bySealVersionMerged<T>(parts: readonly T[][], compare: (a: T, b: T) => number): T[] {
  const filled = parts.filter((p) => p.length > 0);
  return filled.length <= 1 ? (filled[0] ?? []) : filled.flat().sort(compare);
}

/** A notable collection as read raw: run id, collector, scope, status, error, started_at. */
type NotableCollectionRaw = [number, string, string, string, string | null, string];

/** A seal-text statement: a row per run (its id, its text, its counts as JSON). */
type SealTextStatement = Database.Statement<unknown[], [number, string, string]>;

/** The seal-text statements for one way of choosing runs (queries.ts constructor). */
interface SealTexts {
  readonly resultSets: SealTextStatement[];
  /** Version-2 lines without counts (null: the file has no run_checks). */
  readonly lines: SealTextStatement | null;
  readonly collections: Database.Statement<unknown[], [number, string]>;
}

/** A run's per-check counts as the result-set seal text statement sums them (its third column, JSON). */
export function sealTextCounts(runId: number, countsJson: string): CheckCountsRow[] {
  return (JSON.parse(countsJson) as [string, number, number, number, number, number, number][]).map(
    ([checkId, scopes, pass, fail, error, excepted, notApplicable]): CheckCountsRow => ({
      runId,
      checkId,
      scopes,
      counts: { pass, fail, error, excepted, not_applicable: notApplicable },
    }),
  );
}

function groupByRun<T extends { runId: number }>(rows: readonly T[]): Map<number, T[]> {
  return groupBy(rows, (row) => row.runId);
}

/** A raw runs row (runColumns order) as the named row rows.ts maps: a year's runs read as arrays cost ~40 % less (issue 15). */
function runFromRaw(r: unknown[]): RunSqlRow {
  const [id, started_at, finished_at, trigger, agent_version, config_hash, scope_hash, exceptions_hash, writer_pid, writer_host, status, seal, prev_seal, seal_version] = r;
  return { id, started_at, finished_at, trigger, agent_version, config_hash, scope_hash, exceptions_hash, writer_pid, writer_host, status, seal, prev_seal, seal_version } as RunSqlRow;
}

/** A raw collections row (collectionColumns order) as the named row rows.ts maps. */
function collectionFromRaw(r: unknown[]): CollectionSqlRow {
  const [run_id, collector, scope, status, error, api_calls, throttles, calls_by_operation, started_at, finished_at, duration_ms, observation_count, gap_count, manifest_hash] = r;
  return { run_id, collector, scope, status, error, api_calls, throttles, calls_by_operation, started_at, finished_at, duration_ms, observation_count, gap_count, manifest_hash } as CollectionSqlRow;
}

/** A raw result_sets row (resultSetColumns order) as the named row rows.ts maps. */
function resultSetFromRaw(r: unknown[]): ResultSetSqlRow {
  const [run_id, check_id, scope, pass, fail, error, excepted, not_applicable, results_hash] = r;
  return { run_id, check_id, scope, pass, fail, error, excepted, not_applicable, results_hash } as ResultSetSqlRow;
}
