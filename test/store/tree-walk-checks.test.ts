import { describe, expect, it } from 'vitest';
import { compress, toCanonicalBlob } from '../../src/store/blob-codec.js';
import { packBatch } from '../../src/store/blob-batch-reader.js';
import { WorkerChecker } from '../../src/store/blob-checkers.js';
import type { CheckedNode } from '../../src/store/checked-node.js';
import { parseTreeRoot, walkTree, type TreeCodec, type TreeRoot } from '../../src/store/chunk-tree.js';
import { MANIFEST_CODEC, RESULTS_CODEC, parseManifestRoot, stageManifest, stageResults } from '../../src/store/tree-kinds.js';
import type { StoredResult } from '../../src/store/types.js';
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

/**
 * verify's walk takes most nodes from a blob-check worker's description (checked-node.ts) instead of parsing
 * them: a walk over the real worker's descriptions must read the same entries and name the same problems, in
 * the same words, as a walk over the parsed values, and must settle intact nodes without parsing them.
 */
describe('tree nodes described by a blob-check worker', () => {
  const hasher = new KeyHasher();
  const observations = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`resource-${i}`, hashJson({ i })]));
  const results: StoredResult[] = Array.from({ length: 600 }, (_, i) => ({ resourceId: `resource-${i}`, status: i % 7 ? 'pass' : 'fail', reason: `r${i}` }) as unknown as StoredResult);

  function build<T>(stageRoot: (stage: (value: unknown) => string) => string) {
    const blobs = new Map<string, unknown>();
    const stage = (value: unknown) => {
      const hash = hashJson(value);
      blobs.set(hash, value);
      return hash;
    };
    const rootValue = blobs.get(stageRoot(stage));
    return { blobs, root: rootValue as T };
  }

  /** Each value's canonical bytes through the real worker, keyed as in `blobs` (an edited value keeps its key). */
  function describe_(blobs: Map<string, unknown>): Map<string, CheckedNode> {
    const keys = [...blobs.keys()];
    const canonical = keys.map((k) => toCanonicalBlob(blobs.get(k)));
    const checker = new WorkerChecker(1);
    try {
      // Submitted under the hashes of their current content, so every blob is intact and described.
      checker.submit(packBatch(canonical.map((c) => c.hash), canonical.map((c) => c.bytes.length), canonical.map((c) => compress(c.bytes))));
      const opened = checker.next();
      const described = new Map<string, CheckedNode>();
      opened.forEach((o, i) => {
        expect(o.problem).toBeNull();
        if (o.node) described.set(keys[i]!, o.node);
      });
      return described;
    } finally {
      checker.close();
    }
  }

  function walkBoth<T>(blobs: Map<string, unknown>, root: TreeRoot, codec: TreeCodec<T>) {
    const plain = { problems: [] as string[], seen: [] as unknown[] };
    walkTree(root, codec, { enter: (h) => blobs.get(h), items: (items) => plain.seen.push(...items.map((i) => codec.keyOf(i))), malformed: (_h, where, reason) => plain.problems.push(`${where} ${reason}`) }, hasher);
    const described = describe_(blobs);
    const viaWorker = { problems: [] as string[], seen: [] as unknown[], settled: 0, parsed: 0 };
    walkTree(
      root,
      codec,
      {
        enter: (h) => described.get(h) ?? blobs.get(h),
        items: (items) => {
          viaWorker.parsed += 1;
          viaWorker.seen.push(...items.map((i) => codec.keyOf(i)));
        },
        checkedLeaf: (leaf) => {
          viaWorker.settled += 1;
          // A result list's entries are not sent (verify needs none); a manifest leaf's are its [id, hash] pairs.
          viaWorker.seen.push(...(codec === (MANIFEST_CODEC as unknown) ? leaf.entries.map(([id]) => id) : Array.from({ length: leaf.count }, () => '?')));
        },
        malformed: (_h, where, reason) => viaWorker.problems.push(`${where} ${reason}`),
      },
      hasher,
    );
    return { plain, viaWorker };
  }

  const manifest = () => {
    const { blobs, root } = build<unknown>((stage) => stageManifest({ observations, gaps: [] }, stage, hasher));
    return { blobs, root: parseManifestRoot(root)! };
  };
  const leafOf = (blobs: Map<string, unknown>, skip?: string) =>
    [...blobs].find(([h, v]) => h !== skip && typeof v === 'object' && v !== null && !Array.isArray(v) && !('tree' in v)) as [string, Record<string, unknown>];

  it('an intact manifest tree: every node settled from its description, the same entries', () => {
    const { blobs, root } = manifest();
    const { plain, viaWorker } = walkBoth(blobs, root, MANIFEST_CODEC);
    expect(viaWorker.problems).toEqual([]);
    expect(viaWorker.parsed).toBe(0);
    expect(viaWorker.settled).toBeGreaterThan(1);
    expect(viaWorker.seen).toEqual(plain.seen);
  });

  it('an intact results tree: every leaf settled, as many results', () => {
    const { blobs, root } = build<unknown>((stage) => stageResults(results, stage, hasher));
    const { plain, viaWorker } = walkBoth(blobs, parseTreeRoot(root)!, RESULTS_CODEC);
    expect(viaWorker.problems).toEqual([]);
    expect(viaWorker.parsed).toBe(0);
    expect(viaWorker.seen.length).toBe(plain.seen.length);
  });

  it('a key moved into another leaf, a value that is not a hash, a leaf where a node belongs: the same words', () => {
    const moved = manifest();
    const [aHash, a] = leafOf(moved.blobs);
    const key = Object.keys(a)[0]!;
    leafOf(moved.blobs, aHash)[1][key] = a[key];
    const notHash = manifest();
    leafOf(notHash.blobs)[1]['resource-x'] = 'ZZ'.repeat(32);
    const leafForNode = manifest();
    const inner = [...leafForNode.blobs].find(([, v]) => Array.isArray(v))![0];
    leafForNode.blobs.set(inner, leafOf(leafForNode.blobs)[1]);
    const nodeForLeaf = manifest();
    nodeForLeaf.blobs.set(leafOf(nodeForLeaf.blobs)[0], [...nodeForLeaf.blobs].find(([, v]) => Array.isArray(v))![1]);
    for (const [name, { blobs, root }] of Object.entries({ moved, notHash, leafForNode, nodeForLeaf })) {
      const { plain, viaWorker } = walkBoth(blobs, root, MANIFEST_CODEC);
      expect(plain.problems.length, name).toBeGreaterThan(0);
      expect(viaWorker.problems, name).toEqual(plain.problems);
    }
  });

  it('an inner node slot that is not a hash (64 dashes, upper case, too short or too long, a number) is named as by a parse, never read as an empty slot', () => {
    const bad: Array<[string, unknown]> = [
      ['dashes', '-'.repeat(64)],
      ['upper case', 'AB'.repeat(32)],
      ['short', 'ab'.repeat(31) + 'a'],
      ['long', 'ab'.repeat(32) + 'a'],
      ['number', 7],
    ];
    for (const [name, slot] of bad) {
      const tree = manifest();
      const [innerHash, inner] = [...tree.blobs].find(([, v]) => Array.isArray(v)) as [string, Array<string | null>];
      const edited = [...inner];
      edited[edited.findIndex((s) => s === null)] = slot as string;
      tree.blobs.set(innerHash, edited);
      const { plain, viaWorker } = walkBoth(tree.blobs, tree.root, MANIFEST_CODEC);
      expect(plain.problems, name).toEqual([expect.stringMatching(/ is not a tree node$/)]);
      expect(viaWorker.problems, name).toEqual(plain.problems);
      // A manifest leaf whose value is such a string is refused the same way.
      const leafTree = manifest();
      leafOf(leafTree.blobs)[1]['resource-x'] = slot;
      const leafWalk = walkBoth(leafTree.blobs, leafTree.root, MANIFEST_CODEC);
      expect(leafWalk.plain.problems.length, `leaf ${name}`).toBe(1);
      expect(leafWalk.viaWorker.problems, `leaf ${name}`).toEqual(leafWalk.plain.problems);
    }
  });

  it("a described manifest leaf reads each entry's key and value by position, as the parsed leaf's entries", () => {
    const leaf = { '': hashJson(0), 'arn:aws:iam::1:user/ünïcode': hashJson(1), 'b': hashJson(2), 'github:o/r#1': hashJson(3) };
    const described = describe_(new Map([['leaf', leaf]])).get('leaf')!.leaf('hashRecord', [], undefined)!;
    expect(described.count).toBe(4);
    const byPosition = Array.from({ length: described.count }, (_, i) => [described.key(i), described.value(i)]);
    expect(byPosition).toEqual(Object.entries(leaf));
    expect(described.entries).toEqual(Object.entries(leaf));
  });

  it('describes node shapes only: an observation, a root and an empty list are left to be parsed', () => {
    const blobs = new Map<string, unknown>([
      ['a', { attributes: { id: 'x' }, resourceId: 'x' }],
      ['b', { tree: { v: 1, bits: 4, depth: 1 }, children: [hashJson(1)], gaps: [] }],
      ['c', []],
      ['d', { only: hashJson(2) }],
    ]);
    const described = describe_(blobs);
    expect([...described.keys()]).toEqual(['d']);
    expect(described.get('d')!.leaf('hashRecord', [], 4)!.entries).toEqual([['only', hashJson(2)]]);
    expect(described.get('d')!.slots(16)).toBeNull();
    expect(described.get('d')!.leaf('resultList', [], 4)).toBeNull();
  });
});
