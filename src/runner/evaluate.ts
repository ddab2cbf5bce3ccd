import type { CheckDefinition } from '../model/check.js';
import type { CheckResult } from '../model/result.js';
import type { DeclaredScopeConfig } from '../config/programme-schema.js';
import type { RegisteredException } from '../programme/exceptions-register.js';
import { scopeDecider } from '../programme/scope.js';
import type { CollectedScope } from './collect.js';
import { applyExceptions } from './exceptions.js';
import type { AttributesOf, ObservationLookup } from '../model/observation-types.js';
import type { Observation } from '../model/observation.js';

export interface RunnableCheck {
  readonly definition: CheckDefinition;
  readonly params: unknown;
  /** The check's framework mappings (an exception may name a control instead of the check). */
  readonly metadata?: { readonly mappings: Readonly<Record<string, readonly string[]>> };
}

export interface EvaluationInput {
  readonly checks: readonly RunnableCheck[];
  readonly collected: readonly CollectedScope[];
  readonly now: Date;
  /** The run's day in the audit time zone, for exception expiry. */
  readonly today: string;
  readonly exceptions: readonly RegisteredException[];
  /** The declared scope: observations outside it are listed by `scope`, never evaluated. Absent → all in scope. */
  readonly declaredScope?: DeclaredScopeConfig | undefined;
}

/** One result set per check × scope. */
export interface EvaluatedSet {
  readonly checkId: string;
  readonly scope: string;
  readonly results: CheckResult[];
}

/**
 * Evaluates every check over every scope whose collector produces its observation type.
 * Silence is never success: a failed collection, a population gap or an invalid observation gives
 * `error`; a scope with no resource of the type gives one `not_applicable` saying so.
 */
export function evaluateAll(input: EvaluationInput): EvaluatedSet[] {
  const sets: EvaluatedSet[] = [];
  const observations = indexObservations(input.collected);
  for (const check of input.checks) {
    const type = check.definition.observationType;
    for (const collected of input.collected) {
      if (!(type in collected.collector.produces)) continue;
      sets.push({ checkId: check.definition.id, scope: collected.scope, results: evaluateScope(check, collected, input, observations) });
    }
  }
  return sets;
}

function evaluateScope(check: RunnableCheck, collected: CollectedScope, input: EvaluationInput, lookup: ObservationLookup): CheckResult[] {
  const { id: checkId, observationType: type } = check.definition;
  const scope = collected.scope;
  const base = { checkId, scope };
  if (collected.status === 'error') {
    return [{ ...base, resourceId: scope, status: 'error', reason: `collection by ${collected.collector.id} failed: ${collected.error}` }];
  }
  const results: CheckResult[] = [];
  for (const gap of collected.gaps.filter((g) => g.type === type)) {
    results.push({ ...base, resourceId: scope, status: 'error', reason: `${type} resources could not be listed: ${gap.reason}` });
  }
  for (const bad of collected.invalid.filter((i) => i.type === type)) {
    results.push({ ...base, resourceId: bad.id, status: 'error', reason: bad.reason });
  }
  // Out of scope is listed (controlwatch scope), never judged: no result, so never a pass.
  const inScope = scopeDecider(input.declaredScope, collected.observations);
  const observations = collected.observations.filter((o) => o.type === type && inScope(o).inScope);
  const ref = { id: checkId, controls: new Set(Object.values(check.metadata?.mappings ?? {}).flat()) };
  for (const observation of observations) {
    let verdict;
    try {
      verdict = check.definition.evaluate(observation, { now: input.now, params: check.params, observations: lookup });
    } catch (err) {
      // A check that throws is a bug; its resource is not evaluated, so `error`, never a pass.
      verdict = { status: 'error' as const, reason: `check ${checkId} raised: ${err instanceof Error ? err.message : String(err)}` };
    }
    const applied = applyExceptions(ref, observation.id, verdict, input.exceptions, input.today);
    results.push({ ...base, resourceId: observation.id, ...applied });
  }
  if (results.length === 0) {
    const outside = collected.observations.some((o) => o.type === type);
    results.push({ ...base, resourceId: scope, status: 'not_applicable', reason: outside ? `no ${type} resources of ${scope} are in the declared scope` : `no ${type} resources in ${scope}` });
  }
  return results;
}

/** The run's valid observations by type and id, across every scope (a bucket is one resource whatever scope lists it). */
export function indexObservations(collected: readonly CollectedScope[]): ObservationLookup {
  const byKey = new Map<string, Observation>();
  for (const c of collected) for (const o of c.observations) byKey.set(`${o.type}\u0000${o.id}`, o);
  const lookup: ObservationLookup = {
    // The map holds what the collectors' zod schemas validated for each type, so the cast states a checked fact.
    get: <K extends string>(type: K, id: string) => byKey.get(`${type}\u0000${id}`) as Observation<AttributesOf<K>> | undefined,
  };
  return lookup;
}
