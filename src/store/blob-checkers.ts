import { blobProblem, openBlob, outputChunkSize, undecompressable, type OpenedBlob } from './blob-codec.js';
import { BLOB_CHECK_WORKER_SOURCE } from './blob-check-worker.js';
import { CheckedNode } from './checked-node.js';
import { SyncWorker } from './sync-worker.js';
import { blobAt, type StoredBatch } from './blob-batch-reader.js';

export type { StoredBatch } from './blob-batch-reader.js';

/**
 * Decompresses and hashes batches of stored blobs, answering in the order they were submitted. `next()` blocks
 * until the oldest submitted batch is checked, and throws when it cannot be (a failed worker is never a pass).
 */
export interface BlobChecker {
  submit(batch: StoredBatch): void;
  next(): OpenedBlob[];
  /** Batches submitted and not yet taken. */
  readonly pending: number;
  close(): void;
}

/** Checks each batch on the calling thread when it is taken (small stores, where a worker's start costs more). */
export class InlineChecker implements BlobChecker {
  private readonly queue: StoredBatch[] = [];

  submit(batch: StoredBatch): void {
    this.queue.push(batch);
  }

  next(): OpenedBlob[] {
    const batch = this.queue.shift();
    if (!batch) throw new Error('blob checker: no batch submitted');
    return batch.hashes.map((hash, i) => openBlob(hash, batch.sizes[i]!, blobAt(batch.bytes, batch.offsets, i)));
  }

  get pending(): number {
    return this.queue.length;
  }

  close(): void {}
}

/** How long the main thread waits for one batch before it gives up on the worker (a batch takes milliseconds). */
const WORKER_ANSWER_TIMEOUT_MS = 120_000;

interface WorkerAnswer {
  seq: number;
  failure?: string;
  status: Uint8Array;
  errors: Array<[number, string]>;
  bytes: Uint8Array;
  offsets: Uint32Array;
  lengths: Uint32Array;
  kept: Uint8Array;
  /** Node shapes (checked-node.ts); absent from a worker that does not describe nodes. */
  shapes?: Uint8Array;
  counts?: Uint32Array;
  texts?: string[];
}

/**
 * Checks batches on worker threads (blob-check-worker.ts), round robin, so decompression and SHA-256 run on
 * other cores while the main thread reads rows and walks trees. Only the stored bytes travel: the main thread
 * reads them inside its one read transaction (one WAL snapshot), and no worker opens the database. Buffers are
 * transferred, not copied, both ways.
 *
 * verify is synchronous, so the main thread blocks in Atomics.wait for an answer and takes it with
 * receiveMessageOnPort, without its event loop. A worker that fails a batch answers with the failure; one that
 * exits sets its exit flag; one that neither answers nor exits is given up on after a timeout: each throws.
 */
export class WorkerChecker implements BlobChecker {
  private readonly workers: SyncWorker[] = [];
  private readonly inFlight: Array<Pick<StoredBatch, 'hashes' | 'sizes'>> = [];
  private submitted = 0;
  private taken = 0;
  /**
   * Whether the last answer taken had to be waited for. Describing tree nodes (checked-node.ts) moves work from
   * the main thread to the workers; when the workers are behind (the main thread waits), the next batch is sent
   * without, and the main thread parses its nodes itself. So neither side idles while the other has work: on
   * a year's `verify` describing every batch left the worker with ~60 % of the CPU (issue 15).
   */
  private waited = false;

  /** `source` replaces the worker's code (tests use a failing one); `execArgv` the Node options it inherits (tests). */
  constructor(count: number, source = BLOB_CHECK_WORKER_SOURCE, execArgv?: string[]) {
    if (!(count >= 1)) throw new Error(`blob checker: ${count} workers`);
    for (let w = 0; w < count; w += 1) this.workers.push(new SyncWorker(source, {}, execArgv));
  }

  submit(batch: StoredBatch): void {
    // Fresh ArrayBuffers (not Buffer's shared pool, nor memory better-sqlite3 handed out), transferred to the worker.
    const data = batch.bytes.slice();
    const offsets = batch.offsets.slice();
    const chunkSizes = Uint32Array.from(batch.sizes, outputChunkSize);
    const seq = this.submitted;
    this.submitted += 1;
    const describe = !this.waited;
    this.workers[seq % this.workers.length]!.post({ seq, hashes: batch.hashes.map(fixedWidthKey).join(''), chunkSizes, data, offsets, describe }, [
      data.buffer,
      offsets.buffer,
      chunkSizes.buffer,
    ]);
    this.inFlight.push({ hashes: batch.hashes, sizes: batch.sizes });
  }

  next(): OpenedBlob[] {
    const batch = this.inFlight.shift();
    if (!batch) throw new Error('blob checker: no batch submitted');
    const seq = this.taken;
    this.taken += 1;
    const answer = this.receive(seq % this.workers.length);
    if (answer.seq !== seq) throw new Error(`blob check worker answered batch ${answer.seq} where ${seq} was expected`);
    if (answer.failure !== undefined) throw new Error(`blob check worker failed: ${answer.failure}`);
    if (answer.status.length !== batch.hashes.length) throw new Error(`blob check worker answered ${answer.status.length} blobs of ${batch.hashes.length}`);
    const errors = new Map(answer.errors);
    return batch.hashes.map((hash, i) => {
      const status = answer.status[i];
      if (status === 2) return undecompressable(hash, errors.get(i) ?? 'unknown error');
      const bytes = answer.kept[i] === 1 ? blobAt(answer.bytes, answer.offsets, i) : undefined;
      const opened: OpenedBlob = { bytes, problem: blobProblem(hash, batch.sizes[i]!, answer.lengths[i]!, status === 0) };
      const shape = answer.shapes?.[i] ?? 0;
      // Only an intact blob is walked, so only its description is kept.
      if (shape !== 0 && bytes && opened.problem === null && answer.texts !== undefined && answer.counts) {
        opened.node = new CheckedNode(bytes, shape, answer.texts[i]!, answer.counts[i]!);
      }
      return opened;
    });
  }

  get pending(): number {
    return this.inFlight.length;
  }

  close(): void {
    for (const worker of this.workers) worker.close();
  }

  private receive(w: number): WorkerAnswer {
    const { message, waited } = this.workers[w]!.receive(`blob check worker ${w}`, WORKER_ANSWER_TIMEOUT_MS);
    this.waited = waited;
    return message as WorkerAnswer;
  }
}

/**
 * A key as the worker reads it, 64 characters at a time: a key of any other length (an edited file's) would shift
 * every key after it in the batch, so it goes as one no digest equals, and its blob does not hash to it, as inline.
 */
function fixedWidthKey(hash: string): string {
  return hash.length === 64 ? hash : NO_DIGEST;
}
const NO_DIGEST = '-'.repeat(64);
