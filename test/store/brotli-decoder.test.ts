import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compress, outputChunkSize, toCanonicalBlob } from '../../src/store/blob-codec.js';
import { BROTLI_DECODER_SOURCE } from '../../src/store/blob-check-worker.js';
import { sha256Hex } from '../../src/util/canonical.js';

type Decode = (stored: Buffer, chunkSize: number) => Buffer;
type QuickDecode = (stored: Buffer, chunkSize: number) => Buffer | null;

/** The blob-check worker's decompression, run on this thread (the same text the worker evaluates). */
function workerDecoder(): { decompress: Decode; quickDecompress: QuickDecode } {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the worker's own source text, as the worker runs it
  return new Function('zlib', `${BROTLI_DECODER_SOURCE}\nreturn { decompress, quickDecompress };`)(zlib) as ReturnType<typeof workerDecoder>;
}

/** What zlib.brotliDecompressSync says about stored bytes: the bytes, or its error's message. */
function reference(stored: Buffer, chunkSize: number): { bytes: string } | { error: string } {
  try {
    return { bytes: zlib.brotliDecompressSync(stored, { chunkSize }).toString('hex') };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

function decoded(decode: Decode, stored: Buffer, chunkSize: number): { bytes: string } | { error: string } {
  try {
    return { bytes: decode(stored, chunkSize).toString('hex') };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

describe("blob-check worker's reused Brotli decoder", () => {
  const blob = (i: number) => toCanonicalBlob({ id: `resource-${i}`, attributes: { n: i, text: 'x'.repeat(i * 37) } });

  it('settles intact blobs itself (the fast path is taken on this Node), byte for byte what hashes to their key', () => {
    const { quickDecompress } = workerDecoder();
    for (let i = 0; i < 50; i += 1) {
      const b = blob(i);
      const out = quickDecompress(compress(b.bytes), outputChunkSize(b.bytes.length));
      // Null here means Node's zlib internals changed and every blob goes the slow way: a regression to notice.
      expect(out, `blob ${i}`).not.toBeNull();
      expect(sha256Hex(out!)).toBe(b.hash);
    }
  });

  it('leaves damaged streams, trailing bytes and output beyond the stored size to zlib.brotliDecompressSync, and says what it says', () => {
    const { decompress, quickDecompress } = workerDecoder();
    const good = blob(3);
    const stored = compress(good.bytes);
    const large = Buffer.from(JSON.stringify({ text: Array.from({ length: 20_000 }, (_, i) => `word${i}`).join(' ') }));
    const cases: Array<[name: string, stored: Buffer, size: number]> = [
      ['not brotli', Buffer.from('not brotli at all'), 20],
      ['truncated', stored.subarray(0, stored.length - 3), good.bytes.length],
      ['empty', Buffer.alloc(0), 0],
      ['trailing bytes', Buffer.concat([stored, Buffer.from('trailing')]), good.bytes.length],
      ['two streams', Buffer.concat([stored, stored]), good.bytes.length],
      ['stored size far below the content', zlib.brotliCompressSync(large), 10],
      ['bit flipped', Buffer.from(stored.map((byte, i) => (i === 5 ? byte ^ 0x40 : byte))), good.bytes.length],
    ];
    for (const [name, bytes, size] of cases) {
      const chunkSize = outputChunkSize(size);
      expect(decoded(decompress, bytes, chunkSize), name).toEqual(reference(bytes, chunkSize));
      // And a good blob right after each one decodes on the fast path again (a decoder left in error is replaced).
      expect(quickDecompress(stored, outputChunkSize(good.bytes.length))?.equals(good.bytes), `after ${name}`).toBe(true);
    }
    // The cases the fast path must not settle on its own.
    expect(quickDecompress(Buffer.from('not brotli at all'), 64)).toBeNull();
    expect(quickDecompress(stored.subarray(0, stored.length - 3), 64)).toBeNull();
    expect(quickDecompress(Buffer.concat([stored, Buffer.from('trailing')]), 64)).toBeNull();
  });

  it('a larger blob after small ones gets an output buffer of its own size', () => {
    const { decompress } = workerDecoder();
    const big = toCanonicalBlob({ text: 'y'.repeat(300_000) });
    decompress(compress(blob(1).bytes), 64);
    expect(sha256Hex(decompress(compress(big.bytes), outputChunkSize(big.bytes.length)))).toBe(big.hash);
  });
});
