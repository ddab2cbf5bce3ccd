
/** Audit days, inclusive at both ends, as YYYY-MM-DD calendar dates in the audit time zone. */
export interface DayRange {
  readonly from: string;
  readonly to: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

function dayStartUtc(day: string, what: string): number {
  const ms = Date.parse(`${day}T00:00:00.000Z`);
  if (!DAY.test(day) || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) {
    throw new Error(`${what} must be a calendar date YYYY-MM-DD, got '${day}'`);
  }
  return ms;
}

/** Every day of the range in order. Calendar dates do not depend on the zone, so UTC arithmetic is exact. */
export function daysOf(range: DayRange): string[] {
  const from = dayStartUtc(range.from, 'range start');
  const to = dayStartUtc(range.to, 'range end');
  if (from > to) throw new Error(`range start ${range.from} is after its end ${range.to}`);
  const out: string[] = [];
  for (let t = from; t <= to; t += DAY_MS) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/**
 * UTC instants wide enough to hold every run that can fall on the range's days in any zone (offsets
 * run from -12h to +14h, so one day of margin each side); callers then keep the runs whose audit day
 * is in the range. The runs table holds a few rows a day, so the margin costs nothing.
 */
export function utcWindow(range: DayRange): { fromIso: string; toIso: string } {
  const from = dayStartUtc(range.from, 'range start') - DAY_MS;
  const to = dayStartUtc(range.to, 'range end') + 2 * DAY_MS;
  return { fromIso: new Date(from).toISOString(), toIso: new Date(to).toISOString() };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The audit day of a stored UTC timestamp. Same answer as util/calendar's dayIn, with the formatter
 * kept per zone: building an Intl.DateTimeFormat costs far more than using one, and a year of runs
 * and collections asks thousands of times.
 */
const UTC_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function auditDay(startedAt: string, timezone: string): string {
  // In UTC the day of a stored UTC timestamp (timestamps.ts: YYYY-MM-DDTHH:mm:ss.sssZ) is its first ten characters;
  // a year's read formats ~1,000 of them (issue 15). Anything else goes through the formatter.
  if (timezone === 'UTC' && UTC_TIMESTAMP.test(startedAt)) return startedAt.slice(0, 10);
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timezone, f);
  }
  return f.format(new Date(startedAt));
}
