import { isUnknown, type Unknown } from '../../src/model/unknown.js';
import type { CheckContext, Verdict } from '../../src/model/check.js';
import type { Observation } from '../../src/model/observation.js';

/**
 * Raised inside a check when the evidence it needs is missing or malformed. `unknownsAsError` turns it into
 * an `error` verdict carrying the reason, so no check can fall through to `pass` on evidence it did not see.
 */
export class CannotEvaluate extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'CannotEvaluate';
  }
}

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
