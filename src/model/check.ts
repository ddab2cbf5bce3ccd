import type { z } from 'zod';
import type { Observation } from './observation.js';
import type { AttributesOf, ObservationLookup, ObservationType } from './observation-types.js';
import type { VerdictStatus } from './status.js';

/** A check's answer for one resource. `reason` must be stable (dates, not ages) so unchanged results dedupe. */
export interface Verdict {
  readonly status: VerdictStatus;
  readonly reason: string;
}

export interface CheckContext<P> {
  /** The run's time: checks never read the clock. */
  readonly now: Date;
  /** Parameters: defaults from config/checks, overridden by the user's config, validated by `parameters`. */
  readonly params: P;
  /** Every observation of the run, for checks that join types (never needed by single-resource checks). */
  readonly observations: ObservationLookup;
}

/**
 * A check as the engine holds it: a pure function over one observation. No I/O, no clock, no SDK imports.
 * Metadata (title, severity, rationale, remediation, framework mappings, parameter defaults) is data in
 * `config/checks/<family>.yaml`, keyed by `id`.
 */
export interface CheckDefinition<A = any, P = any> {
  /** Named for the passing condition, e.g. `iam.root_mfa_enabled`. */
  readonly id: string;
  /** The observation type it tests, e.g. `aws.iam.account` (the spec's `observes`). */
  readonly observationType: string;
  /** Validates (and types) the merged parameters. */
  readonly parameters: z.ZodType<P>;
  evaluate(observation: Observation<A>, ctx: CheckContext<P>): Verdict;
}

/** What a check's file writes: the observation type it `observes` types its `evaluate` through ObservationTypeMap. */
export interface CheckSpec<K extends ObservationType, P> {
  readonly id: string;
  /** A type some collector declares, e.g. `aws.s3.bucket`; the attribute type follows from it. */
  readonly observes: K;
  readonly parameters: z.ZodType<P>;
  evaluate(observation: Observation<AttributesOf<K>>, ctx: CheckContext<P>): Verdict;
}

/**
 * Define a check. The attribute type is never written by hand: it is the zod schema's type for `observes`,
 * so a check cannot drift from what its collector emits.
 */
export function defineCheck<K extends ObservationType, P>(spec: CheckSpec<K, P>): CheckDefinition<AttributesOf<K>, P> {
  return { id: spec.id, observationType: spec.observes, parameters: spec.parameters, evaluate: spec.evaluate };
}
