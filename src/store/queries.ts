import type Database from 'better-sqlite3';
import {
  COLLECTION_COLUMNS,
  RESULT_SET_COLUMNS,
  RUN_COLUMNS,
  toCollectionRow,
  toResultSetRow,
  toRunRow,
  type CollectionSqlRow,
  type ResultSetSqlRow,
  type RunSqlRow,
} from './rows.js';
import type { CollectionRow, ResultSetRow, RunRow, RunStatus } from './types.js';

type Db = Database.Database;

/** The read side of the store: prepared once per connection, shared by the API and verify. */
export class StoreQueries {
  private readonly runById: Database.Statement<[number], RunSqlRow>;
  private readonly runsAll: Database.Statement<[number], RunSqlRow>;
  private readonly runsByStatus: Database.Statement<[string, number], RunSqlRow>;
  private readonly sealedBefore: Database.Statement<[number], RunSqlRow>;
  private readonly collectionsOfRun: Database.Statement<[number], CollectionSqlRow>;
  private readonly resultSetsOfRun: Database.Statement<[number], ResultSetSqlRow>;

  constructor(db: Db) {
    this.runById = db.prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`);
    this.runsAll = db.prepare(`SELECT ${RUN_COLUMNS} FROM runs ORDER BY id DESC LIMIT ?`);
    this.runsByStatus = db.prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE status = ? ORDER BY id DESC LIMIT ?`);
    this.sealedBefore = db.prepare(
      `SELECT ${RUN_COLUMNS} FROM runs WHERE status = 'sealed' AND id < ? ORDER BY id DESC LIMIT 1`,
    );
    this.collectionsOfRun = db.prepare(
      `SELECT ${COLLECTION_COLUMNS} FROM collections WHERE run_id = ? ORDER BY collector, scope`,
    );
    this.resultSetsOfRun = db.prepare(
      `SELECT ${RESULT_SET_COLUMNS} FROM result_sets WHERE run_id = ? ORDER BY check_id, scope`,
    );
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
}
