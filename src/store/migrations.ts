import type Database from 'better-sqlite3';
import { SCHEMA_V1 } from './schema-v1.js';
import { SCHEMA_V3 } from './evidence-class.js';
import { SCHEMA_ATTESTATIONS } from './schema-attestations.js';
import { SCHEMA_V4 } from './integrity-rows.js';
import { SCHEMA_LEDGER, SCHEMA_SLOT_SCHEDULES } from './schema-ledger.js';
import { SCHEMA_BINARY_HASHES } from './schema-binary-hashes.js';
import { SCHEMA_RUN_CHECKS } from './schema-run-checks.js';
import { SCHEMA_RUN_CHECKS_BY_CHECK } from './schema-run-checks-by-check.js';

type Db = Database.Database;

/**
 * Marks the file as a controlwatch evidence store (`PRAGMA application_id`, ASCII "CWEV"), so
 * pointing the agent at some other SQLite file fails clearly instead of migrating it.
 */
export const APPLICATION_ID = 0x43574556;

interface Migration {
  /** Becomes `PRAGMA user_version` once applied; versions are 1, 2, 3… in order. */
  readonly version: number;
  readonly description: string;
  readonly sql: string;
  /**
   * True when this code reads a file still at the previous version correctly (the migration
   * changes only what new runs write), so a read-only open need not wait for a writer to migrate.
   */
  readonly readsPrevious: boolean;
  /**
   * True when the migration rebuilds tables that others reference (SQLite's create-copy-drop-rename procedure):
   * it runs with foreign key enforcement off, and `PRAGMA foreign_key_check` must find nothing before commit.
   */
  readonly rebuildsTables?: boolean;
}

