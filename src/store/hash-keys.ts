import type Database from 'better-sqlite3';

type Db = Database.Database;

/**
 * How a store file holds content hashes (the key of `blobs` and every column that references it).
 *
 * Schema 8 stores them as 32-byte BLOBs: half the bytes of 64-character hex TEXT in the blobs table, its
 * primary-key index and every collection, result-set, run and attestation row (issue 15: ~10 % of a year's
 * store). Files at schema 7 or older, which a read-only open does not migrate, still hold hex TEXT.
 *
 * Everything above the SQL keeps lowercase hex strings — seals hash those exactly as before, so seals written
 * before the migration still verify — and the conversion happens in the SQL text only: a hash column is read
 * through `column()` and a hash is bound through `param`.
 */
export interface HashKeys {
  /** True when the file stores 32-byte BLOB keys (schema 8 and later). */
  readonly binary: boolean;
  /** A select-list item reading a hash column as lowercase hex, named `alias` (default: the column's name). */
  column(name: string, alias?: string): string;
  /** A bound parameter's SQL: a lowercase hex string becomes the stored key (unhex() gives NULL for non-hex, which matches nothing). */
  readonly param: string;
  /** An expression turning a hex text expression (e.g. json_each's `value`) into the stored key. */
  key(expression: string): string;
}

const TEXT_KEYS: HashKeys = {
  binary: false,
  column: (name, alias) => (alias === undefined ? name : `${name} AS ${alias}`),
  param: '?',
  key: (expression) => expression,
};

const BLOB_KEYS: HashKeys = {
  binary: true,
  column: (name, alias = name) => `lower(hex(${name})) AS ${alias}`,
  param: 'unhex(?)',
  key: (expression) => `unhex(${expression})`,
};

/** The key form of this file, read from the declared type of `blobs.hash` (a file without tables yet reads as text). */
export function hashKeys(db: Db): HashKeys {
  const row = db.prepare(`SELECT type FROM pragma_table_info('blobs') WHERE name = 'hash'`).get() as { type: string } | undefined;
  return row?.type.toUpperCase() === 'BLOB' ? BLOB_KEYS : TEXT_KEYS;
}
