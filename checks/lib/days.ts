import { CannotEvaluate } from './known.js';

/**
 * Day arithmetic against the run's time (ctx.now) — checks never read the clock.
 * Reasons print calendar dates (`day()`), never ages, so an unchanged result reads the same every day.
 */

const DAY_MS = 86_400_000;

/** Parse an ISO-8601 timestamp from an observation; a malformed one is evidence we cannot use. */
export function parseTime(value: string, what: string): Date {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new CannotEvaluate(`${what} is not a valid timestamp: ${JSON.stringify(value)}`);
  return new Date(ms);
}

/** True when `time` lies strictly more than `days` days before `now`. */
export function isOlderThan(time: Date, days: number, now: Date): boolean {
  return time.getTime() < now.getTime() - days * DAY_MS;
}

/** The UTC calendar date, `YYYY-MM-DD`. */
export function day(time: Date): string {
  return time.toISOString().slice(0, 10);
}

/** "30 days" / "1 day". */
export function days(n: number): string {
  return n === 1 ? '1 day' : `${n} days`;
}
