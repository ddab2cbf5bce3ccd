/**
 * Decompression for the blob-check worker, its own text so that a test can run it on the test's thread
 * (test/store/brotli-decoder.test.ts). Expects `zlib` (node:zlib) in scope; defines `decompress(stored, chunkSize)`,
 * which answers the decompressed bytes (a view valid until its next call) or throws zlib's error, and
 * `quickDecompress`, the reused decoder alone (null where it leaves the blob to zlib.brotliDecompressSync).
 */
export const BROTLI_DECODER_SOURCE = String.raw`
// Decompression reuses one native Brotli decoder, reset between blobs. zlib.brotliDecompressSync builds a stream
// object (a Transform, its handle, its state array, an output chunk) for every call and closes it after, which
// for ~100-byte to ~1 KB blobs cost more than the decoding itself (~half the worker's decompression time in a
// year's verify, issue 15); Node has no public synchronous API that reuses a decoder. The decoder's handle and
// state array are Node internals (the ones zlib.js's processChunkSync drives), so they are checked before use,
// and this path only ever settles the plain case: one call that consumed all the stored bytes, ended the stream
// without an error and left room in the output. Anything else (an error, a wrong stored size, trailing bytes,
// internals not as expected) is decompressed again by zlib.brotliDecompressSync, which decides as before, and
// the decoder is replaced after an error. Either way the bytes are hashed against the key below.
const BROTLI_FINISH = zlib.constants.BROTLI_OPERATION_FINISH;
function reusableDecoder() {
  let stream;
  try {
    stream = zlib.createBrotliDecompress();
  } catch {
    return null;
  }
  const handle = stream._handle;
  const state = stream._writeState;
  if (!handle || typeof handle.writeSync !== 'function' || typeof handle.reset !== 'function' || !(state instanceof Uint32Array) || state.length < 2) {
    return null;
  }
  const decoder = { stream, handle, state, failed: false, output: Buffer.allocUnsafe(64 * 1024) };
  handle.onerror = () => {
    decoder.failed = true;
  };
  return decoder;
}
let decoder = reusableDecoder();
// The decompressed bytes when the reused decoder settles the blob (a view valid until the next call), else null.
function quickDecompress(stored, chunkSize) {
  if (decoder === null) return null;
  if (decoder.output.length < chunkSize) decoder.output = Buffer.allocUnsafe(Math.max(chunkSize, 2 * decoder.output.length));
  const { handle, state, output } = decoder;
  try {
    handle.reset();
    if (decoder.failed) throw new Error('reset failed');
    state[0] = 0;
    state[1] = 1;
    handle.writeSync(BROTLI_FINISH, stored, 0, stored.length, output, 0, output.length);
  } catch {
    decoder.failed = true;
  }
  if (decoder.failed) {
    // The handle keeps its error: a fresh decoder for the next blob.
    try {
      decoder.stream.close();
    } catch {}
    decoder = reusableDecoder();
    return null;
  }
  const outputLeft = state[0];
  const inputLeft = state[1];
  if (inputLeft !== 0 || outputLeft === 0 || outputLeft > output.length) return null;
  return output.subarray(0, output.length - outputLeft);
}
function decompress(stored, chunkSize) {
  return quickDecompress(stored, chunkSize) ?? zlib.brotliDecompressSync(stored, { chunkSize });
}

`;

/**
 * Tree-node descriptions for the blob-check worker (checked-node.ts reads them), its own text so that a test can run
 * it on the test's thread (test/store/node-describer.test.ts). Expects `sha256Hex` in scope; defines
 * `describe(out, fast)`, and `HASH_RECORD_START`.
 */
