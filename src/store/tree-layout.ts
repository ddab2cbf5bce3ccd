import { hash as oneShotHash } from 'node:crypto';

/**
 * How a keyed list (a manifest's id → observation hash entries, a result set's per-resource
 * results) is cut into content-addressed chunks, so that one changed resource rewrites one small
 * leaf and the nodes above it instead of the whole list.
 *
 * Entries are placed by the SHA-256 of their key (the resource id), `bits` bits per level, never
 * by position in the sorted list: inserting or removing one resource then moves no other entry to
 * another chunk. The layout depends only on the content, so identical content always yields
 * identical chunks and hashes, whichever host or day wrote it.
 */
export interface TreeLayout {
  /** Every node has 2^bits child slots. */
  readonly bits: number;
  /** Lists of at most this many entries stay ONE blob, in the flat (pre-tree) format. */
  readonly flatMax: number;
  /** The tree gets one level deeper each time the average leaf would exceed this many entries. */
  readonly leafTarget: number;
  /** Depth cap: keys that share a hash prefix this long (or equal keys) share one leaf. */
  readonly maxDepth: number;
}

/**
 * Chosen by measurement: a sweep of 32–12,000-entry lists with 0.5% of entries changing per day,
 * counting compressed bytes of the new blobs plus ~150 bytes of SQLite row and index per blob
 * (and test/bench/store-growth.ts end to end).
 * - 16 slots per node (one hex digit of the key hash per level). Every chunk costs its parent a
 *   32-byte incompressible hash, so wide nodes make each change pay for a large parent and narrow
 *   ones make deep trees of many blobs; 16 was cheapest, or within ~5% of 8, at every size.
 * - Manifest entries are mostly an incompressible observation hash (~40 compressed bytes each),
 *   so manifests want small leaves (about 16 entries: one level up to 256 entries, two up to 4,096,
 *   three up to 65,536) and go to a tree early: from 33 entries a root plus one leaf already costs
 *   less per change than rewriting the flat list (1.1 KB vs 1.5 KB at 32, 1.5 vs 11 KB at 256).
 * - Results entries compress to ~8 bytes (ids and reasons repeat), so results lists stay flat up to
 *   128 entries (where flat and tree cost the same, ~1.1 KB) and leaves hold about 64 (one level up
 *   to 1,024 entries: 3.9 KB per day at 1,000 with 5 changes, against 5.3 KB with leaves of 16).
 * - Flat lists are byte-identical to what stores wrote before trees existed, so small scopes keep
 *   their hashes (and their dedupe) across the upgrade.
 * - maxDepth only bounds keys whose hashes share a long prefix, i.e. equal keys (results may repeat
 *   a resource id): they share one leaf however many there are.
 */
export const MANIFEST_LAYOUT: TreeLayout = { bits: 4, flatMax: 32, leafTarget: 16, maxDepth: 6 };
export const RESULTS_LAYOUT: TreeLayout = { bits: 4, flatMax: 128, leafTarget: 64, maxDepth: 6 };

/** Levels below the root: 0 means the root's children are leaves. */
export function depthFor(count: number, layout: TreeLayout): number {
  const fanOut = 2 ** layout.bits;
  let depth = 0;
  while (depth < layout.maxDepth && count > layout.leafTarget * fanOut ** (depth + 1)) depth += 1;
  return depth;
}

/**
 * SHA-256 of keys, memoized: one run hashes the same resource ids for its manifest and for each
 * of its ~60 checks, so the cache turns 720k hashes a day into 12k; a store keeps one hasher for all
 * the runs it writes (the ids repeat day after day), emptied when it holds more than `maxKeys`.
 */
export class KeyHasher {
  private readonly digests = new Map<string, Buffer>();

  constructor(private readonly maxKeys = Number.POSITIVE_INFINITY) {}

  digest(key: string): Buffer {
    let digest = this.digests.get(key);
    if (digest === undefined) {
      digest = oneShotHash('sha256', key, 'buffer');
      if (this.digests.size >= this.maxKeys) this.digests.clear();
      this.digests.set(key, digest);
    }
    return digest;
  }

  /** The child slot of `key` in a node at `level` (0 = the root). */
  slot(key: string, level: number, bits: number): number {
    return slotOf(this.digest(key), level, bits);
  }

  /**
   * Whether `key` belongs in the node reached by `path` (its slot at each level from the root). The digest is
   * looked up once for all levels: verify checks every entry of every leaf it reads (issue 15).
   */
  sitsAt(key: string, path: readonly number[], bits: number): boolean {
    const digest = this.digest(key);
    for (let level = 0; level < path.length; level += 1) if (slotOf(digest, level, bits) !== path[level]) return false;
    return true;
  }
}

function slotOf(digest: Buffer, level: number, bits: number): number {
  // The layouts in use have 4 bits a level: one hex digit of the digest, read without the bit loop.
  if (bits === 4) return level * 4 < 256 ? (digest[level >> 1]! >> (level & 1 ? 0 : 4)) & 0xf : 0;
  let value = 0;
  for (let bit = level * bits; bit < (level + 1) * bits; bit += 1) {
    value = (value << 1) | ((digest[bit >> 3]! >> (7 - (bit & 7))) & 1);
  }
  return value;
}
