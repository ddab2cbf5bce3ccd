import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { openEvidence, producersFrom } from '../../src/period/index.js';
import type { AttributesOf } from '../../src/model/observation-types.js';
import type { EvidenceStore } from '../../src/store/index.js';
import { collection, sealedRun, tempStore } from './fixtures.js';
import { storeWith } from '../support/store-with.js';

const T = '2026-11-21T06:00:00.000Z';
const observation = (type: string, id: string, scope: string, attributes: Record<string, unknown>) => ({ type, id, scope, attributes, source: ['test:Call'] });

describe('typed observation lookup by type', () => {
  let store: EvidenceStore;
  beforeEach(() => {
    store = tempStore();
  });
  afterEach(() => store.close());

  it("returns one type's observations from the collectors that produce it, and reads no other manifest", () => {
    const runId = sealedRun(store, {
      startedAt: T,
      collections: [
        collection('widgets', 'acct:1', T, { observations: [observation('demo.widget', 'w1', 'acct:1', { size: 1 }), observation('demo.gadget', 'g1', 'acct:1', { on: true })] }),
        collection('widgets', 'acct:2', T, { observations: [observation('demo.widget', 'w2', 'acct:2', { size: 2 })] }),
        // Not a producer of demo.widget per the registry, so never read for it (even if it held one).
        collection('other', 'acct:1', T, { observations: [observation('demo.widget', 'stray', 'acct:1', { size: 9 })] }),
      ],
    });
    const producers = producersFrom([
      { id: 'widgets', produces: { 'demo.widget': {}, 'demo.gadget': {} } },
      { id: 'other', produces: { 'demo.other': {} } },
    ]);
    const read: string[] = [];
    const source = storeWith(store, { manifest: (hash: string) => (read.push(hash), store.manifest(hash)) });
    const evidence = openEvidence(source, { timezone: 'UTC', producers });
    const widgets = evidence.observations(runId, 'demo.widget');
    expect(widgets.map((w) => [w.id, w.scope, w.attributes])).toEqual([
      ['w1', 'acct:1', { size: 1 }],
      ['w2', 'acct:2', { size: 2 }],
    ]);
    const widgetManifests = store.collections(runId).filter((c) => c.collector === 'widgets').map((c) => c.manifestHash);
    expect(read).toEqual(widgetManifests);
    expect(evidence.observations(runId, 'demo.unknown')).toEqual([]);
  });

  it('types attributes through the observation-type map', () => {
    const evidence = openEvidence(store, { timezone: 'UTC', producers: () => [] });
    type Evaluations = ReturnType<typeof evidence.observations<'aws.config.rule_evaluation'>>;
    expectTypeOf<Evaluations[number]['attributes']>().toEqualTypeOf<AttributesOf<'aws.config.rule_evaluation'>>();
    expectTypeOf<Evaluations[number]['attributes']['managedRuleIdentifier']>().toEqualTypeOf<string | null>();
  });
});
