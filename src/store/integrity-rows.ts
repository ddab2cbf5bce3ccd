import type Database from 'better-sqlite3';
import { hasSchemaObject } from './schema-objects.js';

type Db = Database.Database;

/**
 * Schema version 4: Ed25519 signatures over seals and prune tombstones (src/integrity/ makes and
 * checks them; the store only keeps them).
 *
 * - `seal_signatures`: the signed bytes are exactly the run's seal string (UTF-8 hex), so
 *   `openssl pkeyutl -verify -rawin` checks one without controlwatch. Keyed by key fingerprint
 *   (SHA-256 of the public key's SPKI DER), so a rotated key's old signatures stay checkable.
 * - `tombstones`: what `prune` removed. `body` is canonical JSON and is the signed bytes; it names
 *   the last pruned seal, which the first kept run's prev_seal still points to.
 */
export const SCHEMA_V4 = `
CREATE TABLE seal_signatures (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  key_fingerprint TEXT NOT NULL CHECK (length(key_fingerprint) = 64),
  signature BLOB NOT NULL,
  PRIMARY KEY (run_id, key_fingerprint)
) WITHOUT ROWID;

CREATE TABLE tombstones (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  body TEXT NOT NULL,
  key_fingerprint TEXT NOT NULL CHECK (length(key_fingerprint) = 64),
  signature BLOB NOT NULL
);
`;

/** Signs bytes with the configured key (src/integrity/keys.ts makes one). */
export interface SealSigner {
  /** SHA-256 hex of the public key's SPKI DER. */
  readonly fingerprint: string;
  sign(bytes: Buffer): Buffer;
}

export interface SealSignatureRow {
  runId: number;
  keyFingerprint: string;
  signature: Buffer;
}

/** What prune removed, as signed (canonical JSON of this object is the tombstone's body). */
export interface TombstoneBody {
  v: 1;
  prunedAt: string;
  /** The --before cut-off: runs that started before it were removed. */
  before: string;
  firstRunId: number;
  lastRunId: number;
  runsRemoved: number;
  sealedRunsRemoved: number;
  /** The seal the first kept run's prev_seal points to (null if no sealed run was removed). */
  lastPrunedSeal: string | null;
  blobsRemoved: number;
}

export interface TombstoneRow {
  id: number;
  body: string;
  parsed: TombstoneBody | null;
  keyFingerprint: string;
  signature: Buffer;
}

const hasTable = (db: Db, name: string) => hasSchemaObject(db, 'table', name);

/** Reads of the version-4 tables; a version-3 file opened read-only has neither and reads as empty. */
export function readSealSignatures(db: Db): SealSignatureRow[] {
  if (!hasTable(db, 'seal_signatures')) return [];
  const rows = db.prepare('SELECT run_id, key_fingerprint, signature FROM seal_signatures ORDER BY run_id, key_fingerprint').all() as Array<{
    run_id: number;
    key_fingerprint: string;
    signature: Buffer;
  }>;
  return rows.map((r) => ({ runId: r.run_id, keyFingerprint: r.key_fingerprint, signature: r.signature }));
}

export function readTombstones(db: Db): TombstoneRow[] {
  if (!hasTable(db, 'tombstones')) return [];
  const rows = db.prepare('SELECT id, body, key_fingerprint, signature FROM tombstones ORDER BY id').all() as Array<{
    id: number;
    body: string;
    key_fingerprint: string;
    signature: Buffer;
  }>;
  return rows.map((r) => ({ id: r.id, body: r.body, parsed: parseBody(r.body), keyFingerprint: r.key_fingerprint, signature: r.signature }));
}

function parseBody(text: string): TombstoneBody | null {
  try {
    const v = JSON.parse(text) as TombstoneBody;
    const ints = [v.firstRunId, v.lastRunId, v.runsRemoved, v.sealedRunsRemoved, v.blobsRemoved];
    if (v.v !== 1 || !ints.every((n) => Number.isSafeInteger(n)) || (v.lastPrunedSeal !== null && typeof v.lastPrunedSeal !== 'string')) return null;
    return v;
  } catch {
    return null;
  }
}

export function insertSealSignature(db: Db, runId: number, signer: SealSigner, seal: string): void {
  db.prepare('INSERT INTO seal_signatures (run_id, key_fingerprint, signature) VALUES (?, ?, ?)').run(
    runId,
    signer.fingerprint,
    signer.sign(Buffer.from(seal, 'utf8')),
  );
}
