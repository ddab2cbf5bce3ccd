import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';

type Db = Database.Database;

/** How long a connection waits for another writer's lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

/** `PRAGMA synchronous` value for FULL. */
const SYNCHRONOUS_FULL = 2;

/**
 * Opens a connection and puts it in the durability mode the evidence depends on.
 * Every pragma that matters is read back: SQLite ignores some silently (a WAL database reopened
 * falls back to synchronous=NORMAL, a read-only connection cannot switch a file to WAL), and a
 * store that believes it is durable when it is not would lose sealed evidence on power loss.
 */
export function openConnection(path: string, readonly: boolean): Db {
  if (readonly && !existsSync(path)) {
    throw new Error(`evidence store not found: ${path} (a read-only open never creates one)`);
  }
  const db = new Database(path, { readonly, fileMustExist: readonly });
  try {
    applyPragmas(db, readonly);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

function applyPragmas(db: Db, readonly: boolean): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // WAL is a property of the file: a reader cannot switch it (SQLite answers "attempt to write a
  // readonly database"), so a reader only checks it below; writers set it.
  if (!readonly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');

  const journal = String(db.pragma('journal_mode', { simple: true })).toLowerCase();
  if (journal !== 'wal') {
    const hint = readonly ? '; open it once for writing to switch it to WAL' : '';
    throw new Error(`evidence store: journal_mode is '${journal}', expected 'wal' (${db.name})${hint}`);
  }
  const synchronous = Number(db.pragma('synchronous', { simple: true }));
  if (synchronous !== SYNCHRONOUS_FULL) {
    throw new Error(`evidence store: synchronous is ${synchronous}, expected ${SYNCHRONOUS_FULL} (FULL) (${db.name})`);
  }
  const foreignKeys = Number(db.pragma('foreign_keys', { simple: true }));
  if (foreignKeys !== 1) {
    throw new Error(`evidence store: foreign_keys could not be enabled (${db.name})`);
  }
}
