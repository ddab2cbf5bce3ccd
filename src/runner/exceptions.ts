import type { ExceptionConfig } from '../config/schema.js';
import type { Verdict } from '../model/check.js';
import type { Status } from '../model/status.js';
import { matchesPattern } from '../util/glob.js';

export interface AppliedVerdict {
  readonly status: Status;
  readonly reason: string;
}

/**
 * Applies documented exceptions: a `fail` covered by an exception in force on `today` (audit time zone)
 * becomes `excepted`, keeping the original reason and naming approver and expiry. Only failures are
 * excepted: an `error` was never evaluated, so there is nothing to accept. An expired exception leaves
 * the failure standing and says so.
 */
export function applyExceptions(
  checkId: string,
  resourceId: string,
  verdict: Verdict,
  exceptions: readonly ExceptionConfig[],
  today: string,
): AppliedVerdict {
  if (verdict.status !== 'fail') return verdict;
  const matching = exceptions.filter((e) => e.check === checkId && matchesPattern(e.resource, resourceId));
  if (matching.length === 0) return verdict;
  const active = matching.find((e) => e.expires >= today);
  if (active) {
    return {
      status: 'excepted',
      reason: `${verdict.reason} — excepted until ${active.expires}, approved by ${active.approver}: ${active.justification}`,
    };
  }
  const latest = matching.reduce((a, b) => (a.expires >= b.expires ? a : b));
  return { status: 'fail', reason: `${verdict.reason} (exception approved by ${latest.approver} expired on ${latest.expires})` };
}
