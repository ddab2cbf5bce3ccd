import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEvidence, producersFrom } from '../../src/period/index.js';
import type { EvidenceStore } from '../../src/store/index.js';
import { collection, sealedRun, tempStore } from './fixtures.js';
import { storeWith } from '../support/store-with.js';

const T = '2026-11-21T06:00:00.000Z';
const observation = (type: string, id: string, scope: string, attributes: Record<string, unknown>) => ({ type, id, scope, attributes, source: ['test:Call'] });

/** Issue 15: a report's scope inventory opened every observation once per type its collector produces. */
describe('observations of several types at once', () => {
  let store: EvidenceStore;
  beforeEach(() => {
    store = tempStore();
  });
  afterEach(() => store.close());

  it('gives each type the list observations() gives it, opening every observation blob once', () => {
    const runId = sealedRun(store, {
      startedAt: T,
      collections: [
        collection('widgets', 'acct:1', T, { observations: [observation('demo.widget', 'w1', 'acct:1', { size: 1 }), observation('demo.gadget', 'g1', 'acct:1', { on: true })] }),
        collection('widgets', 'acct:2', T, { observations: [observation('demo.widget', 'w2', 'acct:2', { size: 2 }), observation('demo.extra', 'x1', 'acct:2', {})] }),
        // Not a producer of demo.widget per the registry: its stray widget counts for no type.
        collection('other', 'acct:1', T, { observations: [observation('demo.widget', 'stray', 'acct:1', { size: 9 }), observation('demo.other', 'o1', 'acct:1', {})] }),
      ],
    });
    const producers = producersFrom([
      { id: 'widgets', produces: { 'demo.widget': {}, 'demo.gadget': {}, 'demo.extra': {} } },
      { id: 'other', produces: { 'demo.other': {} } },
    ]);
    const opened: string[] = [];
    const source = storeWith(store, { getBlob: (hash: string) => (opened.push(hash), store.getBlob(hash)) });
    const evidence = openEvidence(source, { timezone: 'UTC', producers });
    const types = ['demo.widget', 'demo.gadget', 'demo.other', 'demo.unknown'];
    const together = evidence.observationsOfTypes(runId, types);
    // Only the observations of the collectors producing a wanted type were opened, each once.
    expect(opened).toHaveLength(6);
    expect(new Set(opened).size).toBe(6);
    for (const type of types) expect(together.get(type)).toEqual(evidence.observations(runId, type));
    expect(together.get('demo.widget')!.map((o) => o.id)).toEqual(['w1', 'w2']);
    expect(together.get('demo.unknown')).toEqual([]);
  });

  it('counts each type from the counts stored with the manifests, flat and tree, opening no observation; null for manifests stored without them', () => {
    // 40 widgets: more than a flat manifest holds (32), so that collection's manifest is a chunk tree.
    const widgets = Array.from({ length: 40 }, (_, i) => observation('demo.widget', `w${String(i).padStart(2, '0')}`, 'acct:1', { size: i }));
    const runId = sealedRun(store, {
      startedAt: T,
      collections: [
        collection('widgets', 'acct:1', T, { observations: [...widgets, observation('demo.gadget', 'g1', 'acct:1', { on: true })] }),
        collection('widgets', 'acct:2', T, { observations: [observation('demo.widget', 'w-other', 'acct:2', { size: 2 }), observation('demo.extra', 'x1', 'acct:2', {})] }),
        collection('other', 'acct:1', T, { observations: [observation('demo.widget', 'stray', 'acct:1', { size: 9 }), observation('demo.other', 'o1', 'acct:1', {})] }),
      ],
    });
    const producers = producersFrom([
      { id: 'widgets', produces: { 'demo.widget': {}, 'demo.gadget': {}, 'demo.extra': {} } },
      { id: 'other', produces: { 'demo.other': {} } },
    ]);
    const manifests = store.collections(runId).map((c) => store.getBlob<Record<string, unknown>>(c.manifestHash));
    expect(manifests.some((m) => 'tree' in m && 'types' in m)).toBe(true);
    expect(manifests.some((m) => !('tree' in m) && 'types' in m)).toBe(true);
    let opened = 0;
    let withoutCounts = false;
    const source = storeWith(store, {
      getBlob: (hash: string) => (opened++, store.getBlob(hash)),
      manifestTypeCounts: (hash: string) => (withoutCounts ? undefined : store.manifestTypeCounts(hash)),
    });
    const evidence = openEvidence(source, { timezone: 'UTC', producers });
    const types = ['demo.widget', 'demo.gadget', 'demo.other', 'demo.unknown'];
    const counts = evidence.observationCountsOfTypes(runId, types);
    expect(opened).toBe(0);
    // The same numbers as the lists the observations give (the stray widget of a non-producer counts for nothing).
    const lists = evidence.observationsOfTypes(runId, types);
    expect(counts).toEqual(new Map([...lists].filter(([, l]) => l.length > 0).map(([t, l]) => [t, l.length])));
    expect(counts!.get('demo.widget')).toBe(41);
    // A run stored before the counts existed: the caller is told to read the observations.
    withoutCounts = true;
    expect(evidence.observationCountsOfTypes(runId, types)).toBeNull();
  });
});
