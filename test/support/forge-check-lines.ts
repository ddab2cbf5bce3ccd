import type Database from 'better-sqlite3';
import { StoreQueries } from '../../src/store/queries.js';
import { checkLinesOf } from '../../src/store/seal.js';

/**
 * What a tamperer holding the database (not the key) does after editing a run's result-set rows when the run is
 * sealed with version 2: rewrites its check lines (run_checks) from the edited rows, so that the lines match the
 * rows again and only the seal over the lines (and then the signatures) can tell.
 */
export function forgeCheckLines(db: Database.Database, runId: number): void {
  const lines = checkLinesOf(new StoreQueries(db).resultSets(runId));
  db.prepare('DELETE FROM run_checks WHERE run_id = ?').run(runId);
  const insert = db.prepare(
    'INSERT INTO run_checks (run_id, check_id, scopes, pass, fail, error, excepted, not_applicable, result_sets_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, unhex(?))',
  );
  for (const l of lines) insert.run(runId, l.checkId, l.scopes, l.counts.pass, l.counts.fail, l.counts.error, l.counts.excepted, l.counts.not_applicable, l.resultSetsHash);
}
