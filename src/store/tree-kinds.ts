import type { PopulationGap } from '../model/observation.js';
import { buildTree, isSlots, parseTreeRoot, walkTree, type Stage, type TreeCodec, type TreeRoot } from './chunk-tree.js';
import { compareResults } from './records.js';
import { compareText } from '../util/compare.js';
import { KeyHasher, MANIFEST_LAYOUT, RESULTS_LAYOUT, type TreeLayout } from './tree-layout.js';
import type { Manifest, StoredResult } from './types.js';

/**
 * Manifests and results blobs as chunk trees, and their flat form.
 *
 * A hash in `collections.manifest_hash` or `result_sets.results_hash` names either
 * - a flat blob: `{observations, gaps}` / `[result…]` — every list of at most `flatMax` entries
 *   (tree-layout.ts), and every list written before trees existed (schema 1), or
 * - a tree root: `{tree, children, gaps}` / `{tree, children}` (chunk-tree.ts).
 * The two shapes cannot be confused (a flat manifest has no `tree` key, flat results are an
 * array), and the shape is fixed by the sealed hash, so no per-run format marker is needed.
 */

export type ManifestEntry = [id: string, observationHash: string];

export interface ManifestRoot extends TreeRoot {
  gaps: PopulationGap[];
  /** Observations per type (Manifest.types); absent on roots stored before it existed. */
  types?: Record<string, number>;
}

const HASH = /^[0-9a-f]{64}$/;

function isHashRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string' && HASH.test(v))
  );
}

/** Manifest leaf: `{resource id: observation hash}` for the ids in one slot. */
export const MANIFEST_CODEC: TreeCodec<ManifestEntry> = {
  keyOf: ([id]) => id,
  leafShape: 'hashRecord',
  toLeaf: (entries) => Object.fromEntries(entries),
  // One pass over the entries (isHashRecord and then Object.entries read every value twice; a year's verify
  // reads ~600k manifest leaf entries, issue 15).
  fromLeaf: (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    const entries = Object.entries(value);
    for (const [, hash] of entries) if (typeof hash !== 'string' || !HASH.test(hash)) return null;
    return entries as ManifestEntry[];
  },
};

/** Results leaf: the results of the resources in one slot, in canonical order. */
export const RESULTS_CODEC: TreeCodec<StoredResult> = {
  keyOf: (result) => result.resourceId,
  leafShape: 'resultList',
  toLeaf: (results) => results,
  fromLeaf: (value) =>
    Array.isArray(value) &&
    value.every((r: unknown) => typeof r === 'object' && r !== null && typeof (r as StoredResult).resourceId === 'string')
      ? (value as StoredResult[])
      : null,
};

export function isFlatManifest(value: unknown): value is Manifest {
  if (typeof value !== 'object' || value === null || 'tree' in value) return false;
  const { observations, gaps } = value as Partial<Manifest>;
  return isHashRecord(observations) && Array.isArray(gaps);
}

export function parseManifestRoot(value: unknown): ManifestRoot | null {
  const root = parseTreeRoot(value);
  const gaps = (value as { gaps?: unknown } | null)?.gaps;
  if (!root || !Array.isArray(gaps)) return null;
  const types = (value as { types?: unknown }).types;
  return { ...root, gaps: gaps as PopulationGap[], ...(isTypeCounts(types) ? { types } : {}) };
}

/** A manifest's `types`: type → a whole number of observations. */
export function isTypeCounts(value: unknown): value is Record<string, number> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((n) => Number.isInteger(n) && (n as number) > 0);
}

/**
 * A manifest's observation counts per type, from its root blob alone (a tree's leaves are not read), or undefined
 * when the manifest was stored before counts were recorded or is not a manifest.
 */
export function manifestTypeCounts(value: unknown): Record<string, number> | undefined {
  if (isFlatManifest(value)) return isTypeCounts(value.types) ? value.types : undefined;
  return parseManifestRoot(value)?.types;
}

/** Stages a manifest (and its chunks) and returns the hash the collection row records. */
export function stageManifest(manifest: Manifest, stage: Stage, hasher: KeyHasher, layout: TreeLayout = MANIFEST_LAYOUT): string {
  const entries = Object.entries(manifest.observations).sort(([a], [b]) => compareText(a, b));
  if (entries.length <= layout.flatMax) return stage(manifest);
  return stage({ ...buildTree(entries, MANIFEST_CODEC, layout, stage, hasher), gaps: manifest.gaps, ...(manifest.types !== undefined ? { types: manifest.types } : {}) });
}

/** Stages a result list (canonically sorted) and returns the hash the result-set row records. */
export function stageResults(results: StoredResult[], stage: Stage, hasher: KeyHasher, layout: TreeLayout = RESULTS_LAYOUT): string {
  if (results.length <= layout.flatMax) return stage(results);
  return stage(buildTree(results, RESULTS_CODEC, layout, stage, hasher));
}

