import { CronExpression } from 'cron-parser';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CronWalk } from '../../src/util/cron-walk.js';

afterEach(() => vi.restoreAllMocks());

describe('CronWalk (cron firings without cron-parser quiet stops)', () => {
  it('a search cron-parser never finishes is refused by name after 48 skipped hours, never an empty walk', () => {
    // cron-parser's own failure words at Lord Howe; here on every search, as a library bug could do anywhere.
    vi.spyOn(CronExpression.prototype, 'next').mockImplementation(() => {
      throw new Error('Invalid expression, loop limit exceeded');
    });
    const walk = new CronWalk('0 6 * * *', 'Europe/Berlin', Date.parse('2026-01-01T00:00:00Z'), Date.parse('2026-02-01T00:00:00Z'));
    const skipped: number[] = [];
    expect(() => walk.next((from) => skipped.push(from))).toThrow(/schedule "0 6 \* \* \*" \(Europe\/Berlin\): cron-parser found no firing after .*loop limit exceeded/);
    expect(skipped).toHaveLength(48);
  });

  it('ends (null) only at the end of its range', () => {
    const walk = new CronWalk('0 6 * * *', 'UTC', Date.parse('2026-01-01T00:00:00Z'), Date.parse('2026-01-03T00:00:00Z'));
    expect([walk.next(), walk.next(), walk.next()]).toEqual([Date.parse('2026-01-01T06:00:00Z'), Date.parse('2026-01-02T06:00:00Z'), null]);
  });
});
