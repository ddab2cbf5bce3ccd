import { copyFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobBatchReader, blobAt, type StoredBatch } from '../../src/store/blob-batch-reader.js';
import { hashKeys } from '../../src/store/hash-keys.js';
import { EvidenceStore } from '../../src/store/index.js';
import { StoreQueries } from '../../src/store/queries.js';
import { verifyStore } from '../../src/store/verify.js';
import { hashJson } from '../../src/util/canonical.js';
import { manyUsers, sealedRun, tempDb, withFlippedMfa } from './fixtures.js';

/**
 * verify reads the blobs table a batch at a time in one aggregate query (blob-batch-reader.ts), and row by row
 * wherever the aggregate might not line up with the rows. Either way every row arrives once, in rowid order, with
 * its own key, size and bytes.
 */
describe('blob batch reader', () => {
  const USERS = manyUsers(300);
  let base: { path: string; dir: string; cleanup: () => void };
  let n = 0;

  beforeAll(() => {
    base = tempDb();
    const store = EvidenceStore.open(base.path);
    sealedRun(store, 1, USERS);
    sealedRun(store, 2, withFlippedMfa(USERS, 7));
    store.close();
  });
  afterAll(() => base.cleanup());

  function copy(edit?: (db: Database.Database) => void): string {
    n += 1;
    const path = `${base.dir}/copy-${n}.db`;
    copyFileSync(base.path, path);
    if (edit) {
      const db = new Database(path);
      edit(db);
      db.close();
    }
    return path;
  }

  /** Every batch the reader gives, and how many it read row by row. */
  function readAll(path: string, rows: number): { batches: StoredBatch[]; rowByRow: number } {
    const db = new Database(path, { readonly: true });
    try {
      const reader = new BlobBatchReader(db, hashKeys(db), rows);
      const batches: StoredBatch[] = [];
      for (let b = reader.next(); b !== null; b = reader.next()) batches.push(b);
      return { batches, rowByRow: reader.rowByRowBatches };
    } finally {
      db.close();
    }
  }

  /** The rows as a plain row-by-row query reads them: key, size, bytes as hex. */
  function plainRows(path: string): Array<[string, number, string]> {
    const db = new Database(path, { readonly: true });
    try {
      const rows = db.prepare(`SELECT ${hashKeys(db).column('hash')}, size, data FROM blobs ORDER BY rowid`).raw().all() as Array<[string, number, unknown]>;
      // Sizes as the old row-by-row read took them: Number() of whatever the column holds.
      return rows.map(([hash, size, data]) => [hash, Number(size), Buffer.isBuffer(data) ? data.toString('hex') : Buffer.from(typeof data === 'string' ? data : '').toString('hex')]);
    } finally {
      db.close();
    }
  }

  function flatten(batches: StoredBatch[]): Array<[string, number, string]> {
    return batches.flatMap((b) => b.hashes.map((hash, i): [string, number, string] => [hash, b.sizes[i]!, blobAt(b.bytes, b.offsets, i).toString('hex')]));
  }

  it('an untouched store: every batch in one query, the same rows as a plain read, in order', () => {
    const path = copy();
    const plain = plainRows(path);
    expect(plain.length).toBeGreaterThan(300);
    for (const rows of [1, 7, 64, 1024]) {
      const { batches, rowByRow } = readAll(path, rows);
      expect(rowByRow, `${rows} rows a batch`).toBe(0);
      expect(flatten(batches)).toEqual(plain);
      expect(batches.slice(0, -1).every((b) => b.hashes.length === rows)).toBe(true);
    }
  });

  it('rows an aggregate would skip or misread (NULL or TEXT bytes, a short key, a size that is not an integer) are read row by row, and verify names each', () => {
    const victims = [hashJson(USERS[3]), hashJson(USERS[40]), hashJson(USERS[80]), hashJson(USERS[120])];
    const path = copy((db) => {
      db.pragma('writable_schema = ON');
      // The file's own constraints would refuse these edits; an attacker edits the file, not through them.
      db.pragma('ignore_check_constraints = ON');
      db.prepare(`UPDATE blobs SET data = 'text, not bytes' WHERE hash = unhex(?)`).run(victims[0]);
      db.prepare(`UPDATE blobs SET size = 'large' WHERE hash = unhex(?)`).run(victims[1]);
      db.prepare(`UPDATE blobs SET size = 12.5 WHERE hash = unhex(?)`).run(victims[2]);
      db.prepare(`UPDATE blobs SET hash = unhex(?) WHERE hash = unhex(?)`).run(victims[3]!.slice(0, 62), victims[3]);
    });
    const { batches, rowByRow } = readAll(path, 64);
    expect(rowByRow).toBeGreaterThan(0);
    expect(rowByRow).toBeLessThan(batches.length);
    expect(flatten(batches)).toEqual(plainRows(path));

    const db = new Database(path, { readonly: true });
    try {
      // Word for word the same on a worker as inline (a key of the wrong length once shifted the worker's keys).
      expect(verifyStore(db, new StoreQueries(db), { blobWorkers: 1 })).toEqual(verifyStore(db, new StoreQueries(db), { blobWorkers: 0 }));
      for (const blobWorkers of [0, 1]) {
        const report = verifyStore(db, new StoreQueries(db), { blobWorkers });
        expect(report.ok).toBe(false);
        expect(report.firstBadRun?.id).toBe(1);
        for (const victim of victims.slice(0, 3)) expect(report.problems.some((p) => p.includes(`blob ${victim} `)), `${victim} named (${blobWorkers} workers)`).toBe(true);
        expect(report.problems.some((p) => p.includes(`blob ${victims[3]} is missing`))).toBe(true);
      }
    } finally {
      db.close();
    }
  });
});
