import { KeyHasher, depthFor, type TreeLayout } from './tree-layout.js';
import { CheckedNode, type CheckedLeaf, type LeafShape } from './checked-node.js';

/**
 * Content-addressed chunk trees: building them from a sorted list, and walking them back.
 *
 * Blob shapes (canonical JSON, each its own blob):
 * - root:  `{"tree": {"v": 1, "bits": b, "depth": d}, "children": [slot × 2^b], …kind fields}`
 * - inner: `[slot × 2^b]` (levels 1..d)
 * - leaf:  the kind's own list shape (see tree-kinds.ts), entries in canonical order
 * A slot is a child's hash, or null when no key falls in it. The layout numbers live in the root,
 * so a tree stays readable if the constants that chose them change later.
 */

export const TREE_FORMAT_VERSION = 1;

export interface TreeHeader {
  v: number;
  bits: number;
  depth: number;
}

export interface TreeRoot {
  tree: TreeHeader;
  children: Array<string | null>;
}

/** How one kind of list (manifest, results) maps to leaves. */
export interface TreeCodec<T> {
  keyOf(item: T): string;
  /** Items arrive in canonical order; the leaf must keep it. */
  toLeaf(items: T[]): unknown;
  /** The leaf's items, or null when the value is not a leaf of this kind. */
  fromLeaf(value: unknown): T[] | null;
  /** The shape a blob-check worker gives this kind's leaves (checked-node.ts). */
  leafShape: LeafShape;
}

/** Stages a value as a blob and returns its hash. */
export type Stage = (value: unknown) => string;

/** Builds the tree for `items` (already in canonical order), staging every node below the root. */
export function buildTree<T>(
  items: readonly T[],
  codec: TreeCodec<T>,
  layout: TreeLayout,
  stage: Stage,
  hasher: KeyHasher,
): TreeRoot {
  const fanOut = 2 ** layout.bits;
  const depth = depthFor(items.length, layout);
  const slots = (group: readonly T[], level: number): Array<string | null> => {
    const buckets: T[][] = Array.from({ length: fanOut }, () => []);
    for (const item of group) buckets[hasher.slot(codec.keyOf(item), level, layout.bits)]!.push(item);
    return buckets.map((bucket) => {
      if (bucket.length === 0) return null;
      return stage(level === depth ? codec.toLeaf(bucket) : slots(bucket, level + 1));
    });
  };
  return { tree: { v: TREE_FORMAT_VERSION, bits: layout.bits, depth }, children: slots(items, 0) };
}

const HASH = /^[0-9a-f]{64}$/;

/** The root's tree header and children when `value` is a well-formed root, else null. */
export function parseTreeRoot(value: unknown): TreeRoot | null {
  if (typeof value !== 'object' || value === null || !('tree' in value) || !('children' in value)) return null;
  const { tree, children } = value as { tree: unknown; children: unknown };
  if (typeof tree !== 'object' || tree === null) return null;
  const { v, bits, depth } = tree as Partial<TreeHeader>;
  if (v !== TREE_FORMAT_VERSION || !Number.isInteger(bits) || !Number.isInteger(depth)) return null;
  // 256 bits of key hash: deeper levels would have no bits left to place keys by.
  if (bits! < 1 || bits! > 8 || depth! < 0 || (depth! + 1) * bits! > 256) return null;
  if (!isSlots(children, 2 ** bits!)) return null;
  return { tree: { v, bits: bits!, depth: depth! }, children };
}

/** A well-formed inner node: `fanOut` slots, each a child hash or null, at least one not null. */
export function isSlots(value: unknown, fanOut: number): value is Array<string | null> {
  return (
    Array.isArray(value) &&
    value.length === fanOut &&
    value.every((slot) => slot === null || (typeof slot === 'string' && HASH.test(slot))) &&
    value.some((slot) => slot !== null)
  );
}

/** What a walk does with nodes; reading and verifying differ only here. */
export interface TreeVisitor<T> {
  /**
   * The node's parsed value (null when it is not JSON: reported as malformed), or a worker's CheckedNode
   * description of it, or undefined to skip
   * it (already judged under an earlier run, or missing or corrupt and reported by the visitor).
   */
  enter(hash: string, where: string): unknown;
  items(items: T[], where: string): void;
  malformed(hash: string, where: string, reason: string): void;
  /**
   * Whether the node was already judged, so the walk skips it before naming its place (a changed root of a
   * year's tree leads to ~256 unchanged children; naming each cost more than the check, issue 15).
   */
  seen?(hash: string): boolean;
  /**
   * A leaf settled from a worker's description (enter returned a CheckedNode): it has items, and every key
   * sits in its slot when the walk checks placement. Without it such a leaf is parsed and checked here.
   */
  checkedLeaf?(leaf: CheckedLeaf, where: string): void;
  /**
   * The child slots of the inner node judged last at this place (`where`; '' for the root's own), when the visitor
   * keeps them: a slot that holds the same hash there is skipped without asking `seen`, its child having been
   * judged with that node. Each changed node of a tree repeats most of its predecessor's slots, and asking `seen`
   * for each (a lookup in a table of every blob, a cache miss or three) was a fifth of a year's `verify` (issue 15).
   */
  slotsBefore?(where: string): ReadonlyArray<string | null> | undefined;
  /** The inner node at `where` is judged: every child slot in `slots` was skipped as judged or entered. */
  slotsJudged?(where: string, slots: ReadonlyArray<string | null>): void;
}

/**
 * Visits every node below a root, leaves last. With a hasher it also checks that each leaf entry
 * sits in the slot its key hashes to (verify does; reads trust the content hashes and skip it).
 */
export function walkTree<T>(root: TreeRoot, codec: TreeCodec<T>, visitor: TreeVisitor<T>, hasher?: KeyHasher): void {
  const { bits, depth } = root.tree;
  const visit = (slots: Array<string | null>, level: number, path: number[], place: string): void => {
    const before = visitor.slotsBefore?.(place);
    slots.forEach((hash, slot) => {
      if (hash === null || before?.[slot] === hash || visitor.seen?.(hash)) return;
      const at = [...path, slot];
      const where = `chunk ${at.map((s) => s.toString(16)).join('.')}`;
      let value = visitor.enter(hash, where);
      if (value === undefined) return;
      if (value instanceof CheckedNode) {
        // Described by a blob-check worker: taken when the description settles the node; parsed and checked
        // below otherwise, so every problem is still named here.
        if (level < depth) {
          const slots = value.slots(2 ** bits);
          if (slots) return visit(slots, level + 1, at, where);
        } else if (visitor.checkedLeaf) {
          const leaf = value.leaf(codec.leafShape, at, hasher ? bits : undefined);
          if (leaf) return visitor.checkedLeaf(leaf, where);
        }
        value = value.parse();
      }
      if (level < depth) {
        if (isSlots(value, 2 ** bits)) visit(value, level + 1, at, where);
        else visitor.malformed(hash, where, 'is not a tree node');
        return;
      }
      const items = codec.fromLeaf(value);
      if (items === null || items.length === 0) return visitor.malformed(hash, where, 'is not a leaf of this tree');
      const misplaced = hasher && items.find((item) => !hasher.sitsAt(codec.keyOf(item), at, bits));
      if (misplaced) return visitor.malformed(hash, where, `holds key '${codec.keyOf(misplaced)}' outside its slot`);
      visitor.items(items, where);
    });
    visitor.slotsJudged?.(place, slots);
  };
  visit(root.children, 0, [], '');
}
