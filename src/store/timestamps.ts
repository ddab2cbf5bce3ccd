/** UTC ISO-8601 with milliseconds, exactly as `Date.prototype.toISOString()` writes it. */
const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Rejects any other form at the door: evidence compared and sorted as text across a year must
 * use one format, and a local-time stamp would silently shift "days" in reports.
 */
export function assertTimestamp(value: string, what: string): void {
  if (!ISO_UTC_MS.test(value) || Number.isNaN(Date.parse(value)) || new Date(value).toISOString() !== value) {
    throw new Error(`${what} must be a UTC ISO-8601 timestamp with milliseconds (e.g. 2025-01-31T06:00:00.000Z), got '${value}'`);
  }
}
