/**
 * The code a seal-check worker thread runs (seal-check-thread.ts): for a read command's runs, SQLite builds each
 * run's collection and result-set rows as seal material text (the statements of queries.ts sealTextSql, on the
 * worker's own read-only connection, with each run's per-check counts) and the worker hashes each run's
 * material (for a run sealed with version 2, its check lines stand where version 1 has its result-set rows), its texts placed between the parts the calling thread cut from the run's header (seal.ts
 * sealTextParts). That is most of a year's seal check (~200 of ~230 ms at the default size, issue 15), shared
 * with the calling thread: each side claims the next span of runs from a shared counter, so whichever has room
 * does it. What a digest means is decided on the calling thread (seal-check.ts), against the seal it read.
 *
 * Plain JavaScript run by sync-worker.ts (see there why source, and how a package is loaded).
 *
 * workerData (besides sync-worker's): `{ sqlite, file, collectionsSql, resultSetsSql, spans, next }` (`resultSetsSql`
 * a list: one statement per seal version): `sqlite`
 * the resolved path of better-sqlite3, `file` the database file the calling connection opened, `spans` the run
 * id ranges `{ first, last, ids, parts }` with three strings in `parts` per id of `ids`, `next` an Int32Array
 * on shared memory whose element 0 is the next span to claim (Atomics.add; a claim past the end: none left).
 * Answers: `{ span, digests, counts }` per span claimed here: `digests` the runs' SHA-256 hex digests
 * concatenated in `ids` order, `counts` each run's counts JSON (null: it has no result set); or digests null
 * when SQLite could not print the span's rows as JSON (json_object refuses a BLOB value, which only an edited
 * row holds). Then `{ done: true }`; or `{ failure }` when the check could not be done at all.
 */
export const SEAL_CHECK_WORKER_SOURCE = String.raw`
'use strict';
const { workerData } = process.getBuiltinModule('node:worker_threads');
const { createRequire } = process.getBuiltinModule('node:module');
const crypto = process.getBuiltinModule('node:crypto');
const { sqlite, file, collectionsSql, resultSetsSql, spans, next } = workerData;

let db;
try {
  const Database = createRequire(sqlite)(sqlite);
  db = new Database(file, { readonly: true, fileMustExist: true });
  const collections = db.prepare(collectionsSql).raw(true);
  // One statement per seal version (version-1 rows, version-2 check lines); a run is answered by one of them.
  const resultSets = resultSetsSql.map((sql) => db.prepare(sql).raw(true));
  // One read transaction: every span is read from the same WAL snapshot.
  db.exec('BEGIN');
  for (let s = Atomics.add(next, 0, 1); s < spans.length; s = Atomics.add(next, 0, 1)) {
    const { first, last, ids, parts } = spans[s];
    let collectionTexts;
    let resultSetRows;
    try {
      collectionTexts = new Map(collections.all(first, last).map((row) => [row[0], row[1]]));
      resultSetRows = new Map(resultSets.flatMap((statement) => statement.all(first, last)).map((row) => [row[0], row]));
    } catch {
      postAnswer({ span: s, digests: null, counts: [] });
      continue;
    }
    let digests = '';
    const counts = [];
    for (let i = 0; i < ids.length; i += 1) {
      const row = resultSetRows.get(ids[i]);
      digests += crypto
        .createHash('sha256')
        .update(parts[3 * i])
        .update(collectionTexts.get(ids[i]) ?? '[]')
        .update(parts[3 * i + 1])
        .update(row ? row[1] : '[]')
        .update(parts[3 * i + 2])
        .digest('hex');
      counts.push(row ? row[2] : null);
    }
    postAnswer({ span: s, digests, counts });
  }
  db.exec('COMMIT');
  postAnswer({ done: true });
} catch (err) {
  postAnswer({ failure: err instanceof Error ? err.message : String(err) });
} finally {
  if (db) db.close();
}
`;
