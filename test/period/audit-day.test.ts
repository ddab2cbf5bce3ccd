import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditDay } from '../../src/period/days.js';
import { dayIn, isValidTimeZone } from '../../src/util/calendar.js';

describe('auditDay', () => {
  it('in UTC takes a stored timestamp’s date as the time-zone formatter gives it, for any instant', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }), (d) => {
        expect(auditDay(d.toISOString(), 'UTC')).toBe(dayIn(d, 'UTC'));
      }),
      { numRuns: 500 },
    );
  });
  it('in another zone still goes through the formatter (a timestamp near midnight falls on the zone’s day)', () => {
    expect(auditDay('2026-03-14T23:30:00.000Z', 'Europe/Paris')).toBe('2026-03-15');
    expect(auditDay('2026-03-14T23:30:00.000Z', 'UTC')).toBe('2026-03-14');
    expect(auditDay('2026-03-15T01:30:00+02:00', 'UTC')).toBe('2026-03-14'); // not a stored form: formatted
  });
  it('isValidTimeZone answers the same on asking again (valid zones are remembered)', () => {
    expect([isValidTimeZone('Europe/Paris'), isValidTimeZone('Europe/Paris'), isValidTimeZone('Mars/Olympus'), isValidTimeZone('Mars/Olympus')]).toEqual([true, true, false, false]);
  });
});
