/**
 * A tree node's shape, worked out by a blob-check worker (blob-check-worker.ts) beside its decompression and
 * hash, so that verify's main thread walks the trees without parsing their nodes (JSON.parse, the hash pattern
 * of every slot and entry and the key digests that place a leaf's entries were half of the main thread's work
 * in a year's `verify`, issue 15).
 *
 * The worker cannot know where a blob sits in a tree (or whether it is a node at all), so it describes any
 * blob that has one of the node shapes; walkTree (chunk-tree.ts) takes the description only when it settles
 * the node, and parses the bytes and runs its own checks otherwise (a node that is not what its place needs,
 * a misplaced key, an unusual layout): what is wrong with a node is always named by the same code as before.
 */

/** Shape codes of the worker protocol. */
export const NODE_SHAPE = { none: 0, slots: 1, hashRecord: 2, resultList: 3 } as const;

/** Characters of a leaf's key-digest prefix the worker sends (4-bit levels: one hex digit a level). */
export const KEY_PREFIX_CHARS = 16;
/** A slot without a child in the worker's slots text (a hash is 64 hex digits). */
const NULL_SLOT = '-'.repeat(64);
const HEX_DIGITS = '0123456789abcdef';

export type LeafShape = 'hashRecord' | 'resultList';

export class CheckedNode {
  /**
   * `text` by shape: slots: each slot's hash, or NULL_SLOT, 64 characters each; hashRecord: the common prefix
   * of the SHA-256 hex digests of its keys (KEY_PREFIX_CHARS, padded with spaces), then its values (64
   * characters each) in Object.entries order, then its keys joined by NUL; resultList: the common prefix of
   * the digests of its resourceIds. `count`: the leaf's entries.
   */
  constructor(
    readonly bytes: Buffer,
    private readonly shape: number,
    private readonly text: string,
    private readonly count: number,
  ) {}

  /** The bytes parsed, as verify's walk did before (null when they are not JSON). */
  parse(): unknown {
    try {
      return JSON.parse(this.bytes.toString('utf8')) as unknown;
    } catch {
      return null;
    }
  }

  /** The child slots when this is an inner node of `fanOut` slots with at least one child (isSlots), else null. */
  slots(fanOut: number): Array<string | null> | null {
    if (this.shape !== NODE_SHAPE.slots || this.text.length !== fanOut * 64) return null;
    const slots = new Array<string | null>(fanOut);
    let any = false;
    for (let i = 0; i < fanOut; i += 1) {
      const slot = this.text.slice(i * 64, i * 64 + 64);
      if (slot === NULL_SLOT) slots[i] = null;
      else {
        slots[i] = slot;
        any = true;
      }
    }
    return any ? slots : null;
  }

  /**
   * The leaf when this is a non-empty leaf of `shape` whose every key sits at `path` (when `bits` is given:
   * the placement check), else null. Only 4-bit layouts within the prefix sent are settled here.
   */
  leaf(shape: LeafShape, path: readonly number[], bits: number | undefined): CheckedLeaf | null {
    if (this.shape !== NODE_SHAPE[shape] || this.count === 0) return null;
    if (bits !== undefined) {
      if (bits !== 4 || path.length > KEY_PREFIX_CHARS) return null;
      for (let level = 0; level < path.length; level += 1) {
        if (this.text.charCodeAt(level) !== HEX_DIGITS.charCodeAt(path[level]!)) return null;
      }
    }
    if (shape === 'resultList') return new CheckedLeaf(this.count, '', 0);
    const keysStart = KEY_PREFIX_CHARS + 64 * this.count;
    // As many keys as entries (keys hold no NUL): counted without splitting them, most are never read.
    let nuls = 0;
    for (let at = this.text.indexOf('\0', keysStart); at !== -1; at = this.text.indexOf('\0', at + 1)) nuls += 1;
    if (nuls !== this.count - 1) return null;
    return new CheckedLeaf(this.count, this.text, keysStart);
  }
}

/**
 * A leaf settled from its description: a hash record's entries, read one at a time (a result list's are not sent).
 * verify looks at every value of a new manifest leaf but needs the key only of the few values it had not seen
 * before, to name them; building every [key, value] pair (~600,000 on a year) was a tenth of its tree walk (issue 15).
 */
export class CheckedLeaf {
  constructor(
    readonly count: number,
    private readonly text: string,
    private readonly keysStart: number,
  ) {}

  /** Entry i's value (a manifest leaf's observation hash). */
  value(i: number): string {
    return this.text.slice(KEY_PREFIX_CHARS + 64 * i, KEY_PREFIX_CHARS + 64 * i + 64);
  }

  /** Entry i's key. */
  key(i: number): string {
    let start = this.keysStart;
    for (let k = 0; k < i; k += 1) start = this.text.indexOf('\0', start) + 1;
    const end = this.text.indexOf('\0', start);
    return this.text.slice(start, end === -1 ? this.text.length : end);
  }

  /** Every [key, value] entry, in the leaf's order (empty for a result list). */
  get entries(): Array<[string, string]> {
    if (this.keysStart === 0) return [];
    const keys = this.text.slice(this.keysStart).split('\0');
    return keys.map((key, i) => [key, this.value(i)]);
  }
}
