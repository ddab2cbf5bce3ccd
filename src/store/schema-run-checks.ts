/**
 * Schema 9: seal version 2 (seal.ts). A run sealed with it covers its result sets through one row per check,
 * `run_checks`: the check's counts summed over its scopes and the SHA-256 of its result-set rows. A reader can
 * then check one check's rows, or only the per-check counts, against the seal without reading every other
 * check's rows (a sample's drawn days, a period's series; issue 15). Runs sealed before keep version 1 (the
 * column's default), are verified as before and have no run_checks rows.
 *
 * `run_checks` is keyed by run, like result_sets, so a run's rows are one range of the key.
 */
export const SCHEMA_RUN_CHECKS = `
ALTER TABLE runs ADD COLUMN seal_version INTEGER NOT NULL DEFAULT 1 CHECK (seal_version IN (1, 2));
CREATE TABLE run_checks (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  check_id TEXT NOT NULL,
  scopes INTEGER NOT NULL,
  pass INTEGER NOT NULL,
  fail INTEGER NOT NULL,
  error INTEGER NOT NULL,
  excepted INTEGER NOT NULL,
  not_applicable INTEGER NOT NULL,
  result_sets_hash BLOB NOT NULL CHECK (typeof(result_sets_hash) = 'blob' AND length(result_sets_hash) = 32),
  PRIMARY KEY (run_id, check_id)
) WITHOUT ROWID;
`;
