/**
 * The code a blob-check worker thread runs: brotli decompression and SHA-256 of a batch of stored blobs, the
 * CPU-bound half of `verify` (issue 15), so that it runs on another core while the main thread reads rows and
 * walks the trees.
 *
 * It is plain JavaScript run with `new Worker(source, { eval: true })` rather than a module file: the same text
 * then runs from the compiled CLI (dist/), under tsx and under vitest, which load TypeScript differently and
 * none of which a worker file path would suit. Built-in modules come from process.getBuiltinModule, which works
 * whether Node evaluates the text as a CommonJS script or as an ES module (it does the latter when the parent
 * runs with --input-type=module, whose execArgv the worker inherits), where `require` would not. It is kept to the two library calls; what a result means (the
 * problem's words) is decided on the main thread by blob-codec.ts, the same code that judges a blob opened there.
 *
 * Protocol (one MessagePort per worker, workerData `{ port, signal, slot }`):
 * - in:  `{ seq, hashes, chunkSizes, data, offsets }`: `hashes` the blobs' hex keys concatenated (64 characters
 *   each), `data` their stored (compressed) bytes concatenated, blob i at `offsets[i]..offsets[i+1]`,
 *   `chunkSizes[i]` its decoder output chunk size.
 * - out: `{ seq, status, errors, bytes, offsets }`: `status[i]` 0 when the decompressed bytes hash to the key,
 *   1 when they do not, 2 when they do not decompress (`errors` holds `[i, message]`); the decompressed bytes
 *   concatenated in `bytes`, blob i at `offsets[i]..offsets[i+1]` (empty when it does not decompress).
 *   Or `{ seq, failure }` when the batch could not be checked at all: the main thread fails the verify.
 * After posting, the worker bumps `signal[slot]` and notifies it, which wakes a main thread blocked in
 * Atomics.wait (verify is synchronous). The checker runs this after its own prologue (blob-checkers.ts), which
 * sets `signal[slot + 1]` when the worker exits or throws, so a worker that dies is noticed, not waited for.
 */
export const BLOB_CHECK_WORKER_SOURCE = String.raw`
'use strict';
const { workerData } = process.getBuiltinModule('node:worker_threads');
const zlib = process.getBuiltinModule('node:zlib');
const crypto = process.getBuiltinModule('node:crypto');
const { port, signal, slot } = workerData;
const flags = new Int32Array(signal);
const sha256Hex = crypto.hash ? (b) => crypto.hash('sha256', b, 'hex') : (b) => crypto.createHash('sha256').update(b).digest('hex');

function answer(message, transfer) {
  port.postMessage(message, transfer);
  Atomics.add(flags, slot, 1);
  Atomics.notify(flags, slot);
}

function check(batch) {
  const { hashes, chunkSizes, data, offsets } = batch;
  const n = chunkSizes.length;
  const status = new Uint8Array(n);
  const errors = [];
  const outputs = new Array(n);
  let total = 0;
  for (let i = 0; i < n; i += 1) {
    const stored = Buffer.from(data.buffer, data.byteOffset + offsets[i], offsets[i + 1] - offsets[i]);
    let out;
    try {
      out = zlib.brotliDecompressSync(stored, { chunkSize: chunkSizes[i] });
    } catch (err) {
      status[i] = 2;
      errors.push([i, String(err && err.message)]);
      outputs[i] = null;
      continue;
    }
    outputs[i] = out;
    total += out.length;
    status[i] = sha256Hex(out) === hashes.slice(64 * i, 64 * i + 64) ? 0 : 1;
  }
  // A fresh ArrayBuffer (not Buffer's shared pool) so that it can be transferred, not copied.
  const bytes = new Uint8Array(total);
  const outOffsets = new Uint32Array(n + 1);
  let at = 0;
  for (let i = 0; i < n; i += 1) {
    outOffsets[i] = at;
    if (outputs[i] !== null) {
      bytes.set(outputs[i], at);
      at += outputs[i].length;
    }
  }
  outOffsets[n] = at;
  return { status, errors, bytes, offsets: outOffsets };
}

port.on('message', (batch) => {
  let result;
  try {
    result = check(batch);
  } catch (err) {
    answer({ seq: batch && batch.seq, failure: String((err && err.stack) || err) });
    return;
  }
  answer({ seq: batch.seq, ...result }, [result.status.buffer, result.bytes.buffer, result.offsets.buffer]);
});
`;
