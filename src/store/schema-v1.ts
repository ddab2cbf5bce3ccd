/**
 * Schema version 1 of the evidence store. Sized by change: a day with no change adds one `runs`
 * row plus one small row per collection and per result set; blob contents are shared by hash.
 *
 * - `blobs`: content-addressed (SHA-256 hex of canonical JSON), brotli-compressed; `size` is the
 *   uncompressed length. Written with INSERT OR IGNORE so unchanged content is stored once.
 * - `runs`: AUTOINCREMENT so a deleted run's id is never reused (the gap stays visible to verify).
 * - `collections` / `result_sets`: WITHOUT ROWID keyed by run, so the key is the table itself and
 *   no second index copies it (these are the rows that accumulate every day).
 * - No ON DELETE CASCADE anywhere: deleting evidence must take deliberate, visible effort.
 */
export const SCHEMA_V1 = `
CREATE TABLE blobs (
  hash TEXT PRIMARY KEY CHECK (length(hash) = 64),
  size INTEGER NOT NULL CHECK (size >= 0),
  data BLOB NOT NULL
);

CREATE TABLE runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  trigger TEXT NOT NULL CHECK (trigger IN ('manual', 'schedule', 'demo', 'test')),
  agent_version TEXT NOT NULL,
  config_hash TEXT NOT NULL,
  scope_hash TEXT NOT NULL REFERENCES blobs(hash),
  exceptions_hash TEXT NOT NULL REFERENCES blobs(hash),
  writer_pid INTEGER NOT NULL,
  writer_host TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'sealed', 'incomplete')),
  seal TEXT UNIQUE,
  prev_seal TEXT,
  CHECK ((status = 'sealed') = (seal IS NOT NULL))
);
-- listRuns({status}), latestSealedRun(), previousSealedRun(id), recoverAbandonedRuns().
CREATE INDEX runs_by_status ON runs (status, id);

CREATE TABLE collections (
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
  manifest_hash TEXT NOT NULL REFERENCES blobs(hash),
  PRIMARY KEY (run_id, collector, scope)
) WITHOUT ROWID;

CREATE TABLE result_sets (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  check_id TEXT NOT NULL,
  scope TEXT NOT NULL,
  pass INTEGER NOT NULL,
  fail INTEGER NOT NULL,
  error INTEGER NOT NULL,
  excepted INTEGER NOT NULL,
  not_applicable INTEGER NOT NULL,
  results_hash TEXT NOT NULL REFERENCES blobs(hash),
  PRIMARY KEY (run_id, check_id, scope)
) WITHOUT ROWID;
`;
