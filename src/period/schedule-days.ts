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
