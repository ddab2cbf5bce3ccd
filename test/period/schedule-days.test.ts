import { describe, expect, it } from 'vitest';
import { CronExpressionParser } from 'cron-parser';
import { auditDay, daysOf, utcWindow, type DayRange } from '../../src/period/days.js';
import { scheduledDays } from '../../src/period/schedule-days.js';
import { CRON_RANGE_END } from '../../src/util/cron-walk.js';

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
  ['Etc/UTC', 'GMT'],
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

  it('a cron naming every day, read in UTC for UTC audit days, expects exactly the days of the range (no walk needed)', () => {
    const range = { from: '2026-02-26', to: '2026-03-02' };
    for (const cron of ['0 6 * * *', '*/5 * * * *', '0 0 0 * * *', '59 23 * * *']) {
      const expected = scheduledDays(cron, 'UTC', 'UTC', range);
      expect(['2026-02-25', ...daysOf(range), '2026-03-03'].filter(expected), cron).toEqual(daysOf(range));
    }
  });

  it('a weekly cron expects one day a week and an hourly one every day of a year', () => {
    const year = { from: '2025-12-06', to: '2026-12-05' };
    expect(daysOf(year).filter(scheduledDays('0 6 * * 1', 'UTC', 'UTC', year))).toHaveLength(52);
    expect(daysOf(year).filter(scheduledDays('0 * * * *', 'Europe/Berlin', 'UTC', year))).toEqual(daysOf(year));
  });
});

describe('scheduledDays where cron-parser cannot step across a DST change', () => {
  it("Australia/Lord_Howe's half-hour DST end does not end the walk: every later day is still expected", () => {
    // cron-parser 5 gives up with 'loop limit exceeded' searching across 2025-04-06 02:00 there; its iterator
    // ended the walk quietly, leaving the rest of the year unexpected (gaps hidden).
    const range = { from: '2025-01-01', to: '2025-12-31' };
    const expected = scheduledDays('0 2 * * *', 'Australia/Lord_Howe', 'Australia/Lord_Howe', range);
    const days = daysOf(range);
    // Only the day DST starts there, when 02:00 does not exist (02:00 -> 02:30), has no firing, as cron-parser says.
    expect(days.filter((d) => !expected(d))).toEqual(['2025-10-05']);
    const hourly = scheduledDays('0 * * * *', 'Australia/Lord_Howe', 'UTC', range);
    expect(days.filter((d) => !hourly(d))).toEqual([]);
    // A weekly schedule keeps its other days unexpected after the change.
    const weekly = scheduledDays('0 2 * * 1', 'Australia/Lord_Howe', 'Australia/Lord_Howe', range);
    expect(days.filter((d) => weekly(d)).length).toBeGreaterThanOrEqual(52);
    expect(days.filter((d) => weekly(d)).length).toBeLessThanOrEqual(54);
    expect(weekly('2025-12-29')).toBe(true); // a Monday long after the change
  });

  it("the walk's normal end is cron-parser's end-of-range error, recognised by its words", () => {
    const interval = CronExpressionParser.parse('0 6 * * *', { currentDate: new Date('2026-01-01T00:00:00Z'), endDate: new Date('2026-01-02T00:00:00Z'), tz: 'UTC' });
    interval.next();
    expect(() => interval.next()).toThrow(CRON_RANGE_END);
  });
});