/** Reads blobs through `load` (which must refuse blobs that do not match their hash). */
export type Load = (hash: string) => unknown;

/** Leaf chunks of manifests already read, by hash: readManifest takes a leaf from here instead of reading it again. */
export type ManifestLeaves = Map<string, ManifestEntry[]>;

/**
 * A manifest, whole. With `leaves`, a tree's leaf chunks found there are not read again, and those read are added:
 * a collection's manifest changes from one day to the next in a few leaves (scope history reads one a day, issue 15).
 */
export function readManifest(value: unknown, load: Load, leaves?: ManifestLeaves): Manifest {
  if (isFlatManifest(value)) return value;
  const root = parseManifestRoot(value);
  if (!root) throw new Error('evidence store: blob is not a manifest');
  const entries = collect(root, MANIFEST_CODEC, load, leaves).sort(([a], [b]) => compareText(a, b));
  return { observations: Object.fromEntries(entries), gaps: root.gaps, ...(root.types !== undefined ? { types: root.types } : {}) };
}

export function readResults(value: unknown, load: Load): StoredResult[] {
  if (Array.isArray(value)) return value as StoredResult[];
  const root = parseTreeRoot(value);
  if (!root) throw new Error('evidence store: blob is not a results list');
  return collect(root, RESULTS_CODEC, load).sort(compareResults);
}

/**
 * The results that can differ between two result sets (`before`, `after`: their parsed root blobs), each side sorted
 * as readResults sorts it. When both are trees of one layout, only what lies under slots whose hashes differ is
 * read: an equal slot hash is equal content, so it holds the same results on both sides. Otherwise (flat lists, a
 * tree that grew a level) both lists are read whole. A day's diff at the benchmark's default size read 18,622
 * results of 13 changed sets; their differing leaves are ~70 blobs (issue 15). Every blob is read through `load`,
 * which checks it against its hash, and a node of the wrong shape is named as readResults names it.
 */
export function readResultsDifference(before: unknown, after: unknown, load: Load): { before: StoredResult[]; after: StoredResult[] } {
  const a = Array.isArray(before) ? null : parseTreeRoot(before);
  const b = Array.isArray(after) ? null : parseTreeRoot(after);
  if (!a || !b || a.tree.bits !== b.tree.bits || a.tree.depth !== b.tree.depth) return { before: readResults(before, load), after: readResults(after, load) };
  const { bits, depth } = b.tree;
  const fanOut = 2 ** bits;
  const out = { before: [] as StoredResult[], after: [] as StoredResult[] };
  const open = (hash: string, level: number, where: string): Array<string | null> | StoredResult[] => {
    const value = load(hash);
    if (level < depth) {
      if (isSlots(value, fanOut)) return value;
    } else {
      const items = RESULTS_CODEC.fromLeaf(value);
      if (items !== null && items.length > 0) return items;
    }
    throw new Error(`evidence store: ${where} (blob ${hash}) ${level < depth ? 'is not a tree node' : 'is not a leaf of this tree'}`);
  };
  // Slots at `level` of both sides (null: that side has nothing under this node), as walkTree numbers them.
  const pair = (x: readonly (string | null)[] | null, y: readonly (string | null)[] | null, level: number, path: readonly number[]): void => {
    for (let slot = 0; slot < fanOut; slot += 1) {
      const hx = x?.[slot] ?? null;
      const hy = y?.[slot] ?? null;
      if (hx === hy) continue;
      const at = [...path, slot];
      const where = `chunk ${at.map((s) => s.toString(16)).join('.')}`;
      const nx = hx === null ? null : open(hx, level, where);
      const ny = hy === null ? null : open(hy, level, where);
      if (level < depth) pair(nx as Array<string | null> | null, ny as Array<string | null> | null, level + 1, at);
      else {
        if (nx) out.before.push(...(nx as StoredResult[]));
        if (ny) out.after.push(...(ny as StoredResult[]));
      }
    }
  };
  pair(a.children, b.children, 0, []);
  out.before.sort(compareResults);
  out.after.sort(compareResults);
  return out;
}

function collect<T>(root: TreeRoot, codec: TreeCodec<T>, load: Load, leaves?: Map<string, T[]>): T[] {
  const out: T[] = [];
  // walkTree gives a leaf's items right after entering it, so the last hash entered is the leaf's.
  let entered = '';
  walkTree(root, codec, {
    enter: (hash) => ((entered = hash), load(hash)),
    items: (items) => {
      leaves?.set(entered, items);
      out.push(...items);
    },
    malformed: (hash, where, reason) => {
      throw new Error(`evidence store: ${where} (blob ${hash}) ${reason}`);
    },
    // A leaf read before: its items, not its blob (an inner node is never in `leaves`: its content is a slot list).
    ...(leaves !== undefined
      ? {
          seen: (hash: string) => {
            const known = leaves.get(hash);
            if (known !== undefined) out.push(...known);
            return known !== undefined;
          },
        }
      : {}),
  });
  return out;
}
