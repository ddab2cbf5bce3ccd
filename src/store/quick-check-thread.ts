import { createRequire } from 'node:module';
import { SyncWorker } from './sync-worker.js';

/** Resolved here, where the package resolves, so the worker (evaluated source, no module path) loads the same one. */
const SQLITE_PACKAGE = createRequire(import.meta.url).resolve('better-sqlite3');

/** How long `result` waits for the check (a year's store takes well under a second; a huge one, minutes). */
const QUICK_CHECK_TIMEOUT_MS = 30 * 60_000;

/**
 * The code the thread runs (plain JavaScript, sync-worker.ts): SQLite's quick_check on its own read-only connection
 * to the file. workerData (besides sync-worker's): `{ sqlite, file }`, the resolved path of better-sqlite3 and the
 * database file. Answers `{ result }` (quick_check's first row, 'ok' when the file is sound) or `{ failure }`.
 */
export const QUICK_CHECK_WORKER_SOURCE = String.raw`
'use strict';
const { workerData } = process.getBuiltinModule('node:worker_threads');
const { createRequire } = process.getBuiltinModule('node:module');
const { sqlite, file } = workerData;
let db;
try {
  const Database = createRequire(sqlite)(sqlite);
  db = new Database(file, { readonly: true, fileMustExist: true });
  postAnswer({ result: String(db.pragma('quick_check', { simple: true })) });
} catch (err) {
  postAnswer({ failure: String((err && err.message) || err) });
} finally {
  if (db) db.close();
}
`;

/**
 * SQLite's quick_check of a store file, on a thread of its own, started before verify walks the blobs and taken
 * after: the walk's thread and the blob-check worker are each busy for seconds on a year's store, and quick_check
 * (~0.4 s of reading and checking every page) then no longer sits on the walk's path (issue 15). The thread reads
 * its own WAL snapshot, apart from the walk's by milliseconds: quick_check checks the file's structure, which a
 * commit in between does not make sound or unsound. A thread that cannot check (it failed to start or to open the
 * file) answers null, and the caller checks on its own connection.
 */
export class QuickCheckThread {
  private readonly worker: SyncWorker;

  /** `file`: the database file the caller's connection opened (better-sqlite3's `db.name`); `source` replaces the worker's code (tests). */
  constructor(file: string, source = QUICK_CHECK_WORKER_SOURCE) {
    this.worker = new SyncWorker(source, { sqlite: SQLITE_PACKAGE, file });
  }

  /** quick_check's answer ('ok' when sound), or null when this thread could not check. */
  result(): string | null {
    try {
      const answer = this.worker.receive('quick check worker', QUICK_CHECK_TIMEOUT_MS).message as { result?: unknown; failure?: unknown };
      return typeof answer.result === 'string' ? answer.result : null;
    } catch {
      return null;
    } finally {
      this.worker.close();
    }
  }

  close(): void {
    this.worker.close();
  }
}
