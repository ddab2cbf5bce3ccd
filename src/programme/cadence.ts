/**
 * Cadences of manual controls and grace periods, as calendar arithmetic on audit days (YYYY-MM-DD).
 * Months and years are calendar months (a quarterly review attested on 2026-01-31 is due 2026-04-30),
 * because that is how audit programmes state them; days and weeks are exact.
 */

export interface Duration {
  readonly unit: 'd' | 'm';
  readonly amount: number;
}

const NAMED: Readonly<Record<string, Duration>> = {
  daily: { unit: 'd', amount: 1 },
  weekly: { unit: 'd', amount: 7 },
  monthly: { unit: 'm', amount: 1 },
  quarterly: { unit: 'm', amount: 3 },
  semiannually: { unit: 'm', amount: 6 },
  annually: { unit: 'm', amount: 12 },
  yearly: { unit: 'm', amount: 12 },
};

/** `14d`, `2w`, `3m`, `1y`; null when it does not parse. */
export function parseDuration(text: string): Duration | null {
  const m = /^(\d{1,4})\s*([dwmy])$/.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  switch (m[2]) {
    case 'd':
      return { unit: 'd', amount: n };
    case 'w':
      return { unit: 'd', amount: n * 7 };
    case 'm':
      return { unit: 'm', amount: n };
    default:
      return { unit: 'm', amount: n * 12 };
  }
}

/** A named cadence or a positive duration; null when it does not parse. */
export function parseCadence(text: string): Duration | null {
  const named = NAMED[text.trim().toLowerCase()];
  if (named) return named;
  const d = parseDuration(text);
  return d !== null && d.amount > 0 ? d : null;
}

/** `day` + `duration`, clamping month ends (01-31 + 1m = 02-28). */
export function addDuration(day: string, d: Duration): string {
  const [y, m, dd] = day.split('-').map(Number) as [number, number, number];
  if (d.unit === 'd') return new Date(Date.UTC(y, m - 1, dd + d.amount)).toISOString().slice(0, 10);
  const monthIndex = m - 1 + d.amount;
  const lastDay = new Date(Date.UTC(y, monthIndex + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, monthIndex, Math.min(dd, lastDay))).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
