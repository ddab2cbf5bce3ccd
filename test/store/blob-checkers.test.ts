import { brotliCompressSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compress, openBlob, toCanonicalBlob } from '../../src/store/blob-codec.js';
import { InlineChecker, WorkerChecker, type BlobChecker } from '../../src/store/blob-checkers.js';
import { packBatch } from '../../src/store/blob-batch-reader.js';
import { ScannedBlobs } from '../../src/store/blob-scan.js';
import { hashKeys } from '../../src/store/hash-keys.js';
import { sha256Hex } from '../../src/util/canonical.js';
import { tempDb } from './fixtures.js';

/** Intact blobs and one of each kind of damage, as stored: key, size, compressed bytes. */
function storedBlobs(): { hashes: string[]; sizes: number[]; data: Buffer[]; expected: Array<string | null> } {
  const hashes: string[] = [];
  const sizes: number[] = [];
  const data: Buffer[] = [];
  const expected: Array<string | null> = [];
  const add = (hash: string, size: number, bytes: Buffer, problem: string | null) => {
    hashes.push(hash);
    sizes.push(size);
    data.push(bytes);
    expected.push(problem);
  };
  for (let i = 0; i < 40; i += 1) {
    // Observations, and every fourth a results list (a blob the walk reads).
    const value = i % 4 === 0 ? [{ resourceId: `resource-${i}`, status: 'pass', reason: 'x'.repeat(i * 37) }] : { id: `resource-${i}`, attributes: { n: i, text: 'x'.repeat(i * 37) } };
    const blob = toCanonicalBlob(value);
    add(blob.hash, blob.bytes.length, compress(blob.bytes), null);
  }
  const forged = toCanonicalBlob({ id: 'forged' });
  const other = toCanonicalBlob({ id: 'original' });
  add(other.hash, forged.bytes.length, compress(forged.bytes), `blob ${other.hash} content does not hash to its key`);
  const sized = toCanonicalBlob({ id: 'sized' });
  add(sized.hash, sized.bytes.length + 3, compress(sized.bytes), `blob ${sized.hash} size ${sized.bytes.length + 3} does not match its content (${sized.bytes.length})`);
  const garbage = toCanonicalBlob({ id: 'garbage' });
  add(garbage.hash, garbage.bytes.length, Buffer.from('not brotli at all'), null);
  // Whatever zlib says about the garbage, both paths must say the same: take the words from openBlob.
  expected[expected.length - 1] = openBlob(garbage.hash, garbage.bytes.length, Buffer.from('not brotli at all')).problem;
  return { hashes, sizes, data, expected };
}

