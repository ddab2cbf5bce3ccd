import type Database from 'better-sqlite3';
import { openBlob, type OpenedBlob } from './blob-codec.js';
import { BlobBatchReader } from './blob-batch-reader.js';
import type { BlobChecker } from './blob-checkers.js';
import type { CheckedNode } from './checked-node.js';
import type { HashKeys } from './hash-keys.js';

type Db = Database.Database;

/**
 * Where the blob walk of verify and prune gets a blob, each blob once: the source keeps which blobs the walk took,
 * so a blob costs the walk one lookup by key to be taken and one for each later "seen before?" (verify asks ~1.5
 * million of those of a year, mostly of blobs taken under an earlier run; a separate set of visited keys beside
 * the scanned blobs cost three more lookups a blob in a table too large for the CPU caches, issue 15).
 */
export interface BlobSource {
  /** Whether the walk took this blob before (whether it was found or not). */
  seen(hash: string): boolean;
  /**
   * Takes the blob: its bytes (when `want`, or when it is checked anyway) and its problem; null when it is missing;
   * undefined when the walk took it before.
   */
  open(hash: string, want: boolean): OpenedBlob | null | undefined;
}

/**
 * One lookup by key per blob, in the order the walk asks (prune: only tree nodes are read, nothing is checked).
 */
export class BlobLookups implements BlobSource {
  /** Every key the walk took: what prune must keep. */
  readonly taken = new Set<string>();
  private readonly known: Set<string>;
  private readonly select: Database.Statement<[string], { data: Buffer; size: number }>;

  constructor(db: Db, keys: HashKeys) {
    this.known = new Set(db.prepare(`SELECT ${keys.column('hash')} FROM blobs`).pluck().all() as string[]);
    this.select = db.prepare(`SELECT size, data FROM blobs WHERE hash = ${keys.param}`);
  }

  seen(hash: string): boolean {
    return this.taken.has(hash);
  }

  open(hash: string, want: boolean): OpenedBlob | null | undefined {
    if (this.taken.has(hash)) return undefined;
    this.taken.add(hash);
    if (!this.known.has(hash)) return null;
    if (!want) return { bytes: null, problem: null };
    const row = this.select.get(hash);
    return row ? openBlob(hash, row.size, row.data) : null;
  }
}

/** Rows a range read fetches (~400 KB of compressed blobs at the default size). */
const SCAN_ROWS = 1024;
/**
 * Batches submitted and not yet taken (all workers together): the workers keep busy while the walk parses. With 4
 * a year's verify left its one worker idle ~0.6 s (it ran out of batches whenever the main thread had a long
 * stretch, e.g. quick_check at the start) while the main thread did tree-node work the worker could have taken
 * (a batch is described when the main thread did not wait, blob-checkers.ts); with 12 (~15 MB in flight at the
 * default size) the main thread's CPU fell by ~0.4 s on the default-size year, 8 and 24 measured about the same
 * as 12 (issue 15).
 */
const SCAN_AHEAD = 12;
/**
 * Decompressed bytes held for blobs scanned but not yet reached by the walk. Beyond it the oldest lose their
 * bytes (their verdict stays); a tree node among them is read and decompressed again if the walk reaches it.
 */
const HELD_BYTES = 64 * 1024 * 1024;

interface Held {
  problem: string | null;
  /** undefined: dropped to bound memory (HELD_BYTES). */
  bytes: Buffer | null | undefined;
  /** A worker's description of it as a tree node (dropped with the bytes). */
  node?: CheckedNode | undefined;
}

/**
 * Every blob read once, in storage (rowid) order, by range reads inside the caller's read transaction, and
 * checked (decompressed and hashed) by a BlobChecker, possibly on other threads. Looking blobs up by key in the
 * order the walk asks for them cost a random B-tree descent each (a seventh of a year's `verify`, issue 15);
 * blobs are stored in the order runs wrote them, which is nearly the order verify's walk (run by run) first
 * reaches them, so the walk takes most blobs from the last few batches read.
 *
 * `open(hash)` reads on until the blob comes by (holding what it passes), and answers null (missing) only once
 * the whole table was read. `rest()` then reads what is left: the blobs no sealed run reaches.
 */
export class ScannedBlobs implements BlobSource {
  private readonly reader: BlobBatchReader;
  private readonly select: Database.Statement<[string], { data: Buffer; size: number }>;
  /** Keys of the batches submitted to the checker and not yet taken. */
  private readonly waiting: string[][] = [];
  /** Every key read or asked for: the blob while it waits for the walk, null once the walk took it (or found it missing). */
  private readonly blobs = new Map<string, Held | null>();
  /** Problems of a second row under a key the walk had already taken (a unique index prevents it; an edited file may not). */
  private readonly lateCopies: Array<{ hash: string; problem: string }> = [];
  /** Keys in the order they were held, for dropping bytes oldest first. */
  private readonly holdOrder: string[] = [];
  private holdHead = 0;
  private heldBytes = 0;
  private tableRead = false;
  /** Blobs read from the table. */
  scanned = 0;

