import type Database from 'better-sqlite3';
import type { HashKeys } from './hash-keys.js';

type Db = Database.Database;

/** Stored blobs read in one go, in storage order: their keys, sizes and compressed bytes, packed. */
export interface StoredBatch {
  hashes: string[];
  sizes: number[];
  /** The stored (compressed) bytes, concatenated: blob i at `offsets[i]..offsets[i+1]`. */
  bytes: Uint8Array;
  offsets: Uint32Array;
}

/** Blob i of concatenated bytes (`offsets[i]..offsets[i+1]`), as a Buffer over the same memory. */
export function blobAt(bytes: Uint8Array, offsets: Uint32Array, i: number): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset + offsets[i]!, offsets[i + 1]! - offsets[i]!);
}

/** A batch from blobs given one by one (the row-by-row read; tests). */
export function packBatch(hashes: string[], sizes: number[], data: Uint8Array[]): StoredBatch {
  const offsets = new Uint32Array(data.length + 1);
  let total = 0;
  for (let i = 0; i < data.length; i += 1) {
    offsets[i] = total;
    total += data[i]!.length;
  }
  offsets[data.length] = total;
  const bytes = new Uint8Array(total);
  for (let i = 0; i < data.length; i += 1) bytes.set(data[i]!, offsets[i]!);
  return { hashes, sizes, bytes, offsets };
}

/**
 * Reads the blobs table in rowid order, `rows` at a time, inside the caller's read transaction.
 *
 * One aggregate query a batch: SQLite concatenates the batch's stored bytes, keys and sizes (group_concat, in rowid
 * order), so the batch arrives as one Buffer and three strings. Read row by row, better-sqlite3 makes a Buffer of
 * every blob, and those ~290,000 Buffers were most of the 1.4 s a year's `verify` took to read its blobs (0.5 s
 * this way, issue 15). The aggregate is taken only when it provably lines up with the rows: every row's data a
 * BLOB, its size an integer and its key 64 hex digits (group_concat skips NULLs and would shift what follows),
 * the counts and lengths adding up, and the rowids in order (ascending); otherwise (an edited file) that batch is
 * read row by row, as before. Even a misaligned batch could not pass a blob: its bytes would not hash to the key
 * they were paired with.
 */
export class BlobBatchReader {
  private readonly firstPacked: Database.Statement<[number]>;
  private readonly nextPacked: Database.Statement<[bigint, number]>;
  private readonly firstRows: Database.Statement<[number]>;
  private readonly nextRows: Database.Statement<[bigint, number]>;
  /** A UTF-16 file would convert the concatenated bytes as text: such a file is read row by row. */
  private readonly packedReads: boolean;
  private lastRowid: bigint | null = null;
  private ended = false;
  /** Batches read row by row (tests: an edited file falls back). */
  rowByRowBatches = 0;

  constructor(db: Db, keys: HashKeys, private readonly rows: number) {
    // Rowids as BigInt: a row planted with a rowid beyond 2^53 is still read once, not skipped or read twice.
    const columns = `rowid, ${keys.column('hash')}, size, data`;
    const packed = (where: string) =>
      db
        .prepare(
          `SELECT count(*) AS n, max(rowid) AS last, group_concat(rowid) AS rowids, group_concat(hash, '') AS hashes, ` +
            `group_concat(size) AS sizes, group_concat(octet_length(data)) AS lengths, CAST(group_concat(data, x'') AS BLOB) AS data, ` +
            `sum(typeof(data) <> 'blob' OR typeof(size) <> 'integer' OR length(hash) <> 64 OR hash GLOB '*[^0-9a-f]*') AS odd ` +
            `FROM (SELECT ${columns} FROM blobs ${where} ORDER BY rowid LIMIT ?)`,
        )
        .safeIntegers();
    this.firstPacked = packed('');
    this.nextPacked = packed('WHERE rowid > ?');
    this.firstRows = db.prepare(`SELECT ${columns} FROM blobs ORDER BY rowid LIMIT ?`).raw().safeIntegers();
    this.nextRows = db.prepare(`SELECT ${columns} FROM blobs WHERE rowid > ? ORDER BY rowid LIMIT ?`).raw().safeIntegers();
    this.packedReads = String(db.pragma('encoding', { simple: true })).toUpperCase() === 'UTF-8';
  }

