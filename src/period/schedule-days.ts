import { CronExpressionParser } from 'cron-parser';
import { auditDay, daysOf, utcWindow, type DayRange } from './days.js';

/**
 * The audit days on which the schedule (`schedule.cron` read in `schedule.timezone`) expected a run:
 * a day no slot falls on is not a gap when nothing ran. Uses cron-parser, the library the config
 * validates the expression with, so what is expected and what the daemon runs cannot disagree.
 */
export function scheduledDays(cron: string, cronTimezone: string, auditTimezone: string, range: DayRange): (day: string) => boolean {
  const all = daysOf(range);
  const { fromIso, toIso } = utcWindow(range);
  const expected = new Set<string>();
  const interval = CronExpressionParser.parse(cron, { currentDate: new Date(fromIso), endDate: new Date(toIso), tz: cronTimezone });
  // A schedule firing many times a day reaches every day quickly; stop once every day is expected.
  while (interval.hasNext() && expected.size < all.length) {
    const day = auditDay(interval.next().toISOString()!, auditTimezone);
    if (day >= range.from && day <= range.to) expected.add(day);
  }
  return (day) => expected.has(day);
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
