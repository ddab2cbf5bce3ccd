import type Database from 'better-sqlite3';
import { compress, openBlob, toCanonicalBlob, type CanonicalBlob } from './blob-codec.js';
import { hashKeys } from './hash-keys.js';

type Db = Database.Database;

interface BlobRow {
  size: number;
  data: Buffer;
}

interface PendingBlob {
  hash: string;
  size: number;
  data: Buffer;
}

/**
 * Blobs to write with a run. Staging happens before the write transaction (hashing and
 * compression are the slow part, and the write lock should be short); blobs already in the store
 * — the common case, an unchanged resource — are never compressed again.
 *
 * Whether the store holds a blob is asked in groups of CHECK_GROUP hashes (one statement per group,
 * not one per blob: per-call overhead was most of a no-change day's existence checks, issue 15); a
 * group's canonical bytes are held only until its answer, so memory stays bounded by the group.
 */
export class BlobBatch {
  private readonly pending = new Map<string, PendingBlob>();
  private readonly seen = new Set<string>();
  private unchecked: CanonicalBlob[] = [];

  constructor(private readonly repo: BlobRepository) {}

  /** Returns the value's hash; queues it for writing unless the store already holds it. */
  stage(value: unknown): string {
    return this.stageCanonical(toCanonicalBlob(value));
  }

  /** stage() for a value already in canonical form (its hash and bytes computed by the caller). */
  stageCanonical(blob: CanonicalBlob): string {
    if (!this.seen.has(blob.hash)) {
      this.seen.add(blob.hash);
      this.unchecked.push(blob);
      if (this.unchecked.length >= CHECK_GROUP) this.settle();
    }
    return blob.hash;
  }

  /** Call inside the run's transaction. INSERT OR IGNORE: another writer may have stored it meanwhile. */
  write(): void {
    this.settle();
    for (const blob of this.pending.values()) this.repo.insert(blob.hash, blob.size, blob.data);
  }

  /** Compresses the staged blobs the store does not hold yet; forgets the others. */
  private settle(): void {
    if (this.unchecked.length === 0) return;
    const held = this.repo.existing(this.unchecked.map((b) => b.hash));
    for (const { hash, bytes } of this.unchecked) {
      if (!held.has(hash)) this.pending.set(hash, { hash, size: bytes.length, data: compress(bytes) });
    }
    this.unchecked = [];
  }
}

/** Hashes per existence query: large enough to amortize a statement, small enough to bound held bytes. */
const CHECK_GROUP = 512;

/** Reads and writes the content-addressed `blobs` table. */
export class BlobRepository {
  private readonly insertStmt: Database.Statement<[string, number, Buffer]> | undefined;
  private readonly selectStmt: Database.Statement<[string], BlobRow>;
  private readonly existsStmt: Database.Statement<[string], { one: number }>;
  private readonly existingStmt: Database.Statement<[string], string>;

  constructor(db: Db) {
    const keys = hashKeys(db);
    this.insertStmt = db.readonly
      ? undefined
      : db.prepare(`INSERT OR IGNORE INTO blobs (hash, size, data) VALUES (${keys.param}, ?, ?)`);
    this.selectStmt = db.prepare(`SELECT size, data FROM blobs WHERE hash = ${keys.param}`);
    this.existsStmt = db.prepare(`SELECT 1 AS one FROM blobs WHERE hash = ${keys.param}`);
    // The hashes travel as one JSON array (json_each): one statement for a group, whatever its size.
    this.existingStmt = db
      .prepare<[string], string>(`SELECT ${keys.column('hash')} FROM blobs WHERE hash IN (SELECT ${keys.key('value')} FROM json_each(?))`)
      .pluck();
  }

  has(hash: string): boolean {
    return this.existsStmt.get(hash) !== undefined;
  }

  /** Which of `hashes` the store holds. */
  existing(hashes: readonly string[]): Set<string> {
    return new Set(this.existingStmt.all(JSON.stringify(hashes)));
  }

  insert(hash: string, size: number, data: Buffer): void {
    if (!this.insertStmt) throw new Error('evidence store is open read-only');
    this.insertStmt.run(hash, size, data);
  }

  batch(): BlobBatch {
    return new BlobBatch(this);
  }

  /**
   * Decompresses and parses a blob, checking it against its hash first: a report built from
   * edited evidence must fail, not quietly show the edit.
   */
  get<T>(hash: string): T {
    const row = this.selectStmt.get(hash);
    if (!row) throw new Error(`blob ${hash} not found in the evidence store`);
    const { bytes, problem } = openBlob(hash, row.size, row.data);
    if (problem !== null || !bytes) throw new Error(`evidence store: ${problem ?? `blob ${hash} unreadable`}`);
    return JSON.parse(bytes.toString('utf8')) as T;
  }
}
