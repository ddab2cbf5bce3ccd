import { describe, expect, it } from 'vitest';
import { walkTree, type TreeRoot } from '../../src/store/chunk-tree.js';
import { MANIFEST_CODEC, parseManifestRoot, stageManifest } from '../../src/store/tree-kinds.js';
import { KeyHasher } from '../../src/store/tree-layout.js';
import { hashJson } from '../../src/util/canonical.js';

/**
 * What verify's walk checks in each manifest leaf (chunk-tree.ts walkTree with a hasher, MANIFEST_CODEC): every
 * value an observation hash, every key in the slot its hash picks at each level.
 */
describe('manifest leaves: shape and placement checks of the verifying walk', () => {
  const hasher = new KeyHasher();
  const observations = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`resource-${i}`, hashJson({ i })]));

  function build() {
    const blobs = new Map<string, unknown>();
    const stage = (value: unknown) => {
      const hash = hashJson(value);
      blobs.set(hash, value);
      return hash;
    };
    const root = parseManifestRoot(blobs.get(stageManifest({ observations, gaps: [] }, stage, hasher)))!;
    expect(root.tree.depth).toBeGreaterThan(0);
    return { blobs, root };
  }

  function walk(blobs: Map<string, unknown>, root: TreeRoot) {
    const problems: string[] = [];
    const seen: Array<[string, string]> = [];
    walkTree(
      root,
      MANIFEST_CODEC,
      {
        enter: (hash) => blobs.get(hash),
        items: (items) => seen.push(...items),
        malformed: (_hash, where, reason) => problems.push(`${where} ${reason}`),
      },
      hasher,
    );
    return { problems, seen };
  }

  /** A leaf (depth-level node) and the key of its first entry. */
  function someLeaf(blobs: Map<string, unknown>) {
    for (const [hash, value] of blobs) {
      if (typeof value === 'object' && value !== null && !Array.isArray(value) && !('tree' in value)) {
        return { hash, value: value as Record<string, string>, key: Object.keys(value)[0]! };
      }
    }
    throw new Error('no leaf');
  }

  it('an intact tree: every entry read once, nothing malformed', () => {
    const { blobs, root } = build();
    const { problems, seen } = walk(blobs, root);
    expect(problems).toEqual([]);
    expect(Object.fromEntries(seen)).toEqual(observations);
  });

  it('a key moved into another leaf is named as outside its slot', () => {
    const { blobs, root } = build();
    const a = someLeaf(blobs);
    const b = [...blobs].find(([hash, v]) => hash !== a.hash && typeof v === 'object' && v !== null && !Array.isArray(v) && !('tree' in v))!;
    (b[1] as Record<string, string>)[a.key] = a.value[a.key]!;
    const { problems } = walk(blobs, root);
    expect(problems).toEqual([expect.stringMatching(new RegExp(`^chunk [0-9a-f.]+ holds key '${a.key}' outside its slot$`))]);
  });

  it('a value that is not an observation hash makes the leaf not a leaf of this tree', () => {
    const { blobs, root } = build();
    for (const bad of ['ZZ'.repeat(32), 'abc', 42, null]) {
      const leaf = someLeaf(blobs);
      const original = leaf.value[leaf.key]!;
      (leaf.value as Record<string, unknown>)[leaf.key] = bad;
      expect(walk(blobs, root).problems, String(bad)).toEqual([expect.stringMatching(/^chunk [0-9a-f.]+ is not a leaf of this tree$/)]);
      leaf.value[leaf.key] = original;
    }
  });
});
