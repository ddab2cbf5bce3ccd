/**
 * How often a control operates, and the default sample size for it: the common audit-practice table
 * (AICPA Audit Guide, SOC 2 attestation practice) — daily or more often 25, weekly 5, monthly and
 * quarterly 2, annual 1. Change-level controls (one item per pull request) are "many times a day": 25.
 * Overridden per frequency by the configuration (`audit.sampleSizes`) and by --sizes daily=40,weekly=10,
 * and for one command by --size.
 */
export const FREQUENCIES = ['per-change', 'daily', 'weekly', 'monthly', 'quarterly', 'annual'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const DEFAULT_SIZES: Readonly<Record<Frequency, number>> = { 'per-change': 25, daily: 25, weekly: 5, monthly: 2, quarterly: 2, annual: 1 };

/**
 * The sizes in force: the defaults, then the configuration's `audit.sampleSizes`, then `--sizes`
 * (`daily=40,weekly=10`), each overriding the one before for the frequencies it names.
 */
export function parseSizes(text: string | undefined, configured: Readonly<Partial<Record<Frequency, number>>> = {}): Record<Frequency, number> {
  const out = { ...DEFAULT_SIZES, ...configured };
  if (!text) return out;
  for (const part of text.split(',')) {
    const [k, v] = part.split('=').map((s) => s.trim());
    if (!(FREQUENCIES as readonly string[]).includes(k ?? '') || !/^\d+$/.test(v ?? '')) {
      throw new Error(`--sizes expects frequency=N pairs (${FREQUENCIES.join(', ')}), got "${part}"`);
    }
    out[k as Frequency] = Number(v);
  }
  return out;
}

/** The population period an audit day belongs to for a frequency: the day itself, ISO week, month, quarter or year. */
export function periodOf(day: string, frequency: Exclude<Frequency, 'per-change'>): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  switch (frequency) {
    case 'daily':
      return day;
    case 'monthly':
      return day.slice(0, 7);
    case 'quarterly':
      return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
    case 'annual':
      return String(y);
    case 'weekly':
      return isoWeek(day);
  }
}

function isoWeek(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const dow = (d.getUTCDay() + 6) % 7; // Monday 0
  d.setUTCDate(d.getUTCDate() - dow + 3); // Thursday of this week decides the ISO year
  const year = d.getUTCFullYear();
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const week = 1 + Math.round(((d.getTime() - jan4.getTime()) / 86_400_000 - 3 + ((jan4.getUTCDay() + 6) % 7)) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}
