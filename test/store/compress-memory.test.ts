import { describe, expect, it } from 'vitest';
import { compress, openBlob, toCanonicalBlob } from '../../src/store/blob-codec.js';

describe('blob compression holds only its own bytes', () => {
  // A run stages every new blob compressed before its write transaction (BlobBatch). zlib's sync API answers with
  // a view into its 16 KB output chunk, so each small result set kept 16 KB alive: ~150 MB of ArrayBuffers on the
  // first run of a quarter of the estate benchmark (issue 15). The answer must be a copy the size of the bytes
  // (a small one may share Buffer's 8 KB pool, as every small Buffer does).
  it('a small blob does not keep a 16 KB chunk alive, and still opens to its value', () => {
    const blob = toCanonicalBlob({ checkId: 'aws.s3.bucket_blocks_public_access', status: 'pass', resourceId: 'arn:aws:s3:::b' });
    const data = compress(blob.bytes);
    expect(data.buffer.byteLength).toBeLessThanOrEqual(Buffer.poolSize);
    expect(data.buffer.byteLength).toBeLessThan(16 * 1024);
    const opened = openBlob(blob.hash, blob.bytes.length, data);
    expect(opened.problem).toBeNull();
    expect(opened.bytes?.equals(blob.bytes)).toBe(true);
  });

  it('a large blob is held whole, in a buffer of its own size', () => {
    const value = { rows: Array.from({ length: 5000 }, (_, i) => ({ id: `resource-${i}`, hash: (i * 2654435761).toString(16).padStart(64, '0') })) };
    const blob = toCanonicalBlob(value);
    const data = compress(blob.bytes);
    expect(data.buffer.byteLength).toBeLessThanOrEqual(Math.max(data.byteLength, Buffer.poolSize));
    expect(openBlob(blob.hash, blob.bytes.length, data).bytes?.equals(blob.bytes)).toBe(true);
  });
});