/** Append only: never edit a released migration, add the next one. */
const MIGRATIONS: readonly Migration[] = [
  { version: 1, description: 'evidence store', sql: SCHEMA_V1, readsPrevious: false },
  {
    version: 2,
    description: 'manifests and results may be chunk trees (tree-kinds.ts)',
    // No table changes: old runs keep their flat blobs, which this code still reads and verifies.
    // The version bump is what makes an older agent refuse the file ("upgrade controlwatch")
    // instead of misreading tree roots as corrupt manifests and reporting tampering.
    sql: '',
    readsPrevious: true,
  },
  // A read-only open of a version-2 file derives the class from its runs (evidence-class.ts).
  { version: 3, description: 'evidence class (production, demo or test) per store', sql: SCHEMA_V3, readsPrevious: true },
  // New tables only; a read-only open of a version-3 file reads them as empty (integrity-rows.ts).
  { version: 4, description: 'seal signatures and prune tombstones', sql: SCHEMA_V4, readsPrevious: true },
  // New table only; a read-only open of an older file reads no attestations (attestations.ts hasTable).
  { version: 5, description: 'attestations of manual controls (attestations.ts)', sql: SCHEMA_ATTESTATIONS, readsPrevious: true },
  // New tables only; their readers treat a file without them as an empty ledger (slot-ledger.ts hasLedgerTables).
  { version: 6, description: 'daemon: slot ledger, writer lock holder, alert deliveries', sql: SCHEMA_LEDGER, readsPrevious: true },
  // A new column with a default; a read-only open of a version-6 file reads every slot as the main schedule's (slot-ledger.ts).
  { version: 7, description: 'daemon: slots per schedule (per-collector schedules)', sql: SCHEMA_SLOT_SCHEDULES, readsPrevious: true },
  // A read-only open of an older file reads its hex TEXT keys (hash-keys.ts picks the SQL by the column's type).
  { version: 8, description: 'content hashes stored as 32-byte BLOBs', sql: SCHEMA_BINARY_HASHES, readsPrevious: true, rebuildsTables: true },
  // A new column with a default and a new table; a read-only open of an older file reads every run as seal version 1
  // and no per-check rows (seal-versions.ts).
  { version: 9, description: 'seal version 2: per-check digests of result sets (run_checks)', sql: SCHEMA_RUN_CHECKS, readsPrevious: true },
  // An index only; a read-only open of a version-9 file reads the counts by run_checks' key (queries.ts).
  { version: 10, description: 'run_checks by check: one control\'s counts over a period', sql: SCHEMA_RUN_CHECKS_BY_CHECK, readsPrevious: true },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** The oldest version a read-only open accepts without migrating. */
const OLDEST_READABLE_VERSION = Math.max(...MIGRATIONS.filter((m) => !m.readsPrevious).map((m) => m.version));

function userVersion(db: Db): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/**
 * Refuses a SQLite file that is not ours (another application's id, or tables without our id). Only reads:
 * the connection calls it before setting any pragma that writes, so a foreign file is never changed.
 */
export function assertEvidenceStore(db: Db): void {
  const version = userVersion(db);
  const appId = Number(db.pragma('application_id', { simple: true }));
  const hasTables = db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'`).get() as { n: number };
  if (appId !== APPLICATION_ID && (appId !== 0 || version !== 0 || hasTables.n > 0)) {
    throw new Error(`${db.name} is not a controlwatch evidence store (another application's SQLite file); it was left unchanged — point store.path at an evidence store or a new file`);
  }
}

/**
 * Refuses files this code cannot read correctly: a newer schema (written by a newer agent),
 * an older one when we may not migrate it (read-only), or a file that is not ours.
 */
function assertCompatible(db: Db, readonly: boolean): void {
  const version = userVersion(db);
  if (version > SCHEMA_VERSION) {
    throw new Error(
      `evidence store ${db.name} has schema version ${version}, newer than this agent supports (${SCHEMA_VERSION}); upgrade controlwatch`,
    );
  }
  assertEvidenceStore(db);
  if (readonly && version === 0) {
    // Nothing was ever written (e.g. its creation was cut short by a full disk): migrating would not help.
    throw new Error(`evidence store ${db.name} is empty: no run was ever recorded in it; point at the store that holds the evidence, or record a run into this one`);
  }
  if (readonly && version < OLDEST_READABLE_VERSION) {
    throw new Error(
      `evidence store ${db.name} has schema version ${version}, older than ${OLDEST_READABLE_VERSION}; open it once for writing to migrate it`,
    );
  }
}

/**
 * Brings the schema up to SCHEMA_VERSION. All pending migrations run in one IMMEDIATE
 * transaction, and the version is re-read inside it, so two writers opening a new file at the
 * same time cannot both apply version 1. `target` stops at an older version (tests build old stores with it).
 */
export function prepareSchema(db: Db, readonly: boolean, target = SCHEMA_VERSION): void {
  assertCompatible(db, readonly);
  if (readonly || userVersion(db) >= target) return;
  // `PRAGMA foreign_keys` is a no-op inside a transaction, so a table rebuild's switch-off wraps it.
  const rebuilds = MIGRATIONS.some((m) => m.version > userVersion(db) && m.version <= target && m.rebuildsTables === true);
  const foreignKeys = Number(db.pragma('foreign_keys', { simple: true }));
  if (rebuilds) db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      assertCompatible(db, false);
      const from = userVersion(db);
      // A reference that was already broken (a deleted blob) stays as it was, for verify to name; the rebuild adds none.
      const brokenBefore = rebuilds ? brokenReferences(db) : 0;
      for (const migration of MIGRATIONS) {
        if (migration.version <= from || migration.version > target) continue;
        try {
          if (migration.sql !== '') db.exec(migration.sql);
        } catch (err) {
          throw new Error(
            `evidence store ${db.name}: migration to schema ${migration.version} (${migration.description}) failed, so the store was left unchanged at schema ${from}: ` +
              `${(err as Error).message}. \`controlwatch verify\` (which reads it without migrating) names the damaged run.`,
            { cause: err },
          );
        }
        db.pragma(`user_version = ${migration.version}`);
      }
      if (rebuilds && brokenReferences(db) > brokenBefore) {
        throw new Error(`evidence store ${db.name}: migrating it would break references between its tables, so it was left unchanged at schema ${from}`);
      }
      db.pragma(`application_id = ${APPLICATION_ID}`);
    }).immediate();
  } finally {
    if (rebuilds) db.pragma(`foreign_keys = ${foreignKeys}`);
  }
  if (rebuilds) compactAfterRebuild(db, target);
}

/**
 * A rebuild copies its tables, so the old copies' pages are left free: a year's store (190 MB) became a
 * 358 MB file with 186 MB free. VACUUM gives them back (~5 s for that store; it needs that much free disk
 * for a moment). Run once, after the migration committed: if it fails, the migrated store is intact and the
 * next open does not retry; later runs reuse the free pages instead.
 */
function compactAfterRebuild(db: Db, version: number): void {
  if (Number(db.pragma('freelist_count', { simple: true })) === 0) return;
  try {
    db.exec('VACUUM');
  } catch (err) {
    throw new Error(
      `evidence store ${db.name} was migrated to schema ${version}, but compacting it afterwards failed (${(err as Error).message}); ` +
        'the store is intact and opens normally from now on, and later runs reuse the space the migration freed',
      { cause: err },
    );
  }
}

/** Rows whose foreign key points at no row (`PRAGMA foreign_key_check`, which works with enforcement off). */
function brokenReferences(db: Db): number {
  return (db.pragma('foreign_key_check') as unknown[]).length;
}
