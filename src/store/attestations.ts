import type Database from 'better-sqlite3';
import { compress, toCanonicalBlob } from './blob-codec.js';
import { BlobRepository } from './blob-repository.js';
import { hashKeys } from './hash-keys.js';
import { openConnection } from './connection.js';
import { prepareSchema } from './migrations.js';
import { sha256Hex } from '../util/canonical.js';
import { assertTimestamp } from './timestamps.js';
import { hasSchemaObject } from './schema-objects.js';

type Db = Database.Database;

/**
 * Attestations of manual controls (`controlwatch attest`). Each is one row pointing at a record blob
 * (who, when, the note, and each attached file's name, SHA-256 and blob); each attached file is itself
 * a content-addressed blob holding the file's bytes. Rows are append-only. The next run stores every
 * attestation's record hash in its scope blob (src/programme/run-record.ts), so its seal covers them,
 * and `verify` rehashes every blob, attachments included. Table: schema-attestations.ts.
 */

export interface AttestationRow {
  readonly id: number;
  readonly control: string;
  readonly by: string;
  readonly recordedAt: string;
  readonly day: string;
  readonly recordHash: string;
}

export interface AttachedFile {
  readonly name: string;
  readonly sha256: string;
  readonly size: number;
  /** Content address of the blob holding the bytes. */
  readonly blob: string;
}

export interface AttestationRecord {
  readonly control: string;
  readonly by: string;
  readonly recordedAt: string;
  readonly day: string;
  readonly note: string | null;
  readonly files: readonly AttachedFile[];
}

export interface NewAttestation {
  readonly control: string;
  readonly by: string;
  readonly recordedAt: string;
  readonly day: string;
  readonly note: string | null;
  readonly files: readonly { readonly name: string; readonly bytes: Buffer }[];
}

interface AttachmentBlob {
  readonly attachment: { readonly name: string; readonly sha256: string; readonly size: number };
  readonly base64: string;
}

export class AttestationLedger {
  private blobRepository: BlobRepository | undefined;

  private constructor(private readonly db: Db) {}

  static open(path: string, opts: { readonly?: boolean } = {}): AttestationLedger {
    const readonly = opts.readonly ?? false;
    const db = openConnection(path, readonly);
    try {
      prepareSchema(db, readonly);
      return new AttestationLedger(db);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  close(): void {
    this.db.close();
  }

  /** A store migrated before attestations existed (read-only opens do not migrate) simply has none. */
  private hasTable(): boolean {
    return hasSchemaObject(this.db, 'table', 'attestations');
  }

  /** Stores the attached files and the record as blobs and appends the row, in one transaction. */
  record(a: NewAttestation): AttestationRow {
    assertTimestamp(a.recordedAt, 'attestation recordedAt');
    const blobs: { hash: string; size: number; data: Buffer }[] = [];
    const stage = (value: unknown) => {
      const { hash, bytes } = toCanonicalBlob(value);
      blobs.push({ hash, size: bytes.length, data: compress(bytes) });
      return hash;
    };
    const files: AttachedFile[] = a.files.map((f) => {
      const sha256 = sha256Hex(f.bytes);
      const blob = stage({ attachment: { name: f.name, sha256, size: f.bytes.length }, base64: f.bytes.toString('base64') } satisfies AttachmentBlob);
      return { name: f.name, sha256, size: f.bytes.length, blob };
    });
    const record: AttestationRecord = { control: a.control, by: a.by, recordedAt: a.recordedAt, day: a.day, note: a.note, files };
    const recordHash = stage({ attestation: record });
    const store = this.blobs();
    const insertRow = this.db.prepare(`INSERT INTO attestations (recorded_at, day, control, attested_by, record_hash) VALUES (?, ?, ?, ?, ${hashKeys(this.db).param})`);
    const id = this.db.transaction(() => {
      for (const b of blobs) store.insert(b.hash, b.size, b.data);
      return Number(insertRow.run(a.recordedAt, a.day, a.control, a.by, recordHash).lastInsertRowid);
    }).immediate();
    return { id, control: a.control, by: a.by, recordedAt: a.recordedAt, day: a.day, recordHash };
  }

  /** Every attestation, oldest first. */
  list(): AttestationRow[] {
    if (!this.hasTable()) return [];
    return this.db
      .prepare(`SELECT id, control, attested_by AS by, recorded_at AS recordedAt, day, ${hashKeys(this.db).column('record_hash', 'recordHash')} FROM attestations ORDER BY id`)
      .all() as AttestationRow[];
  }

  /** The record blob, checked against its hash. */
  read(recordHash: string): AttestationRecord {
    return (this.blob(recordHash) as { attestation: AttestationRecord }).attestation;
  }

  /** An attached file's bytes, checked against the blob hash and the file's own SHA-256. */
  attachment(file: AttachedFile): Buffer {
    const value = this.blob(file.blob) as AttachmentBlob;
    const bytes = Buffer.from(value.base64, 'base64');
    if (sha256Hex(bytes) !== file.sha256) throw new Error(`attachment ${file.name}: content does not hash to its recorded SHA-256 ${file.sha256}`);
    return bytes;
  }

  /** A blob, checked against its hash (BlobRepository.get). */
  private blob(hash: string): unknown {
    return this.blobs().get<unknown>(hash);
  }

  /** The store's blob table, made when first needed (its statements need the schema this ledger was opened with). */
  private blobs(): BlobRepository {
    this.blobRepository ??= new BlobRepository(this.db);
    return this.blobRepository;
  }
}
