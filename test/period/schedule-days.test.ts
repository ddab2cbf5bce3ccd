import { describe, expect, it } from 'vitest';
import { CronExpressionParser } from 'cron-parser';
import { auditDay, daysOf, utcWindow, type DayRange } from '../../src/period/days.js';
import { scheduledDays } from '../../src/period/schedule-days.js';

/**
 * scheduledDays skips ahead to the end of each audit day once the day has a firing (issue 15). These tests
 * compare it with every firing of the range walked one by one, across crons and zones where the audit day
 * and the cron's day differ and where DST shortens or lengthens the day.
 */
function everyFiringDays(cron: string, cronTimezone: string, auditTimezone: string, range: DayRange): string[] {
  const { fromIso, toIso } = utcWindow(range);
  const interval = CronExpressionParser.parse(cron, { currentDate: new Date(fromIso), endDate: new Date(toIso), tz: cronTimezone });
  const days = new Set<string>();
  while (interval.hasNext()) {
    const day = auditDay(interval.next().toISOString()!, auditTimezone);
    if (day >= range.from && day <= range.to) days.add(day);
  }
  return [...days].sort();
}

const CRONS = ['0 6 * * *', '0 * * * *', '*/15 * * * *', '30 2 * * *', '0 0 * * *', '59 23 * * *', '0 23 * * 1-5', '0 6 * * 1', '0 12 1 * *', '0 0,12 * * 0,3', '0 1 L * *', '30 0 0 * * *'];
const ZONES: [string, string][] = [
  ['UTC', 'UTC'],
  ['Europe/Berlin', 'Europe/Berlin'],
  ['Europe/Berlin', 'UTC'],
  ['UTC', 'America/New_York'],
  ['America/New_York', 'Pacific/Auckland'],
  ['Australia/Sydney', 'Asia/Kolkata'],
  ['Pacific/Kiritimati', 'Pacific/Pago_Pago'],
];
// Both DST changes of both hemispheres, and a leap day. (Not Australia/Lord_Howe: cron-parser 5 gives up with
// 'loop limit exceeded' at its half-hour DST end, which ends a walk of every firing there early.)
const RANGES: DayRange[] = [
  { from: '2026-03-20', to: '2026-04-12' },
  { from: '2026-09-20', to: '2026-11-05' },
  { from: '2028-02-25', to: '2028-03-02' },
];

describe('scheduledDays (expected days of a cron over a range)', () => {
  for (const [cronZone, auditZone] of ZONES) {
    it(`names the same days as walking every firing: cron in ${cronZone}, audit days in ${auditZone}`, () => {
      for (const cron of CRONS) {
        for (const range of RANGES) {
          const expected = scheduledDays(cron, cronZone, auditZone, range);
          expect(daysOf(range).filter(expected), `${cron} ${range.from}..${range.to}`).toEqual(everyFiringDays(cron, cronZone, auditZone, range));
        }
      }
    });
  }

  it('a weekly cron expects one day a week and an hourly one every day of a year', () => {
    const year = { from: '2025-12-06', to: '2026-12-05' };
    expect(daysOf(year).filter(scheduledDays('0 6 * * 1', 'UTC', 'UTC', year))).toHaveLength(52);
    expect(daysOf(year).filter(scheduledDays('0 * * * *', 'Europe/Berlin', 'UTC', year))).toEqual(daysOf(year));
  });
});