  /** The next batch, or null once the table has been read to its end. */
  next(): StoredBatch | null {
    if (this.ended) return null;
    const batch = (this.packedReads ? this.readPacked() : null) ?? this.readRows();
    if (batch.hashes.length < this.rows) this.ended = true;
    return batch.hashes.length === 0 ? null : batch;
  }

  private readPacked(): StoredBatch | null {
    let row: { n: bigint; last: bigint | null; rowids: string | null; hashes: string | null; sizes: string | null; lengths: string | null; data: Buffer | null; odd: bigint | null };
    try {
      row = (this.lastRowid === null ? this.firstPacked.get(this.rows) : this.nextPacked.get(this.lastRowid, this.rows)) as typeof row;
    } catch {
      // e.g. a batch beyond SQLite's string length limit: read row by row.
      return null;
    }
    const n = Number(row.n);
    if (n === 0) return { hashes: [], sizes: [], bytes: new Uint8Array(0), offsets: new Uint32Array(1) };
    if (row.odd !== 0n || row.last === null || row.rowids === null || row.hashes === null || row.sizes === null || row.lengths === null || row.data === null) return null;
    if (!ascending(row.rowids, n)) return null;
    const sizes = row.sizes.split(',').map(Number);
    const lengths = row.lengths.split(',');
    if (row.hashes.length !== 64 * n || sizes.length !== n || lengths.length !== n) return null;
    const offsets = new Uint32Array(n + 1);
    let total = 0;
    for (let i = 0; i < n; i += 1) {
      offsets[i] = total;
      total += Number(lengths[i]);
    }
    offsets[n] = total;
    if (total !== row.data.length) return null;
    const hashes = new Array<string>(n);
    for (let i = 0; i < n; i += 1) hashes[i] = row.hashes.slice(64 * i, 64 * i + 64);
    this.lastRowid = row.last;
    return { hashes, sizes, bytes: row.data, offsets };
  }

  private readRows(): StoredBatch {
    this.rowByRowBatches += 1;
    const rows = (this.lastRowid === null ? this.firstRows.all(this.rows) : this.nextRows.all(this.lastRowid, this.rows)) as Array<[bigint, string, bigint, Buffer]>;
    if (rows.length > 0) this.lastRowid = rows[rows.length - 1]![0];
    return packBatch(
      rows.map((r) => r[1]),
      rows.map((r) => Number(r[2])),
      // An edited file may hold TEXT or NULL where the bytes belong: their text's bytes, or none, which do not
      // decompress to what hashes to the key (the verdict names it; a crash here would name nothing).
      rows.map((r) => (Buffer.isBuffer(r[3]) ? r[3] : Buffer.from(typeof r[3] === 'string' ? r[3] : ''))),
    );
  }
}

/**
 * Whether the aggregate took the batch's rows in rowid order: every group_concat of one query is fed the same rows in
 * the same order, which the subquery's ORDER BY gives them (a co-routine), though SQLite documents the order as
 * arbitrary without an ORDER BY inside the aggregate (that form sorts each batch in a temporary B-tree and cost more
 * than the Buffers it saves). So the order is checked, on the rowids: n of them, strictly ascending. A rowid beyond
 * 2^53 may compare equal as a double and send its batch to the row-by-row read, which is always right.
 */
function ascending(rowids: string, n: number): boolean {
  const ids = rowids.split(',');
  if (ids.length !== n) return false;
  let previous = -Infinity;
  for (const id of ids) {
    const value = Number(id);
    if (!(value > previous)) return false;
    previous = value;
  }
  return true;
}
