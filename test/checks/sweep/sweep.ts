import type { z } from 'zod';
import type { CheckDefinition, Verdict } from '../../../src/model/check.js';
import type { Observation } from '../../../src/model/observation.js';
import type { ObservationLookup } from '../../../src/model/observation-types.js';
import { trackReads } from './read-tracker.js';
import { formatPath, instances, unknownablePaths, withUnknownAt, type AbstractPath, type Segment } from './unknown-paths.js';

/**
 * The Unknown sweep for one check: for each base observation of its type, every place its schema lets hold an
 * Unknown is set to `{ $unknown: 'sweep' }` in turn (array elements: all at once, then each on its own) and
 * the check evaluated again. Observations the check joins through `ctx.observations` are swept the same way.
 * Pure bookkeeping: the test decides what is allowed.
 */

export interface Base {
  readonly observation: Observation<unknown>;
  readonly now: Date;
  /** `demo` or `fixture`, for messages. */
  readonly origin: string;
}

export interface SweepCase {
  /** `policyIsPublic`, `trails[].logging` (every element), `trails[1].logging` (one), `→ aws.s3.bucket acl` (a joined observation). */
  readonly path: string;
  /** The abstract path, for exemptions: `trails[].logging`, `→ aws.s3.bucket acl`. */
  readonly abstract: string;
  /** Set in one element of several (a check may rightly pass on the others). */
  readonly oneOfMany: boolean;
  readonly base: string;
  readonly baseStatus: Verdict['status'];
  readonly verdict: Verdict;
  /** The check read a place that held the Unknown. */
  readonly read: boolean;
}

export interface CheckSweep {
  readonly bases: { readonly id: string; readonly origin: string; readonly verdict: Verdict }[];
  readonly cases: SweepCase[];
  /** Same base evaluated twice (and on a copy) gave different verdicts: not pure. */
  readonly impure: string[];
  /** All Unknown-able places of a base set at once. */
  readonly allUnknown: { readonly base: string; readonly baseStatus: Verdict['status']; readonly verdict: Verdict; readonly read: boolean }[];
  /** Evaluations that threw instead of answering. */
  readonly raised: string[];
  /** Abstract paths of the type that no base had a place for. */
  readonly uncovered: Set<string>;
}

const REASON = 'sweep';
const key = (type: string, id: string) => `${type}\n${id}`;

/** A lookup over the run's observations, with one observation replaced, recording what the check asked for. */
function lookupOver(all: ReadonlyMap<string, Observation<unknown>>, asked: Map<string, Observation<unknown>>, replace?: { key: string; observation: Observation<unknown> }): ObservationLookup {
  return {
    get: ((type: string, id: string) => {
      const k = key(type, id);
      const found = replace?.key === k ? replace.observation : all.get(k);
      if (found && !replace) asked.set(k, found);
      return found;
    }) as ObservationLookup['get'],
  };
}

/** Place sets to try for one abstract path: all places at once, then each on its own when there are several. */
function placeSets(value: unknown, path: AbstractPath): { places: Segment[][]; label: string; oneOfMany: boolean }[] {
  const places = instances(value, path);
  if (places.length === 0) return [];
  const sets = [{ places, label: formatPath(path), oneOfMany: false }];
  if (places.length > 1) for (const p of places) sets.push({ places: [p], label: formatPath(p), oneOfMany: true });
  return sets;
}

/** Every Unknown-able place set at once, outermost first (a field inside an Unknown no longer exists), and where. */
function everythingUnknown(value: unknown, paths: readonly AbstractPath[]): { value: unknown; places: Segment[][] } {
  let v = value;
  const all: Segment[][] = [];
  for (const path of paths) {
    const places = instances(v, path);
    if (places.length > 0) v = withUnknownAt(v, places, REASON);
    all.push(...places);
  }
  return { value: v, places: all };
}

export function sweepCheck(
  check: CheckDefinition,
  params: unknown,
  bases: readonly Base[],
  all: ReadonlyMap<string, Observation<unknown>>,
  schemas: ReadonlyMap<string, z.ZodType>,
): CheckSweep {
  const schema = schemas.get(check.observationType);
  const paths = schema ? unknownablePaths(schema) : [];
  const result: CheckSweep = { bases: [], cases: [], impure: [], raised: [], allUnknown: [], uncovered: new Set(paths.map((p) => formatPath(p))) };

  for (const base of bases) {
    const name = `${base.origin} ${base.observation.id}`;
    const asked = new Map<string, Observation<unknown>>();
    // As the runner does: a check that throws is recorded as `error` (and listed: it is a bug all the same).
    const run = (observation: Observation<unknown>, lookup: ObservationLookup): Verdict => {
      try {
        return check.evaluate(observation, { now: base.now, params, observations: lookup });
      } catch (err) {
        const reason = `raised: ${err instanceof Error ? err.message : String(err)}`;
        result.raised.push(`${name}: ${reason}`);
        return { status: 'error', reason };
      }
    };
    const verdict = run(base.observation, lookupOver(all, asked));
    result.bases.push({ id: base.observation.id, origin: base.origin, verdict });
    const again = run(structuredClone(base.observation), lookupOver(all, new Map()));
    if (JSON.stringify(again) !== JSON.stringify(verdict)) result.impure.push(`${name}: ${JSON.stringify(verdict)} then ${JSON.stringify(again)}`);

    const attributes = base.observation.attributes;
    for (const path of paths) {
      const sets = placeSets(attributes, path);
      if (sets.length > 0) result.uncovered.delete(formatPath(path));
      for (const { places, label, oneOfMany } of sets) {
        const tracked = trackReads(withUnknownAt(attributes, places, REASON), places);
        const swept = run({ ...base.observation, attributes: tracked.value }, lookupOver(all, new Map()));
        result.cases.push({ path: label, abstract: formatPath(path), oneOfMany, base: name, baseStatus: verdict.status, verdict: swept, read: tracked.touched() });
      }
    }
    const nothingKnown = everythingUnknown(attributes, paths);
    const trackedAll = trackReads(nothingKnown.value, nothingKnown.places);
    const allVerdict = run({ ...base.observation, attributes: trackedAll.value }, lookupOver(all, new Map()));
    result.allUnknown.push({ base: name, baseStatus: verdict.status, verdict: allVerdict, read: trackedAll.touched() });

    // Observations the check joined: an Unknown there must not pass either.
    for (const [k, joined] of asked) {
      const joinedSchema = schemas.get(joined.type);
      if (!joinedSchema) continue;
      for (const path of unknownablePaths(joinedSchema)) {
        for (const { places, label, oneOfMany } of placeSets(joined.attributes, path)) {
          const tracked = trackReads(withUnknownAt(joined.attributes, places, REASON), places);
          const replaced = { ...joined, attributes: tracked.value };
          const swept = run(base.observation, lookupOver(all, new Map(), { key: k, observation: replaced }));
          result.cases.push({
            path: `→ ${joined.type} ${label}`,
            abstract: `→ ${joined.type} ${formatPath(path)}`,
            oneOfMany,
            base: name,
            baseStatus: verdict.status,
            verdict: swept,
            read: tracked.touched(),
          });
        }
      }
    }
  }
  return result;
}
