import { copyFileSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compress, toCanonicalBlob } from '../../src/store/blob-codec.js';
import { EvidenceStore } from '../../src/store/index.js';
import { StoreQueries } from '../../src/store/queries.js';
import { verifyStore, type VerifyOptions } from '../../src/store/verify.js';
import { hashJson } from '../../src/util/canonical.js';
import { manyUsers, sealedRun, tempDb, withFlippedMfa } from './fixtures.js';

/**
 * verify reads blobs in storage order and checks them on worker threads for a large store (blob-scan.ts,
 * blob-checkers.ts). Whatever the path (inline, one or two workers), the report must be the same, word for word,
 * with a damaged blob still blamed on the first sealed run that reaches it.
 */
describe('verify on worker threads', () => {
  // 1,500 users: over a thousand blobs on day 1, so the scan reads several batches.
  const USERS = manyUsers(1_500);
  const DAY2 = withFlippedMfa(USERS, 700);
  const DAY3 = withFlippedMfa(DAY2, 10);
  let base: { path: string; dir: string; cleanup: () => void };
  let n = 0;

  beforeAll(() => {
    base = tempDb();
    const store = EvidenceStore.open(base.path);
    sealedRun(store, 1, USERS);
    sealedRun(store, 2, DAY2);
    sealedRun(store, 3, DAY3);
    sealedRun(store, 4, DAY3);
    store.close();
  });
  afterAll(() => base.cleanup());

  /** A copy of the four-run store, tampered with through a plain SQLite connection (keys bound as stored). */
  function tamperedCopy(...edits: Array<(db: Database.Database, key: string) => void>): string {
    n += 1;
    const path = `${base.dir}/copy-${n}.db`;
    copyFileSync(base.path, path);
    const db = new Database(path);
    db.pragma('foreign_keys = OFF');
    const binary = (db.prepare(`SELECT type FROM pragma_table_info('blobs') WHERE name = 'hash'`).pluck().get() as string).toUpperCase() === 'BLOB';
    for (const edit of edits) edit(db, binary ? 'unhex(?)' : '?');
    db.close();
    return path;
  }

  function verifyOn(path: string, options: VerifyOptions) {
    const db = new Database(path, { readonly: true });
    try {
      return verifyStore(db, new StoreQueries(db), options);
    } finally {
      db.close();
    }
  }

  /** The same report inline and on one and two workers; returns it. */
  function verifyEveryWay(path: string) {
    const inline = verifyOn(path, { blobWorkers: 0 });
    expect(verifyOn(path, { blobWorkers: 1 })).toEqual(inline);
    expect(verifyOn(path, { blobWorkers: 2 })).toEqual(inline);
    return inline;
  }

  /** The stored blob whose decompressed JSON mentions `text` and is not itself the observation. */
  function blobMentioning(path: string, text: string, exclude: string): string {
    const db = new Database(path, { readonly: true });
    try {
      const column = (db.prepare(`SELECT type FROM pragma_table_info('blobs') WHERE name = 'hash'`).pluck().get() as string).toUpperCase() === 'BLOB' ? 'lower(hex(hash))' : 'hash';
      for (const row of db.prepare(`SELECT ${column} AS hash, data FROM blobs ORDER BY rowid`).iterate() as Iterable<{ hash: string; data: Buffer }>) {
        if (row.hash !== exclude && brotliDecompressSync(row.data).toString('utf8').includes(text)) return row.hash;
      }
      throw new Error(`no blob mentions ${text}`);
    } finally {
      db.close();
    }
  }

  it('an untouched store: valid on every path, every blob counted', () => {
    const report = verifyEveryWay(base.path);
    expect(report.ok).toBe(true);
    expect(report.problems).toEqual([]);
    expect(report.blobsChecked).toBeGreaterThan(1_500);
  });

  it('an observation forged after run 2 first used it is blamed on run 2, not on the runs that share it', () => {
    const victim = hashJson(DAY2[700]);
    const forged = Buffer.from(JSON.stringify({ ...DAY2[700], attributes: { mfaEnabled: true } }));
    const path = tamperedCopy((db, key) => db.prepare(`UPDATE blobs SET data = ? WHERE hash = ${key}`).run(compress(forged), victim));
    const report = verifyEveryWay(path);
    expect(report.ok).toBe(false);
    expect(report.firstBadRun?.id).toBe(2);
    expect(report.problems).toEqual([expect.stringMatching(new RegExp(`^run 2: manifest of aws-iam / .*: observation .*u0700: blob ${victim} content does not hash to its key$`))]);
    expect(report.runs.map((r) => r.verdict)).toEqual(['valid', 'INVALID', 'valid', 'valid']);
  });

  it('a manifest chunk first written by run 3 that no longer decompresses is blamed on run 3', () => {
    const changed = hashJson(DAY3[10]);
    const chunk = blobMentioning(base.path, changed, changed);
    const path = tamperedCopy((db, key) => db.prepare(`UPDATE blobs SET data = ? WHERE hash = ${key}`).run(Buffer.from('not brotli'), chunk));
    const report = verifyEveryWay(path);
    expect(report.firstBadRun?.id).toBe(3);
    expect(report.problems.some((p) => p.startsWith('run 3: ') && p.includes(`blob ${chunk} does not decompress (`))).toBe(true);
    expect(report.runs.map((r) => r.verdict)).toEqual(['valid', 'valid', 'INVALID', 'valid']);
  });

  it('a deleted observation is missing for run 1, and a planted blob that no run reaches is still named', () => {
    const deleted = hashJson(USERS[3]);
    const planted = toCanonicalBlob({ planted: true });
    const path = tamperedCopy(
      (db, key) => db.prepare(`DELETE FROM blobs WHERE hash = ${key}`).run(deleted),
      // Planted under a key its bytes do not hash to.
      (db, key) => db.prepare(`INSERT INTO blobs (hash, size, data) VALUES (${key}, ?, ?)`).run('ab'.repeat(32), planted.bytes.length, compress(planted.bytes)),
    );
    const report = verifyEveryWay(path);
    expect(report.firstBadRun?.id).toBe(1);
    expect(report.problems).toContainEqual(expect.stringMatching(new RegExp(`^run 1: .*observation .*u0003: blob ${deleted} is missing$`)));
    expect(report.problems).toContainEqual(`blob ${'ab'.repeat(32)} content does not hash to its key (not referenced by any sealed run)`);
  });

  it('a blob whose bytes a worker did not send (an observation) is read again when the walk parses it as a manifest', () => {
    // Planted intact, reached by no run before: the walk first meets it as run 4's manifest.
    const planted = toCanonicalBlob({ attributes: { mfaEnabled: true }, id: 'planted' });
    const observation = planted.hash;
    const path = tamperedCopy(
      (db, key) => db.prepare(`INSERT INTO blobs (hash, size, data) VALUES (${key}, ?, ?)`).run(observation, planted.bytes.length, compress(planted.bytes)),
      (db, key) => db.prepare(`UPDATE collections SET manifest_hash = ${key} WHERE run_id = 4`).run(observation),
    );
    const report = verifyEveryWay(path);
    expect(report.firstBadRun?.id).toBe(4);
    expect(report.problems).toContainEqual(expect.stringMatching(new RegExp(`^run 4: blob ${observation}: manifest of aws-iam / .* is not a manifest$`)));
  });

  it('a worker that fails makes verify fail with an error, never a pass', () => {
    const failing = `
      const { workerData } = process.getBuiltinModule('node:worker_threads');
      workerData.port.on('message', () => { throw new Error('decoder exploded'); });`;
    expect(() => verifyOn(base.path, { blobWorkers: 1, blobWorkerSource: failing })).toThrow(/blob check worker 0 exited before answering/);
    const answersFailure = `
      const { workerData } = process.getBuiltinModule('node:worker_threads');
      workerData.port.on('message', (b) => postAnswer({ seq: b.seq, failure: 'out of memory' }));`;
    expect(() => verifyOn(base.path, { blobWorkers: 1, blobWorkerSource: answersFailure })).toThrow(/blob check worker failed: out of memory/);
  });
});
