import { isUnknown, type Unknown } from '../../src/model/unknown.js';
import type { CheckContext, Verdict } from '../../src/model/check.js';
import type { Observation } from '../../src/model/observation.js';
import { CannotEvaluate } from '../../src/model/cannot-evaluate.js';

// Defined in the model because collectors raise it too (malformed policy documents).
export { CannotEvaluate };

/** The value, or a CannotEvaluate naming the attribute and the collector's reason. */
export function requireKnown<T>(value: T, what: string): Exclude<T, Unknown> {
  if (isUnknown(value)) throw new CannotEvaluate(`${what} could not be collected: ${value.$unknown}`);
  return value as Exclude<T, Unknown>;
}

/** Wraps a check body so CannotEvaluate becomes `{ status: 'error', reason }`; other exceptions propagate (bugs). */
export function unknownsAsError<A, P>(
  evaluate: (observation: Observation<A>, ctx: CheckContext<P>) => Verdict,
): (observation: Observation<A>, ctx: CheckContext<P>) => Verdict {
  return (observation, ctx) => {
    try {
      return evaluate(observation, ctx);
    } catch (err) {
      if (err instanceof CannotEvaluate) return { status: 'error', reason: err.reason };
      throw err;
    }
  };
}
