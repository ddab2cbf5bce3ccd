import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { canonicalJson, sha256Hex } from '../util/canonical.js';
import type { CheckedNode } from './checked-node.js';

/**
 * Brotli at quality 5: on observation-sized JSON it compresses about as well as quality 11, and on
 * manifests (mostly incompressible hashes) it is ~40x faster, which matters for a daily run.
 */
const BROTLI_QUALITY = 5;

/** A value in its stored form: canonical JSON bytes (what is hashed) before compression. */
export interface CanonicalBlob {
  /** SHA-256 hex of the canonical JSON: the content address (equals hashJson(value)). */
  hash: string;
  bytes: Buffer;
}

export function toCanonicalBlob(value: unknown): CanonicalBlob {
  const bytes = Buffer.from(canonicalJson(value), 'utf8');
  return { hash: sha256Hex(bytes), bytes };
}

export function compress(bytes: Buffer): Buffer {
  const out = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  // zlib's sync API answers with a view into its 16 KB output chunk: a run stages every new blob before its
  // write transaction, and 30 bytes of result set would keep 16 KB alive each (~150 MB on a first run of a
  // 3,000-resource estate). A copy holds only the compressed bytes (small ones share Buffer's pool).
  return out.byteLength === out.buffer.byteLength ? out : Buffer.from(out);
}

/**
 * zlib allocates one output chunk per call (16 KB by default), and for a ~100-byte blob that allocation was most
 * of the decompression (a year's `verify` opens ~90,000 to ~290,000 of them, issue 15). The stored size is the
 * expected output: one byte more lets the decoder finish in one chunk. It is only a buffer size (a wrong size
 * still decompresses, in several chunks, and is reported below); clamped so an edited size cannot ask for a
 * huge allocation.
 */
export function outputChunkSize(size: number): number {
  return Math.min(Math.max(Math.trunc(size) + 1, MIN_CHUNK), MAX_CHUNK);
}
const MIN_CHUNK = 64; // zlib's minimum
const MAX_CHUNK = 1 << 20;

/**
 * Decompresses stored bytes and checks them against their key. Hashing the decompressed bytes
 * (not re-canonicalizing a parse) means any edit of the content is caught.
 */
export function openBlob(hash: string, size: number, data: Buffer): OpenedBlob {
  let bytes: Buffer;
  try {
    bytes = brotliDecompressSync(data, { chunkSize: outputChunkSize(size) });
  } catch (err) {
    return undecompressable(hash, (err as Error).message);
  }
  return judgeBlob(hash, size, bytes, sha256Hex(bytes) === hash);
}

/** A blob's content when it decompresses (bytes) and what is wrong with it (problem: null when intact). */
export interface OpenedBlob {
  /** undefined: decompressed and judged, but not kept (a blob-check worker sends only what the walk may read). */
  bytes: Buffer | null | undefined;
  problem: string | null;
  /** An intact blob's tree-node shape, when a blob-check worker described it (checked-node.ts). */
  node?: CheckedNode;
}

/** The verdict on a blob whose stored bytes do not decompress (the worker path reports it with the same words). */
export function undecompressable(hash: string, message: string): OpenedBlob {
  return { bytes: null, problem: `blob ${hash} does not decompress (${message})` };
}

/** The verdict on decompressed bytes, given whether they hash to the key (computed here or by a blob-check worker). */
export function judgeBlob(hash: string, size: number, bytes: Buffer, hashMatches: boolean): OpenedBlob {
  return { bytes, problem: blobProblem(hash, size, bytes.length, hashMatches) };
}

/** What is wrong with a blob that decompressed to `length` bytes (null when intact). */
export function blobProblem(hash: string, size: number, length: number, hashMatches: boolean): string | null {
  if (!hashMatches) return `blob ${hash} content does not hash to its key`;
  if (length !== size) return `blob ${hash} size ${size} does not match its content (${length})`;
  return null;
}
