import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEvidence, producersFrom, type EvidenceReader } from '../../src/period/index.js';
import { scopeInventory } from '../../src/report/programme.js';
import { scopeHistory, type ScopeChange } from '../../src/report/scope-view.js';
import type { EvidenceStore } from '../../src/store/index.js';
import { collection, sealedRun, tempStore } from '../period/fixtures.js';
import { storeWith } from '../support/store-with.js';

const observation = (type: string, id: string, scope: string, attributes: Record<string, unknown> = {}) => ({ type, id, scope, attributes, source: ['test:Call'] });
const day = (d: number) => `2026-11-${String(10 + d).padStart(2, '0')}T06:00:00.000Z`;

/**
 * `scope --history` over runs without a declared scope reads each day's observed resources only where a manifest
 * changed since the day before (issue 15: ~6 s a week at the estate benchmark's default size), and must say exactly
 * what reading every observation of every day said.
 */
describe('scope history of runs without a declared scope', () => {
  let store: EvidenceStore;
  beforeEach(() => {
    store = tempStore();
  });
  afterEach(() => store.close());

  const producers = producersFrom([
    { id: 'widgets', produces: { 'demo.widget': {}, 'demo.gadget': {} } },
    { id: 'other', produces: { 'demo.other': {} } },
  ]);
  const types = ['demo.widget', 'demo.gadget', 'demo.other'];

  /** What the history said before: every day's inventory read whole from its observations. */
  function readingEverything(evidence: EvidenceReader, from: string, to: string): ScopeChange[] {
    const changes: ScopeChange[] = [];
    let before: Map<string, { type: string; id: string }> | null = null;
    for (const d of evidence.runsByDay({ from, to }).days) {
      const run = d.runs.at(-1);
      if (run === undefined) continue;
      const now = new Map(scopeInventory(evidence, run.id, null, types).inScope.map((r) => [`${r.type}\u0000${r.id}`, r]));
      if (before !== null) {
        for (const [key, r] of now) if (!before.has(key)) changes.push({ day: d.day, runId: run.id, change: 'entered', type: r.type, id: r.id });
        for (const [key, r] of before) if (!now.has(key)) changes.push({ day: d.day, runId: run.id, change: 'left', type: r.type, id: r.id });
      }
      before = now;
    }
    return changes;
  }

  it('names the same entries and departures as reading every observation, opening only what changed', () => {
    // 40 widgets: a chunk-tree manifest, of which one leaf changes from day to day.
    const many = Array.from({ length: 40 }, (_, i) => observation('demo.widget', `w${String(i).padStart(2, '0')}`, 'acct:1', { n: i }));
    const runs = [
      [
        collection('widgets', 'acct:1', day(1), { observations: [...many, observation('demo.gadget', 'g1', 'acct:1')] }),
        collection('widgets', 'acct:2', day(1), { observations: [observation('demo.widget', 'x1', 'acct:2')] }),
        // Not a producer of widgets: its stray widget is in no inventory.
        collection('other', 'acct:1', day(1), { observations: [observation('demo.other', 'o1', 'acct:1'), observation('demo.widget', 'stray', 'acct:1')] }),
      ],
      [
        // A changed widget (same id), a new one; acct:2 and other unchanged.
        collection('widgets', 'acct:1', day(2), { observations: [...many.slice(1), observation('demo.widget', 'w00', 'acct:1', { n: 'changed' }), observation('demo.widget', 'w99', 'acct:1'), observation('demo.gadget', 'g1', 'acct:1')] }),
        collection('widgets', 'acct:2', day(2), { observations: [observation('demo.widget', 'x1', 'acct:2')] }),
        collection('other', 'acct:1', day(2), { observations: [observation('demo.other', 'o1', 'acct:1'), observation('demo.widget', 'stray', 'acct:1')] }),
      ],
      [
        // acct:1 not collected: all of its resources leave; x1 leaves, x2 enters.
        collection('widgets', 'acct:2', day(3), { observations: [observation('demo.widget', 'x2', 'acct:2')] }),
        collection('other', 'acct:1', day(3), { observations: [observation('demo.other', 'o1', 'acct:1')] }),
      ],
      [
        // acct:1 back; g1 is now a widget (same id, another type).
        collection('widgets', 'acct:1', day(4), { observations: [...many, observation('demo.widget', 'g1', 'acct:1')] }),
        collection('widgets', 'acct:2', day(4), { observations: [observation('demo.widget', 'x2', 'acct:2')] }),
        collection('other', 'acct:1', day(4), { observations: [observation('demo.other', 'o1', 'acct:1')] }),
      ],
    ];
    runs.forEach((collections, i) => sealedRun(store, { startedAt: day(i + 1), collections }));
    const from = '2026-11-11';
    const to = '2026-11-14';

    let opened = 0;
    const counted = openEvidence(storeWith(store, { getBlob: (hash: string) => (opened++, store.getBlob(hash)) }), { timezone: 'UTC', producers });
    const changes = scopeHistory(counted, { from, to }, types);
    expect(changes).toEqual(readingEverything(openEvidence(store, { timezone: 'UTC', producers }), from, to));
    expect(changes.filter((c) => c.day === '2026-11-12').map((c) => [c.change, c.id])).toEqual([['entered', 'w99']]);
    expect(changes.filter((c) => c.day === '2026-11-13').map((c) => [c.change, c.type, c.id])).toContainEqual(['left', 'demo.gadget', 'g1']);
    expect(changes.filter((c) => c.day === '2026-11-13').map((c) => [c.change, c.id])).toContainEqual(['entered', 'x2']);
    expect(changes.filter((c) => c.day === '2026-11-14').map((c) => [c.change, c.type, c.id])).toContainEqual(['entered', 'demo.widget', 'g1']);
    expect(changes.filter((c) => c.day === '2026-11-14').map((c) => c.type)).not.toContain('demo.gadget');
    // Day 1 opens its 44 observations (and the tree's chunks); later days only their new observations and the chunks
    // and manifests that changed — far fewer than the 4 × 44 observations reading everything opens.
    expect(opened).toBeLessThan(44 + 40);
  });
});