  constructor(
    db: Db,
    keys: HashKeys,
    private readonly checker: BlobChecker,
    private readonly limits: { ahead: number; heldBytes: number; rows: number } = { ahead: SCAN_AHEAD, heldBytes: HELD_BYTES, rows: SCAN_ROWS },
  ) {
    this.reader = new BlobBatchReader(db, keys, limits.rows);
    this.select = db.prepare(`SELECT size, data FROM blobs WHERE hash = ${keys.param}`);
    while (!this.tableRead && this.checker.pending < this.limits.ahead) this.submitNext();
  }

  seen(hash: string): boolean {
    return this.blobs.get(hash) === null;
  }

  open(hash: string, want: boolean): OpenedBlob | null | undefined {
    for (;;) {
      const held = this.blobs.get(hash);
      if (held === null) return undefined;
      if (held) {
        this.blobs.set(hash, null);
        if (held.bytes) this.heldBytes -= held.bytes.length;
        if (held.bytes !== undefined || held.problem !== null || !want) return held;
        // Its bytes were dropped (HELD_BYTES) and the walk needs them: read and check it again.
        const row = this.select.get(hash);
        return row ? openBlob(hash, row.size, row.data) : null;
      }
      if (!this.takeBatch()) {
        this.blobs.set(hash, null);
        return null;
      }
    }
  }

  /** After the walk: every blob it did not reach, with its problem (null when intact). */
  *rest(): Generator<{ hash: string; problem: string | null }> {
    yield* this.lateCopies;
    for (const [hash, held] of this.blobs) if (held !== null) yield { hash, problem: held.problem };
    this.blobs.clear();
    this.heldBytes = 0;
    for (let batch = this.takeBatchOpened(); batch !== null; batch = this.takeBatchOpened()) {
      for (let i = 0; i < batch.hashes.length; i += 1) yield { hash: batch.hashes[i]!, problem: batch.opened[i]!.problem };
    }
  }

  close(): void {
    this.checker.close();
  }

  /** Takes the oldest checked batch into `blobs`; false when the table has been read to its end. */
  private takeBatch(): boolean {
    const batch = this.takeBatchOpened();
    if (batch === null) return false;
    for (let i = 0; i < batch.hashes.length; i += 1) {
      const hash = batch.hashes[i]!;
      const opened = batch.opened[i]!;
      const { bytes, problem } = opened;
      const earlier = this.blobs.get(hash);
      // One row per key (a unique index); were a key stored twice, a bad copy must not be hidden by a good one.
      if (earlier === null) {
        if (problem !== null) this.lateCopies.push({ hash, problem });
        continue;
      }
      if (earlier && earlier.problem !== null) continue;
      if (earlier?.bytes) this.heldBytes -= earlier.bytes.length;
      // The checker's own object is held (and handed to the walk): one object less a blob (~290,000 of a year).
      this.blobs.set(hash, opened);
      if (bytes) {
        this.heldBytes += bytes.length;
        this.holdOrder.push(hash);
      }
    }
    this.dropOldestBytes();
    return true;
  }

  private takeBatchOpened(): { hashes: string[]; opened: OpenedBlob[] } | null {
    if (this.checker.pending === 0 && !this.tableRead) this.submitNext();
    if (this.checker.pending === 0) return null;
    const hashes = this.waiting.shift()!;
    const opened = this.checker.next();
    while (!this.tableRead && this.checker.pending < this.limits.ahead) this.submitNext();
    return { hashes, opened };
  }

  private submitNext(): void {
    const batch = this.reader.next();
    if (batch === null) {
      this.tableRead = true;
      return;
    }
    this.scanned += batch.hashes.length;
    this.waiting.push(batch.hashes);
    this.checker.submit(batch);
    if (batch.hashes.length < this.limits.rows) this.tableRead = true;
  }

  private dropOldestBytes(): void {
    while (this.heldBytes > this.limits.heldBytes && this.holdHead < this.holdOrder.length) {
      const hash = this.holdOrder[this.holdHead]!;
      this.holdHead += 1;
      const held = this.blobs.get(hash);
      if (!held?.bytes) continue;
      this.heldBytes -= held.bytes.length;
      held.bytes = undefined;
      held.node = undefined;
    }
    if (this.holdHead > 4096 && this.holdHead * 2 > this.holdOrder.length) {
      this.holdOrder.splice(0, this.holdHead);
      this.holdHead = 0;
    }
  }
}
