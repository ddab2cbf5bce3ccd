import type { Status } from './status.js';

/** One check's outcome for one resource in one scope, as stored and reported. */
export interface CheckResult {
  readonly checkId: string;
  readonly scope: string;
  /** The observation id, or the scope itself when the whole scope could not be evaluated. */
  readonly resourceId: string;
  readonly status: Status;
  readonly reason: string;
  /** Set when `excepted`: what the check said (`fail`, or `error` when the exception covers errors). */
  readonly underlying?: 'fail' | 'error';
  /** Set when `excepted`: the exceptions-register entry that covers the result. */
  readonly exceptionId?: string;
}
// The observation a result was computed from is the same run's manifest entry for `resourceId`
// (collector × scope), which the seal covers. It is deliberately not repeated in each result: a
// changed resource would then rewrite every result set of its type, and storage must grow with
// changes in verdicts, not in observations.
