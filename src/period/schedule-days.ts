import { CronExpressionParser } from 'cron-parser';
import { CronWalk } from '../util/cron-walk.js';
import { auditDay, daysOf, utcWindow, type DayRange } from './days.js';

/**
 * The audit days on which the schedule (`schedule.cron` read in `schedule.timezone`) expected a run:
 * a day no slot falls on is not a gap when nothing ran. Uses cron-parser, the library the config
 * validates the expression with, so what is expected and what the daemon runs cannot disagree.
 *
 * Only whether a day has a firing matters, not how many: after a firing on audit day D the walk restarts
 * shortly before D's end (cron-parser's reset), so an hourly schedule costs a few steps a day instead of 24,
 * and a year of a daily one a few hundred (each cron-parser step is a handful of luxon date operations:
 * ~0.2-0.5 ms), each search run once (issue 15). The walk (util/cron-walk.ts) ends only at `endDate`: a search
 * cron-parser cannot finish (a DST change at Lord Howe) no longer ends it quietly.
 */
export function scheduledDays(cron: string, cronTimezone: string, auditTimezone: string, range: DayRange): (day: string) => boolean {
  if (UTC_ZONES.has(cronTimezone) && UTC_ZONES.has(auditTimezone) && firesEveryDay(cron)) return (day) => day >= range.from && day <= range.to;
  const all = daysOf(range);
  const { fromIso, toIso } = utcWindow(range);
  const expected = new Set<string>();
  const walk = new CronWalk(cron, cronTimezone, Date.parse(fromIso), Date.parse(toIso));
  const expect = (at: number) => {
    const day = auditDay(new Date(at).toISOString(), auditTimezone);
    if (day >= range.from && day <= range.to) expected.add(day);
  };
  // An hour cron-parser cannot search through (cron-walk.ts) counts as expected on its audit days: a day wrongly
  // expected shows a gap with its reason, a day wrongly not expected would hide one.
  const skipped = (fromMs: number, toMs: number) => {
    expect(fromMs);
    expect(toMs);
  };
  // A schedule firing many times a day reaches every day quickly; stop once every day is expected.
  while (expected.size < all.length) {
    const at = walk.next(skipped);
    if (at === null) break;
    expect(at);
    const restart = restartBefore(at, auditTimezone);
    if (restart > at) walk.restartAt(restart);
  }
  return (day) => expected.has(day);
}

/** Zone names that are UTC itself: no offset and no DST, so their calendar days are UTC days. */
const UTC_ZONES = new Set(['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT', 'Etc/Universal', 'Universal', 'Etc/Zulu', 'Zulu']);

/**
 * Whether the cron names every day (day of month, month and day of week all `*`): read in UTC, such a schedule
 * fires on every UTC day, since each has all 24 hours. The default schedule (daily at 06:00 UTC) and an agent in a
 * UTC container auditing UTC days need no walk at all: a year's walk is 365 cron-parser steps, 15-90 ms, a large
 * part of what a `sample` or `period` costs (issue 15). Any other zone can lose a firing to a DST change.
 */
function firesEveryDay(cron: string): boolean {
  const { dayOfMonth, month, dayOfWeek } = CronExpressionParser.parse(cron).fields;
  return dayOfMonth.isWildcard && month.isWildcard && dayOfWeek.isWildcard;
}

/** Hours kept before an estimated day end: more than any zone's DST shift (at most 2 h), so no next day's firing is skipped. */
const DAY_END_MARGIN_MS = 3 * 3_600_000;

/**
 * An instant after `at` and before the start of the audit day after the one `at` falls on, or `at` itself
 * when the day has less than the margin left: where the walk for the next audit day may restart. The day's
 * end is estimated from the wall clock at `at` (a DST change before midnight moves it by at most the margin).
 */
function restartBefore(at: number, timezone: string): number {
  const clock = wallClock(timezone).formatToParts(new Date(at));
  const part = (type: string) => Number(clock.find((p) => p.type === type)!.value);
  const intoDayMs = ((part('hour') % 24) * 60 + part('minute')) * 60_000 + part('second') * 1000 + (at % 1000);
  return at + (86_400_000 - intoDayMs) - DAY_END_MARGIN_MS;
}

const clocks = new Map<string, Intl.DateTimeFormat>();

function wallClock(timezone: string): Intl.DateTimeFormat {
  let f = clocks.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    clocks.set(timezone, f);
  }
  return f;
}

/** A schedule as expected days need it: its cron, and its collectors (null: every collector). */
export interface ScheduleOfCollectors {
  readonly cron: string;
  readonly timezone: string;
  readonly collectors: readonly string[] | null;
}

/**
 * Expected days under several schedules (schedule.perCollector): a day is expected when any schedule fires
 * on it, and — when there is more than one schedule — each collector's days are its own schedule's, so a
 * control fed by a weekly collector is not a gap on the days only an hourly one ran.
 */
export function schedulesExpectedDays(
  schedules: readonly ScheduleOfCollectors[],
  auditTimezone: string,
  range: DayRange,
): { isExpectedDay: (day: string) => boolean; expectedDayOfCollector?: (collector: string) => ((day: string) => boolean) | undefined } {
  const each = schedules.map((s) => ({ collectors: s.collectors, expected: scheduledDays(s.cron, s.timezone, auditTimezone, range) }));
  const isExpectedDay = (day: string) => each.some((s) => s.expected(day));
  if (each.length <= 1) return { isExpectedDay };
  return { isExpectedDay, expectedDayOfCollector: (collector) => each.find((s) => s.collectors === null || s.collectors.includes(collector))?.expected };
}
