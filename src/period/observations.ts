import type { Observation } from '../model/observation.js';
import type { AttributesOf } from '../model/observation-types.js';
import type { EvidenceSource } from './source.js';
import type { CollectionRow } from '../store/index.js';
import type { ManifestLeaves } from '../store/tree-kinds.js';

/**
 * Which collectors produce an observation type. The period layer never names a collector: the caller
 * passes this from the registry (`producersFrom(registry.collectors)`), so a new collector that
 * produces a known type is found without touching any reader.
 */
export type Producers = (type: string) => readonly string[];

/** Producers from collector definitions' `produces` records (type → schema). */
export function producersFrom(collectors: readonly { readonly id: string; readonly produces: Readonly<Record<string, unknown>> }[]): Producers {
  const byType = new Map<string, string[]>();
  for (const c of collectors) for (const type of Object.keys(c.produces)) byType.set(type, [...(byType.get(type) ?? []), c.id]);
  return (type) => byType.get(type) ?? [];
}

/**
 * The observations of one type recorded in a sealed run, typed by the observation-type map, in
 * (collector, scope, resource id) order. Only the producing collectors' manifests are read.
 */
export function observationsOf<K extends string>(source: EvidenceSource, runId: number, type: K, producers: Producers): Observation<AttributesOf<K>>[] {
  return (observationsOfTypes(source, runId, [type], producers).get(type) ?? []) as Observation<AttributesOf<K>>[];
}

/**
 * How many observations of each of `types` a sealed run recorded (type → count, types with none left out), counted
 * as observationsOfTypes would list them, from the counts each manifest recorded when it was stored: no observation
 * is opened. null when a producing collection's manifest predates those counts (the caller then reads the
 * observations).
 */
export function observationCountsOfTypes(source: EvidenceSource, runId: number, types: readonly string[], producers: Producers): Map<string, number> | null {
  const counts = new Map<string, number>();
  for (const { collection, wanted } of producingCollections(source, runId, types, producers)) {
    const recorded = source.manifestTypeCounts(collection.manifestHash);
    if (recorded === undefined) return null;
    for (const [type, n] of Object.entries(recorded)) if (wanted.has(type)) counts.set(type, (counts.get(type) ?? 0) + n);
  }
  return counts;
}

/** One observation as a scope inventory names it. */
export interface ObservedResource {
  readonly type: string;
  readonly id: string;
  readonly scope: string;
}

/**
 * What observedResources keeps from one run to the next of a period: the resources a manifest lists (by its hash;
 * a collection that did not change from one day to the next has the same manifest) and each observation's type and
 * scope (by its hash). Only the last run's manifests are kept.
 */
export class ObservedResourcesCache {
  byManifest = new Map<string, readonly ObservedResource[]>();
  readonly byObservation = new Map<string, ObservedResource>();
  /** Manifest leaf chunks read so far (a changed manifest shares most leaves with the day before); emptied past LEAVES_KEPT. */
  readonly leaves: ManifestLeaves = new Map();
}

/** ~16 entries a leaf: a default-size estate's manifests fit ~1,000 leaves; a year of churn adds ~150 a day. */
const LEAVES_KEPT = 20_000;

/**
 * The type, id and scope of every observation of `types` a sealed run recorded, each type's list in the order
 * observationsOfTypes gives it, opening only the manifests and observations `cache` has not seen. A period's scope
 * history asks this of every day: at the estate benchmark's default size, opening each day's 16,784 observations
 * took ~6 s a week; from one day to the next ~1 % of them change.
 */
export function observedResources(source: EvidenceSource, runId: number, types: readonly string[], producers: Producers, cache: ObservedResourcesCache): Map<string, ObservedResource[]> {
  const out = new Map<string, ObservedResource[]>(types.map((t) => [t, []]));
  const kept = new Map<string, readonly ObservedResource[]>();
  for (const { collection, wanted } of producingCollections(source, runId, types, producers)) {
    let listed = kept.get(collection.manifestHash) ?? cache.byManifest.get(collection.manifestHash);
    if (listed === undefined) {
      if (cache.leaves.size > LEAVES_KEPT) cache.leaves.clear();
      listed = Object.values(source.manifest(collection.manifestHash, cache.leaves).observations).map((hash) => {
        let seen = cache.byObservation.get(hash);
        if (seen === undefined) {
          const o = source.getBlob<Observation>(hash);
          cache.byObservation.set(hash, (seen = { type: o.type, id: o.id, scope: o.scope }));
        }
        return seen;
      });
    }
    kept.set(collection.manifestHash, listed);
    for (const r of listed) if (wanted.has(r.type)) out.get(r.type)!.push(r);
  }
  cache.byManifest = kept;
  return out;
}

/**
 * The run's collections whose collector produces one of `types`, in the store's order, each with the wanted types
 * its collector produces (an observation counts only for a type its collector produces).
 */
function* producingCollections(source: EvidenceSource, runId: number, types: readonly string[], producers: Producers): Generator<{ collection: CollectionRow; wanted: ReadonlySet<string> }> {
  const wantedFrom = new Map<string, Set<string>>();
  for (const type of types) for (const collector of producers(type)) wantedFrom.set(collector, (wantedFrom.get(collector) ?? new Set()).add(type));
  for (const collection of source.collections(runId)) {
    const wanted = wantedFrom.get(collection.collector);
    if (wanted !== undefined) yield { collection, wanted };
  }
}

/**
 * observationsOf for several types at once, each list as observationsOf gives it: every manifest and
 * observation is opened once, not once per type (a collector that produces five types was read five
 * times by a report's scope inventory, issue 15).
 */
export function observationsOfTypes(source: EvidenceSource, runId: number, types: readonly string[], producers: Producers): Map<string, Observation[]> {
  const out = new Map<string, Observation[]>(types.map((t) => [t, []]));
  for (const { collection, wanted } of producingCollections(source, runId, types, producers)) {
    const manifest = source.manifest(collection.manifestHash);
    for (const hash of Object.values(manifest.observations)) {
      // A collector may produce several types and the manifest does not say which is which, so each
      // observation is opened to read its type (unchanged ones are shared blobs, stored once).
      const observation = source.getBlob<Observation>(hash);
      if (wanted.has(observation.type)) out.get(observation.type)!.push(observation);
    }
  }
  return out;
}