export const NODE_DESCRIBER_SOURCE = String.raw`
// Tree-node descriptions (checked-node.ts, whose CheckedNode reads them): the same JSON.parse and the same
// checks as chunk-tree.ts's isSlots and tree-kinds.ts's leaf codecs, here so that the main thread does not run them.
// A node's hashes are tested against HEX in one call on their concatenation, each checked to be 64 characters long
// first: the same as testing each against /^[0-9a-f]{64}$/, in a tenth of the calls (~1.4 million tests of a
// year's nodes were a tenth of the worker's time, issue 15).
const { isAscii } = process.getBuiltinModule('node:buffer');
const HEX = /^[0-9a-f]*$/;
const NULL_SLOT = '-'.repeat(64);
const KEY_PREFIX_CHARS = 16;
// A hash record's first entry, within its first bytes: other JSON objects (observations) are not parsed.
const HASH_RECORD_START = /^\{"(?:[^"\\]|\\.)*":"[0-9a-f]{64}"[,}]/;
const keyDigests = new Map();
function keyDigest(key) {
  let digest = keyDigests.get(key);
  if (digest === undefined) {
    digest = sha256Hex(key);
    if (keyDigests.size >= 1000000) keyDigests.clear();
    keyDigests.set(key, digest);
  }
  return digest;
}
// The common prefix of the keys' SHA-256 hex digests, KEY_PREFIX_CHARS long (padded with spaces).
function keyPrefix(keys) {
  let prefix = keyDigest(keys[0]).slice(0, KEY_PREFIX_CHARS);
  for (let k = 1; k < keys.length && prefix.length > 0; k += 1) {
    const digest = keyDigest(keys[k]);
    let same = 0;
    while (same < prefix.length && digest.charCodeAt(same) === prefix.charCodeAt(same)) same += 1;
    if (same < prefix.length) prefix = prefix.slice(0, same);
  }
  return prefix.padEnd(KEY_PREFIX_CHARS, ' ');
}
// keyPrefix of a leaf's keys by the keys joined with NUL (which none of them holds): a changed leaf mostly keeps
// its keys (a resource's observation or result changed, not which resources the leaf holds), so one lookup of
// the joined keys replaces one digest lookup per key (~1.4 million of a year's leaves, a tenth of the worker,
// issue 15). Bounded by the characters it holds.
const leafPrefixes = new Map();
let leafPrefixChars = 0;
function leafKeyPrefix(keys, joined) {
  let prefix = leafPrefixes.get(joined);
  if (prefix === undefined) {
    prefix = keyPrefix(keys);
    if (leafPrefixChars > 32 * 1024 * 1024) {
      leafPrefixes.clear();
      leafPrefixChars = 0;
    }
    leafPrefixes.set(joined, prefix);
    leafPrefixChars += joined.length;
  }
  return prefix;
}
// A JSON object's first bytes as Latin-1 (what the patterns and prefixes below look at), or null for anything else.
function objectHead(out) {
  return out[0] === 0x7b ? out.toString('latin1', 0, Math.min(out.length, 512)) : null;
}
// [shape, count, text] of a node-shaped blob, or null (shape codes: checked-node.ts NODE_SHAPE). fast: whether a
// hash record may be read by readHashRecord (tests compare the two ways); head: objectHead(out), when the caller has it.
function describe(out, fast = true, head = objectHead(out)) {
  const first = out[0];
  const second = out[1];
  if (first === 0x5b) {
    if (second !== 0x6e && second !== 0x22 && second !== 0x7b) return null;
  } else if (first === 0x7b) {
    if (!HASH_RECORD_START.test(head)) return null;
  } else return null;
  // The same string either way; an ASCII blob (the usual) is copied as Latin-1, several times faster than decoded.
  const text = isAscii(out) ? out.toString('latin1') : out.toString('utf8');
  if (first === 0x7b && fast) {
    const record = readHashRecord(text);
    if (record !== null) {
      const joined = record.keys.join('\0');
      return [2, record.keys.length, leafKeyPrefix(record.keys, joined) + record.values + joined];
    }
  }
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return null;
    let text = '';
    let hashes = '';
    for (const slot of value) {
      if (slot === null) text += NULL_SLOT;
      else if (typeof slot === 'string' && slot.length === 64) {
        text += slot;
        hashes += slot;
      } else {
        text = null;
        break;
      }
    }
    if (text !== null && HEX.test(hashes)) return [1, 0, text];
    if (value.every((r) => typeof r === 'object' && r !== null && typeof r.resourceId === 'string')) {
      const ids = value.map((r) => r.resourceId);
      return [3, value.length, ids.some((id) => id.includes('\0')) ? keyPrefix(ids) : leafKeyPrefix(ids, ids.join('\0'))];
    }
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const entries = Object.entries(value);
  if (entries.length === 0) return null;
  let values = '';
  for (const [key, hash] of entries) {
    if (typeof hash !== 'string' || hash.length !== 64 || key.includes('\0')) return null;
    values += hash;
  }
  if (!HEX.test(values)) return null;
  const keys = entries.map((e) => e[0]);
  const joined = keys.join('\0');
  return [2, entries.length, leafKeyPrefix(keys, joined) + values + joined];
}

// A hash record's keys and values (concatenated) read without JSON.parse, or null where it does not settle the
// record: JSON.parse builds an object whose properties are the record's keys (resource ids, a new set of property
// names for every leaf), and then Object.entries copies them out; on a year's ~96,000 manifest leaves that was
// ~10 µs a leaf, a quarter of this worker (issue 15). This reads the canonical form only, entry by entry, and
// declines (null: JSON.parse decides, as before) whenever its answer could differ from Object.entries(JSON.parse):
// anything but {"key":"<64 hex>",...} without spaces, a key with an escape or a control character (JSON.parse
// decodes the one and refuses the other; NUL, which describe turns down, is one), keys not in strictly ascending
// order (a duplicate key, whose last value JSON.parse keeps), and a key that is an array index (Object.entries
// puts those first). A hand-written reader for this one shape: a pattern with captures took half as long again.
function readHashRecord(text) {
  const keys = [];
  let values = '';
  let previous = null;
  let at = 1;
  for (;;) {
    if (text.charCodeAt(at) !== 0x22) return null;
    const close = text.indexOf('"', at + 1);
    if (close === -1) return null;
    for (let i = at + 1; i < close; i += 1) {
      const c = text.charCodeAt(i);
      if (c < 0x20 || c === 0x5c) return null;
    }
    const key = text.slice(at + 1, close);
    if ((previous !== null && !(previous < key)) || isArrayIndex(key)) return null;
    if (text.charCodeAt(close + 1) !== 0x3a || text.charCodeAt(close + 2) !== 0x22) return null;
    const value = close + 3;
    for (let i = value; i < value + 64; i += 1) {
      const c = text.charCodeAt(i);
      if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return null;
    }
    if (text.charCodeAt(value + 64) !== 0x22) return null;
    previous = key;
    keys.push(key);
    values += text.slice(value, value + 64);
    const separator = text.charCodeAt(value + 65);
    at = value + 66;
    if (separator === 0x7d) return at === text.length ? { keys, values } : null;
    if (separator !== 0x2c) return null;
  }
}
// Whether V8 orders this property name as an array index (a canonical whole number below 2^32 - 1).
function isArrayIndex(key) {
  const c = key.charCodeAt(0);
  if (!(c >= 0x30 && c <= 0x39) || key.length > 10 || (c === 0x30 && key.length > 1)) return false;
  for (let i = 1; i < key.length; i += 1) {
    const d = key.charCodeAt(i);
    if (!(d >= 0x30 && d <= 0x39)) return false;
  }
  return Number(key) < 4294967295;
}
`;

