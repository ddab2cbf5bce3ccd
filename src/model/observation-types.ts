import type { z } from 'zod';
import type { Observation } from './observation.js';

/**
 * Observation type → attribute type, filled by each collector's observations.ts through declaration
 * merging, so the model never imports a collector and each type's shape is stated once — as the zod schema
 * in the collector's `produces` record:
 *
 *   declare module '../../src/model/observation-types.js' {
 *     interface ObservationTypeMap extends ProducedTypes<typeof S3_OBSERVATION_TYPES> {}
 *   }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface ObservationTypeMap {}

/** Every observation type some collector declares (a typo in `defineCheck({ observes })` is a compile error). */
export type ObservationType = keyof ObservationTypeMap & string;

/** A collector's `produces` record (type → zod schema) as the attribute types it declares. */
export type ProducedTypes<R extends Readonly<Record<string, z.ZodType>>> = { -readonly [K in keyof R]: z.infer<R[K]> };

/** The attributes of a known observation type; a plain record for a type no collector declares. */
export type AttributesOf<K extends string> = K extends keyof ObservationTypeMap ? ObservationTypeMap[K] : Record<string, unknown>;

/**
 * Read-only lookup into the run's observation set, for checks that join two types (a CloudTrail trail and
 * its delivery bucket). Pure: the engine builds it from what was collected; a check never fetches.
 */
export interface ObservationLookup {
  /** The observation of `type` with this id anywhere in the run (any scope), or undefined when none was collected. */
  get<K extends string>(type: K, id: string): Observation<AttributesOf<K>> | undefined;
}

/** A lookup with nothing in it: for evaluating one observation on its own (unit tests, single-resource checks). */
export const NO_OTHER_OBSERVATIONS: ObservationLookup = { get: () => undefined };
