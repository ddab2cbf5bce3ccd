import type { Status } from './status.js';

/** One check's outcome for one resource in one scope, as stored and reported. */
export interface CheckResult {
  readonly checkId: string;
  readonly scope: string;
  /** The observation id, or the scope itself when the whole scope could not be evaluated. */
  readonly resourceId: string;
  readonly status: Status;
  readonly reason: string;
  /** Hash of the observation blob that was tested (absent when there was none). */
  readonly observationHash?: string;
}