/**
 * The code a blob-check worker thread runs: brotli decompression and SHA-256 of a batch of stored blobs, the
 * CPU-bound half of `verify` (issue 15), so that it runs on another core while the main thread reads rows and
 * walks the trees; and, when asked, a description of each intact blob that has a tree node's shape (parsed and
 * checked here, read by checked-node.ts), which takes node parsing off the main thread.
 *
 * It is plain JavaScript run with `new Worker(source, { eval: true })` rather than a module file: the same text
 * then runs from the compiled CLI (dist/), under tsx and under vitest, which load TypeScript differently and
 * none of which a worker file path would suit. Built-in modules come from process.getBuiltinModule, which works
 * whether Node evaluates the text as a CommonJS script or as an ES module (it does the latter when the parent
 * runs with --input-type=module, whose execArgv the worker inherits), where `require` would not. What a result
 * means (the problem's words) is decided on the main thread by blob-codec.ts, the same code that judges a blob
 * opened there, and by chunk-tree.ts for a node (a description only ever settles a node that is fine).
 *
 * Protocol (one MessagePort per worker, workerData `{ port, signal, slot }`):
 * - in:  `{ seq, hashes, chunkSizes, data, offsets, describe }`: `hashes` the blobs' hex keys concatenated (64
 *   characters each), `data` their stored (compressed) bytes concatenated, blob i at `offsets[i]..offsets[i+1]`,
 *   `chunkSizes[i]` its decoder output chunk size; `describe`: whether to describe tree nodes.
 * - out: `{ seq, status, errors, bytes, offsets }`: `status[i]` 0 when the decompressed bytes hash to the key,
 *   1 when they do not, 2 when they do not decompress (`errors` holds `[i, message]`); `lengths[i]`
 *   the decompressed length; `kept[i]` 1 when blob i's decompressed bytes are sent (walkMayRead), concatenated in
 *   `bytes`, blob i at `offsets[i]..offsets[i+1]`;
 *   `shapes[i]` (checked-node.ts NODE_SHAPE; 0: not described), `counts[i]` and blob i's description text
 *   `texts[i]` (the format is CheckedNode's; a string of its own, not a slice of one for the batch, so that what
 *   verify keeps of a node does not keep its whole batch's descriptions alive).
 *   Or `{ seq, failure }` when the batch could not be checked at all: the main thread fails the verify.
 * Answers go through the prologue's postAnswer (sync-worker.ts), which wakes a main thread blocked in
 * Atomics.wait (verify is synchronous); the prologue also sets `signal[slot + 1]` when the worker exits or
 * throws, so a worker that dies is noticed, not waited for.
 */
