/**
 * The daemon's tables (issue 10): the slot ledger, the writer lock's holder and alert deliveries.
 *
 * - `slots` is append-only: one row per status change of a scheduled slot (expected → running →
 *   ran; or missed / skipped with the reason); a slot's status is its latest row. Each row carries
 *   the hash of its content and of the previous row, and ids come from AUTOINCREMENT, so `verify`
 *   sees an edited row (hash), a deleted one (chain break or an issued id that is gone) and a
 *   slot quietly turned from `missed` into `ran` (the edit breaks the hash).
 * - `locks` names the process holding the single-writer lock (the OS-level guarantee is the lock
 *   directory beside the database, src/scheduler/writer-lock.ts); it exists so a refused second
 *   writer can say who holds the database.
 * - run ids are plain integers, not foreign keys, so pruning old runs (src/store/prune.ts) is not
 *   blocked by the ledger that recorded them.
 * - `alert_deliveries`: each webhook delivery's outcome. The webhook is recorded by its index and
 *   format, never its URL (the URL is a secret: it often embeds a token).
 */
export const SCHEMA_LEDGER = `
CREATE TABLE slots (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  slot_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('expected', 'running', 'ran', 'missed', 'skipped')),
  run_id INTEGER,
  reason TEXT,
  recorded_at TEXT NOT NULL,
  prev_hash TEXT,
  hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
);
CREATE INDEX slots_by_time ON slots (slot_at, id);

CREATE TABLE locks (
  name TEXT PRIMARY KEY,
  pid INTEGER NOT NULL,
  host TEXT NOT NULL,
  started_at TEXT NOT NULL
);

CREATE TABLE alert_deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  event_key TEXT NOT NULL,
  event_type TEXT NOT NULL,
  webhook INTEGER NOT NULL,
  format TEXT NOT NULL,
  run_id INTEGER,
  status TEXT NOT NULL CHECK (status IN ('delivered', 'failed')),
  attempts INTEGER NOT NULL,
  http_status INTEGER,
  error TEXT,
  created_at TEXT NOT NULL,
  finished_at TEXT NOT NULL
);
CREATE INDEX alert_deliveries_by_key ON alert_deliveries (event_key, webhook, status);
`;

/**
 * Version 7: each slot belongs to a schedule (`schedule.perCollector` gives collectors their own cron). Rows
 * written before are the main schedule's, `default`. A row of another schedule hashes its schedule too
 * (slot-ledger.ts slotEventHash v2), so moving a slot from one schedule to another breaks its hash.
 */
export const SCHEMA_SLOT_SCHEDULES = `
ALTER TABLE slots ADD COLUMN schedule TEXT NOT NULL DEFAULT 'default';
CREATE INDEX slots_by_schedule ON slots (schedule, slot_at, id);
`;
