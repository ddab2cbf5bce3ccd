import { isDeepStrictEqual } from 'node:util';
import { hashJson } from '../util/canonical.js';
import { parseTreeRoot } from './chunk-tree.js';
import { stageResults, type Load } from './tree-kinds.js';
import { KeyHasher } from './tree-layout.js';
import type { StoredResult } from './types.js';

/**
 * Result-set hashes recomputed outside the database, so an evidence pack can be checked against its
 * seals offline: the seal covers each result set through its `resultsHash` (a flat list's hash, or a
 * chunk tree's root hash, tree-kinds.ts), and these functions redo that hashing from what a pack carries.
 */

/** The hash a complete result list (in the stored, canonical order) is sealed under: the same code that stores it, with a stage that only hashes. */
export function resultsHashOf(results: readonly StoredResult[]): string {
  return stageResults([...results], hashJson, new KeyHasher());
}

/**
 * An inclusion proof for some resources of a result set, for a pack that carries only those results:
 * the blobs from the root down to each leaf that holds one of them (a flat list is its own root and
 * leaf, so its proof is the whole list). Root first, then the nodes in walk order, each once.
 */
export function resultsProof(resultsHash: string, resourceIds: ReadonlySet<string>, load: Load): unknown[] {
  const root = load(resultsHash);
  const nodes: unknown[] = [root];
  const tree = parseTreeRoot(root);
  if (tree === null) return nodes; // flat
  const hasher = new KeyHasher();
  const seen = new Set<string>();
  for (const id of [...resourceIds].sort()) {
    let slots: Array<string | null> = tree.children;
    for (let level = 0; level <= tree.tree.depth; level += 1) {
      const hash = slots[hasher.slot(id, level, tree.tree.bits)];
      if (hash === null || hash === undefined) break; // not in the set: nothing to prove
      const node = load(hash);
      if (!seen.has(hash)) {
        seen.add(hash);
        nodes.push(node);
      }
      if (level < tree.tree.depth) slots = node as Array<string | null>;
    }
  }
  return nodes;
}

/**
 * Checks that every given result is in the result set sealed as `resultsHash`, using only the proof
 * nodes: the root must hash to `resultsHash`, each node on a resource's path must hash to the slot its
 * parent names, and the leaf must hold the result exactly. Returns the problem, or null.
 */
export function checkResultsProof(resultsHash: string, results: readonly StoredResult[], proof: readonly unknown[]): string | null {
  const byHash = new Map<string, unknown>();
  for (const node of proof) byHash.set(hashJson(node), node);
  const root = byHash.get(resultsHash);
  if (root === undefined) return 'no proof node hashes to the sealed results hash';
  const holds = (leaf: unknown, r: StoredResult) => Array.isArray(leaf) && leaf.some((x) => isDeepStrictEqual(x, r));
  const tree = parseTreeRoot(root);
  const hasher = new KeyHasher();
  for (const r of results) {
    if (tree === null) {
      if (!holds(root, r)) return `the sealed list does not hold this result for ${r.resourceId}`;
      continue;
    }
    let slots: unknown = tree.children;
    let leaf: unknown;
    for (let level = 0; level <= tree.tree.depth; level += 1) {
      const hash = Array.isArray(slots) ? (slots[hasher.slot(r.resourceId, level, tree.tree.bits)] as unknown) : undefined;
      const node = typeof hash === 'string' ? byHash.get(hash) : undefined;
      if (node === undefined) return `the proof has no sealed node on the path of ${r.resourceId} (level ${level})`;
      if (level < tree.tree.depth) slots = node;
      else leaf = node;
    }
    if (!holds(leaf, r)) return `the sealed chunk for ${r.resourceId} does not hold this result`;
  }
  return null;
}
