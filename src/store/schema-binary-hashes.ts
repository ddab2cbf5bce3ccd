/**
 * Schema version 8: content hashes stored as 32-byte BLOBs instead of 64-character hex TEXT, in `blobs.hash`
 * and in every column that references it (runs.scope_hash, runs.exceptions_hash, collections.manifest_hash,
 * result_sets.results_hash, attestations.record_hash). Half the bytes of every key, in the table rows and
 * in the hash index: about a tenth of a year's store (issue 15). Code above the SQL still sees lowercase hex
 * (hash-keys.ts), so seals, written and checked over hex strings, are unchanged.
 *
 * SQLite cannot change a column's type, so the five tables are rebuilt with SQLite's documented procedure
 * (sqlite.org/lang_altertable.html#otheralter): create the new table, copy, drop the old one, rename. It runs
 * with foreign key enforcement off (prepareSchema switches it off around the transaction, because
 * `PRAGMA foreign_keys` cannot change inside one) and `PRAGMA foreign_key_check` must find nothing before
 * the transaction commits. Every table keeps its rows (and rowids and ids), its WITHOUT ROWID form, its
 * indexes and, for the AUTOINCREMENT tables, its sqlite_sequence value: verify reads a run id that was
 * issued but is gone from `sqlite_sequence`, so the highest issued id must survive the copy.
 *
 * `blobs` is keyed by a UNIQUE index built after the copy instead of a PRIMARY KEY built row by row: the
 * same constraint (and foreign-key parent key), but built sorted, so its pages are full instead of the
 * ~70 % that inserting random hashes one by one leaves. `typeof(...) = 'blob'` in the CHECKs: a BLOB
 * column would keep a hex string as TEXT, so only the type check refuses a key written the old way.
 */
export const SCHEMA_BINARY_HASHES = `
CREATE TABLE blobs_v8 (
  hash BLOB NOT NULL CHECK (typeof(hash) = 'blob' AND length(hash) = 32),
  size INTEGER NOT NULL CHECK (size >= 0),
  data BLOB NOT NULL
);
INSERT INTO blobs_v8 (rowid, hash, size, data) SELECT rowid, unhex(hash), size, data FROM blobs ORDER BY rowid;

CREATE TABLE runs_v8 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  trigger TEXT NOT NULL CHECK (trigger IN ('manual', 'schedule', 'demo', 'test')),
  agent_version TEXT NOT NULL,
  config_hash TEXT NOT NULL,
  scope_hash BLOB NOT NULL CHECK (typeof(scope_hash) = 'blob' AND length(scope_hash) = 32) REFERENCES blobs(hash),
  exceptions_hash BLOB NOT NULL CHECK (typeof(exceptions_hash) = 'blob' AND length(exceptions_hash) = 32) REFERENCES blobs(hash),
  writer_pid INTEGER NOT NULL,
  writer_host TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'sealed', 'incomplete')),
  seal TEXT UNIQUE,
  prev_seal TEXT,
  CHECK ((status = 'sealed') = (seal IS NOT NULL))
);
INSERT INTO runs_v8 (id, started_at, finished_at, trigger, agent_version, config_hash, scope_hash, exceptions_hash,
                     writer_pid, writer_host, status, seal, prev_seal)
SELECT id, started_at, finished_at, trigger, agent_version, config_hash, unhex(scope_hash), unhex(exceptions_hash),
       writer_pid, writer_host, status, seal, prev_seal
FROM runs ORDER BY id;

CREATE TABLE collections_v8 (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  collector TEXT NOT NULL,
  scope TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('ok', 'partial', 'error')),
  error TEXT,
  api_calls INTEGER NOT NULL,
  throttles INTEGER NOT NULL,
  calls_by_operation TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  duration_ms INTEGER NOT NULL,
  observation_count INTEGER NOT NULL,
  gap_count INTEGER NOT NULL,
  manifest_hash BLOB NOT NULL CHECK (typeof(manifest_hash) = 'blob' AND length(manifest_hash) = 32) REFERENCES blobs(hash),
  PRIMARY KEY (run_id, collector, scope)
) WITHOUT ROWID;
INSERT INTO collections_v8 SELECT run_id, collector, scope, status, error, api_calls, throttles, calls_by_operation,
  started_at, finished_at, duration_ms, observation_count, gap_count, unhex(manifest_hash)
FROM collections ORDER BY run_id, collector, scope;

CREATE TABLE result_sets_v8 (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  check_id TEXT NOT NULL,
  scope TEXT NOT NULL,
  pass INTEGER NOT NULL,
  fail INTEGER NOT NULL,
  error INTEGER NOT NULL,
  excepted INTEGER NOT NULL,
  not_applicable INTEGER NOT NULL,
  results_hash BLOB NOT NULL CHECK (typeof(results_hash) = 'blob' AND length(results_hash) = 32) REFERENCES blobs(hash),
  PRIMARY KEY (run_id, check_id, scope)
) WITHOUT ROWID;
INSERT INTO result_sets_v8 SELECT run_id, check_id, scope, pass, fail, error, excepted, not_applicable, unhex(results_hash)
FROM result_sets ORDER BY run_id, check_id, scope;

CREATE TABLE attestations_v8 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  recorded_at TEXT NOT NULL,
  day TEXT NOT NULL,
  control TEXT NOT NULL,
  attested_by TEXT NOT NULL,
  record_hash BLOB NOT NULL CHECK (typeof(record_hash) = 'blob' AND length(record_hash) = 32) REFERENCES blobs(hash)
);
INSERT INTO attestations_v8 (id, recorded_at, day, control, attested_by, record_hash)
SELECT id, recorded_at, day, control, attested_by, unhex(record_hash) FROM attestations ORDER BY id;

-- The highest id ever issued, not the highest present (a deleted newest run must stay visible to verify).
DELETE FROM sqlite_sequence WHERE name IN ('runs_v8', 'attestations_v8');
INSERT INTO sqlite_sequence (name, seq) SELECT name || '_v8', seq FROM sqlite_sequence WHERE name IN ('runs', 'attestations');

DROP TABLE collections;
DROP TABLE result_sets;
DROP TABLE attestations;
DROP TABLE runs;
DROP TABLE blobs;
ALTER TABLE blobs_v8 RENAME TO blobs;
ALTER TABLE runs_v8 RENAME TO runs;
ALTER TABLE collections_v8 RENAME TO collections;
ALTER TABLE result_sets_v8 RENAME TO result_sets;
ALTER TABLE attestations_v8 RENAME TO attestations;

CREATE UNIQUE INDEX blobs_by_hash ON blobs (hash);
CREATE INDEX runs_by_status ON runs (status, id);
CREATE INDEX attestations_by_control ON attestations (control, recorded_at);
`;