export const BLOB_CHECK_WORKER_SOURCE = String.raw`
'use strict';
const { workerData } = process.getBuiltinModule('node:worker_threads');
const zlib = process.getBuiltinModule('node:zlib');
const crypto = process.getBuiltinModule('node:crypto');
const { port } = workerData;
const sha256Hex = crypto.hash ? (b) => crypto.hash('sha256', b, 'hex') : (b) => crypto.createHash('sha256').update(b).digest('hex');

${NODE_DESCRIBER_SOURCE}
${BROTLI_DECODER_SOURCE}
function check(batch) {
  const { hashes, chunkSizes, data, offsets } = batch;
  const n = chunkSizes.length;
  const status = new Uint8Array(n);
  const errors = [];
  const shapes = new Uint8Array(n);
  const counts = new Uint32Array(n);
  const texts = new Array(n).fill('');
  const outOffsets = new Uint32Array(n + 1);
  const lengths = new Uint32Array(n);
  const kept = new Uint8Array(n);
  // The decompressed bytes kept are copied into one fresh ArrayBuffer (not Buffer's shared pool) as they come, so
  // that it can be transferred, not copied; sized for the stored sizes, grown if a blob is larger.
  let capacity = 0;
  for (let i = 0; i < n; i += 1) capacity += chunkSizes[i];
  let bytes = new Uint8Array(capacity);
  let at = 0;
  for (let i = 0; i < n; i += 1) {
    outOffsets[i] = at;
    const stored = Buffer.from(data.buffer, data.byteOffset + offsets[i], offsets[i + 1] - offsets[i]);
    let out;
    try {
      out = decompress(stored, chunkSizes[i]);
    } catch (err) {
      status[i] = 2;
      errors.push([i, String(err && err.message)]);
      continue;
    }
    lengths[i] = out.length;
    status[i] = sha256Hex(out) === hashes.slice(64 * i, 64 * i + 64) ? 0 : 1;
    // One head a blob for both questions below (about half the blobs are objects, mostly observations).
    const head = objectHead(out);
    const described = status[i] === 0 && batch.describe ? describe(out, true, head) : null;
    if (described !== null) {
      shapes[i] = described[0];
      counts[i] = described[1];
      texts[i] = described[2];
    } else if (!walkMayRead(out, head)) continue;
    kept[i] = 1;
    if (at + out.length > bytes.length) {
      const grown = new Uint8Array(Math.max(2 * bytes.length, at + out.length));
      grown.set(bytes.subarray(0, at));
      bytes = grown;
    }
    bytes.set(out, at);
    at += out.length;
  }
  outOffsets[n] = at;
  return { status, errors, bytes, offsets: outOffsets, lengths, kept, shapes, counts, texts };
}
// Whether verify's walk may read this blob's bytes: a tree node or root, a flat manifest or results list (the JSON
// arrays and the objects that start as those do). Observations, over half a year's bytes, are only judged: their
// bytes are not sent (copying them here and taking them there cost both threads; the walk reads a blob again
// should it ever need one not sent, issue 15).
function walkMayRead(out, head) {
  if (out[0] === 0x5b) return true;
  if (head === null) return false;
  return head.startsWith('{"children"') || head.startsWith('{"gaps"') || HASH_RECORD_START.test(head);
}

port.on('message', (batch) => {
  let result;
  try {
    result = check(batch);
  } catch (err) {
    postAnswer({ seq: batch && batch.seq, failure: String((err && err.stack) || err) });
    return;
  }
  postAnswer({ seq: batch.seq, ...result }, [
    result.status.buffer,
    result.bytes.buffer,
    result.offsets.buffer,
    result.lengths.buffer,
    result.kept.buffer,
    result.shapes.buffer,
    result.counts.buffer,
  ]);
});
`;
