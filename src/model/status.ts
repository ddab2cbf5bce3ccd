/**
 * Result statuses (DESIGN.md "Result statuses").
 * - pass / fail: the control was tested and held / did not hold.
 * - error: could not be evaluated (API error, AccessDenied, throttled after retries, malformed data).
 * - excepted: a documented, unexpired exception covers a failure.
 * - not_applicable: the check does not apply to this resource.
 */
export const STATUSES = ['pass', 'fail', 'error', 'excepted', 'not_applicable'] as const;
export type Status = (typeof STATUSES)[number];

/** What a check itself may return: `excepted` is only ever applied by the engine from config. */
export type VerdictStatus = Exclude<Status, 'excepted'>;

export type StatusCounts = Record<Status, number>;

export function emptyCounts(): StatusCounts {
  return { pass: 0, fail: 0, error: 0, excepted: 0, not_applicable: 0 };
}