describe('blob checkers: a worker judges blobs exactly as the main thread does', () => {
  const checkers: BlobChecker[] = [];
  afterEach(() => {
    for (const c of checkers.splice(0)) c.close();
  });
  const worker = (count: number, source?: string) => {
    const c = new WorkerChecker(count, source);
    checkers.push(c);
    return c;
  };

  it('intact, forged, mis-sized and undecompressable blobs get the same verdicts and bytes on one or two workers as inline', () => {
    const blobs = storedBlobs();
    expect(blobs.expected.filter((p) => p !== null)).toHaveLength(3);
    for (const checker of [new InlineChecker(), worker(1), worker(2)]) {
      // Three batches, answered in the order submitted (round robin over the workers).
      const thirds = [0, 14, 28, blobs.hashes.length].slice(1).map((end, i, ends) => {
        const start = i === 0 ? 0 : ends[i - 1]!;
        return { hashes: blobs.hashes.slice(start, end), sizes: blobs.sizes.slice(start, end), data: blobs.data.slice(start, end) };
      });
      for (const batch of thirds) checker.submit(packBatch(batch.hashes, batch.sizes, batch.data));
      expect(checker.pending).toBe(3);
      const opened = thirds.flatMap(() => checker.next());
      expect(checker.pending).toBe(0);
      expect(opened.map((o) => o.problem)).toEqual(blobs.expected);
      // Intact blobs the walk may read come back decompressed, byte for byte what hashes to their key; a worker
      // does not send an observation's (undefined: judged, bytes not kept), the main thread keeps what it opened.
      opened.slice(0, 40).forEach((o, i) => {
        if (i % 4 === 0 || checker instanceof InlineChecker) expect(sha256Hex(o.bytes!), `blob ${i}`).toBe(blobs.hashes[i]);
        else expect(o.bytes, `blob ${i}`).toBeUndefined();
      });
      expect(opened.at(-1)!.bytes).toBeNull();
    }
  });

  it('the worker code runs whether Node evaluates it as a script or as an ES module (a parent with --input-type=module)', () => {
    const blobs = storedBlobs();
    for (const execArgv of [[], ['--input-type=module']]) {
      const checker = new WorkerChecker(1, undefined, execArgv);
      checkers.push(checker);
      checker.submit(packBatch(blobs.hashes, blobs.sizes, blobs.data));
      expect(checker.next().map((o) => o.problem), execArgv.join(' ')).toEqual(blobs.expected);
    }
  });

  it('tree nodes are described while the main thread keeps up, and not in the batch after it had to wait for the workers', () => {
    const node = toCanonicalBlob(['ab'.repeat(32), ...Array<null>(15).fill(null)]);
    const batch = () => packBatch([node.hash], [node.bytes.length], [compress(node.bytes)]);
    const checker = worker(1);
    // The first answer is waited for (the worker is still starting): the batch submitted after it is not described.
    checker.submit(batch());
    expect(checker.next()[0]!.node?.slots(16)).toEqual(['ab'.repeat(32), ...Array<null>(15).fill(null)]);
    checker.submit(batch());
    // Time for the worker to answer before it is asked: the next answer is not waited for.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
    const undescribed = checker.next()[0]!;
    expect(undescribed.problem).toBeNull();
    expect(undescribed.node).toBeUndefined();
    checker.submit(batch());
    expect(checker.next()[0]!.node?.slots(16)).toEqual(['ab'.repeat(32), ...Array<null>(15).fill(null)]);
  });

  it('a worker that fails a batch fails the check: next() throws, it never answers "intact"', () => {
    const throwing = worker(1, `
      const { workerData } = process.getBuiltinModule('node:worker_threads');
      workerData.port.on('message', () => { throw new Error('decoder exploded'); });`);
    throwing.submit(packBatch(['a'.repeat(64)], [1], [Buffer.from('x')]));
    const started = Date.now();
    expect(() => throwing.next()).toThrow(/blob check worker 0 exited before answering/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a worker that exits without answering is noticed, not waited for', () => {
    const exiting = worker(1, `
      const { workerData } = process.getBuiltinModule('node:worker_threads');
      workerData.port.on('message', () => process.exit(3));`);
    exiting.submit(packBatch(['a'.repeat(64)], [1], [Buffer.from('x')]));
    const started = Date.now();
    expect(() => exiting.next()).toThrow(/blob check worker 0 exited before answering/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('blobs scanned in storage order, asked for in walk order', () => {
  let db: Database.Database;
  let cleanup: () => void;
  let blobs: ReturnType<typeof storedBlobs>;

  beforeEach(() => {
    const t = tempDb();
    cleanup = t.cleanup;
    db = new Database(t.path);
    db.exec('CREATE TABLE blobs (hash TEXT PRIMARY KEY, size INTEGER NOT NULL, data BLOB NOT NULL)');
    blobs = storedBlobs();
    const insert = db.prepare('INSERT INTO blobs (hash, size, data) VALUES (?, ?, ?)');
    blobs.hashes.forEach((h, i) => insert.run(h, blobs.sizes[i], blobs.data[i]));
  });
  afterEach(() => {
    db.close();
    cleanup();
  });

  for (const [name, makeChecker] of [
    ['inline', () => new InlineChecker()],
    ['one worker', () => new WorkerChecker(1)],
  ] as const) {
    it(`${name}: any order of asking gets each blob's verdict once, a missing key reads null, the rest are left for rest()`, () => {
      // Tiny batches and a 1 KB hold: most held bytes are dropped, and the blobs asked for later are read again.
      const scan = new ScannedBlobs(db, hashKeys(db), makeChecker(), { ahead: 2, heldBytes: 1024, rows: 5 });
      try {
        const order = [...blobs.hashes.keys()].reverse().filter((i) => i % 3 !== 0);
        for (const i of order) {
          const opened = scan.open(blobs.hashes[i]!, true);
          expect(opened?.problem, `blob ${i}`).toBe(blobs.expected[i]);
          if (opened?.problem === null) expect(sha256Hex(opened.bytes!)).toBe(blobs.hashes[i]);
        }
        expect(scan.open('f'.repeat(64), true)).toBeNull();
        // Each blob is taken once: asked again, found or missing, it reads as seen (undefined), not as missing.
        for (const hash of [blobs.hashes[order[0]!]!, 'f'.repeat(64)]) {
          expect(scan.seen(hash)).toBe(true);
          expect(scan.open(hash, true)).toBeUndefined();
        }
        expect(scan.seen(blobs.hashes[0]!)).toBe(false);
        const rest = [...scan.rest()];
        const left = [...blobs.hashes.keys()].filter((i) => i % 3 === 0);
        expect(rest.map((r) => r.hash).sort()).toEqual(left.map((i) => blobs.hashes[i]!).sort());
        for (const r of rest) expect(r.problem).toBe(blobs.expected[blobs.hashes.indexOf(r.hash)]);
        expect(scan.scanned).toBe(blobs.hashes.length);
      } finally {
        scan.close();
      }
    });
  }

  it('a blob edited in place after it was written is judged on its stored bytes', () => {
    const victim = blobs.hashes[7]!;
    db.prepare('UPDATE blobs SET data = ? WHERE hash = ?').run(brotliCompressSync(Buffer.from('{"forged":true}')), victim);
    const scan = new ScannedBlobs(db, hashKeys(db), new WorkerChecker(1));
    try {
      expect(scan.open(victim, false)?.problem).toBe(`blob ${victim} content does not hash to its key`);
    } finally {
      scan.close();
    }
  });
});
