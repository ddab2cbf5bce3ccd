import { accessSync, closeSync, constants, copyFileSync, existsSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { assertEvidenceStore } from './migrations.js';

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
 *
 * Order matters: the file is identified as ours (application_id, schema) before any pragma that writes,
 * so a foreign SQLite file is refused unchanged (never switched to WAL, no -wal/-shm left behind).
 * Read-only opens set only connection-level pragmas (busy_timeout, synchronous, foreign_keys), which
 * write nothing. Every SQLite error is re-worded to name the path and say what to do.
 */
export function openConnection(path: string, readonly: boolean): Db {
  if (readonly && !existsSync(path)) {
    throw new Error(`evidence store not found: ${path} (a read-only open never creates one)`);
  }
  const dir = dirname(resolve(path));
  if (!readonly && !existsSync(dir)) {
    throw new Error(`evidence store directory does not exist: ${dir} (create it, or set store.path to a file in an existing directory)`);
  }
  if (!readonly && path !== ':memory:' && path !== '' && !existsSync(path)) createOwnerOnly(path);
  const source = readonly ? readableSource(path) : { file: path, cleanup: () => {} };
  let db: Db;
  try {
    db = new Database(source.file, { readonly, fileMustExist: readonly });
  } catch (err) {
    source.cleanup();
    throw explainStoreError(err, path);
  }
  try {
    assertEvidenceStore(db);
    applyPragmas(db, readonly);
  } catch (err) {
    db.close();
    source.cleanup();
    throw explainStoreError(err, path);
  }
  if (source.file !== path) {
    // The private copy lives as long as the connection: removed when it is closed.
    const close = db.close.bind(db);
    db.close = () => {
      close();
      source.cleanup();
      return db;
    };
  }
  return db;
}

/**
 * What a read-only open reads. SQLite can read a WAL database only if its -shm file exists or can be
 * created next to it (sqlite.org/wal.html, "Read-Only Databases"); the documented alternative, the
 * `immutable=1` URI parameter, is out of reach because better-sqlite3 opens without SQLITE_OPEN_URI.
 * So when the directory cannot be written (a read-only medium, an auditor's copy they do not own) and no
 * -shm is there, the store is read from a private copy (with its -wal) in the temp directory: the same
 * bytes, verified the same way, and the original is never touched.
 */
function readableSource(path: string): { file: string; cleanup: () => void } {
  if (existsSync(`${path}-shm`) || writable(dirname(resolve(path)))) return { file: path, cleanup: () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'controlwatch-ro-'));
  const copy = join(dir, basename(path));
  try {
    copyFileSync(path, copy);
    if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw explainStoreError(err, path);
  }
  return { file: copy, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A new store is created readable and writable by its owner only (0600, whatever the umask): evidence names
 * every user, key and bucket of the estate. SQLite gives its -wal and -shm files the database file's mode.
 * An empty file is what SQLite expects of a new database.
 */
function createOwnerOnly(path: string): void {
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return; // created meanwhile by another writer
    throw explainStoreError(err, path);
  }
}

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** SQLite result codes (better-sqlite3's SqliteError.code) → what the user should do, with the path. */
const ADVICE: readonly [RegExp, string][] = [
  [/^SQLITE_NOTADB/, 'is not a SQLite database, or its header is damaged: restore it from a copy, or point store.path at the evidence store'],
  [/^SQLITE_CORRUPT/, 'is damaged (corrupt page): restore it from a copy; `controlwatch verify` on the copy shows which runs are intact'],
  [/^SQLITE_FULL/, 'could not be written: the disk (or file system quota) is full; free space and retry — sealed runs are intact'],
  [/^SQLITE_IOERR/, 'could not be read or written (disk I/O error): check the disk and the file system, then retry'],
  [/^SQLITE_CANTOPEN/, 'cannot be opened: check that the file and its directory exist and are readable by this user'],
  [/^SQLITE_READONLY/, 'cannot be written by this user or on this medium: use a read command (verify, report), or fix the permissions'],
  [/^SQLITE_PERM|^EACCES|^EPERM/, 'cannot be accessed by this user: fix the file or directory permissions'],
  [/^ENOSPC/, 'could not be copied or written: the disk is full; free space and retry'],
];

/** The same error, re-worded to name the store's path and say what to do (messages that already do are kept). */
export function explainStoreError(err: unknown, path: string): Error {
  if (!(err instanceof Error)) return new Error(`evidence store ${path}: ${String(err)}`);
  const code = (err as { code?: unknown }).code;
  const advice = typeof code === 'string' ? ADVICE.find(([re]) => re.test(code))?.[1] : undefined;
  if (advice === undefined) return err.message.includes(path) || err.message.includes(resolve(path)) ? err : new Error(`evidence store ${path}: ${err.message}`, { cause: err });
  return new Error(`evidence store ${path} ${advice} (${err.message})`, { cause: err });
}

/**
 * Page size of a NEW store, in bytes (SQLite's default is 4096). The blobs table is append-only and most of the
 * store: with larger pages less of each page is left over at its end, and fewer blobs spill into overflow pages
 * whose last page is partly empty. A 30-day run of the estate benchmark's default size (`npm run bench -- --size 1
 * --days 30`): 25.82 MB at 4096, 24.84 MB at 16384 (-3.8 %); report, period, sample and verify times on both files
 * did not differ beyond the machine's noise. Existing files keep their page size (changing it takes a VACUUM in
 * rollback-journal mode); it must be set before the first page is written, which switching to WAL already does.
 */
const NEW_STORE_PAGE_SIZE = 16_384;

function applyPragmas(db: Db, readonly: boolean): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  if (!readonly && Number(db.pragma('page_count', { simple: true })) === 0) db.pragma(`page_size = ${NEW_STORE_PAGE_SIZE}`);
  // WAL is a property of the file: a reader cannot switch it (SQLite answers "attempt to write a
  // readonly database"), so a reader only checks it below; writers set it.
  if (!readonly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');

  const journal = String(db.pragma('journal_mode', { simple: true })).toLowerCase();
  if (journal !== 'wal') {
    if (readonly && Number(db.pragma('user_version', { simple: true })) === 0) {
      // Never initialised (e.g. its creation was cut short by a full disk): "switch it to WAL" would mislead.
      throw new Error(`evidence store ${db.name} is empty: no run was ever recorded in it; point at the store that holds the evidence, or record a run into this one`);
    }
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
