/**
 * Calendar day (YYYY-MM-DD) of an instant in an IANA time zone. Audit "days" and exception expiry
 * are counted in the configured audit time zone, not the server's.
 */
export function dayIn(instant: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone });
    return true;
  } catch {
    return false;
  }
}
