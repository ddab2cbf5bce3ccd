import type { Estate } from './estate/schema.js';

/**
 * What the backfilled demo history shows, as data: day offsets are relative to today (0 = today,
 * -89 = the first day of the 90-day window). The backfill replays one run per day at 06:00 UTC except
 * on outage days, applying the drift to the estate on the days it covers.
 */
export interface HistoryScenario {
  /** Days in the window, today included (today is left to the live runs). */
  readonly days: number;
  readonly runHourUtc: number;
  readonly outage: readonly number[];
  readonly drift: { readonly from: number; readonly to: number; readonly account: string; readonly bucket: string; readonly control: string };
  /** Offset of the day the first demo exception expires (it applies up to and including that day). */
  readonly exceptionExpires: number;
  /**
   * Offset of the day the simulated A.5.18 access review is attested (an hour before that day's run, so
   * the run records it); no review when absent. Each backfilled run records only the attestations made
   * before it started, as a live run would.
   */
  readonly accessReview?: number;
}

export const HISTORY: HistoryScenario = {
  days: 90,
  /** Hour (UTC) of each backfilled run. */
  runHourUtc: 6,
  /** The agent was down: no run at all (the heatmap shows grey, never a pass). */
  outage: [-40, -39, -38],
  /**
   * A control that drifts and recovers: the designated evidence bucket loses its Object Lock
   * configuration for a week, then it is restored. SOC 2 PI1.5 (tested only by Object Lock and
   * versioning) shows it as fail then pass; ISO 27001 A.5.33 fails that week too but keeps failing
   * after it, because the demo's access-log bucket has no MFA delete (s3.bucket_mfa_delete_enabled).
   */
  drift: { from: -62, to: -56, account: '111111111111', bucket: 'prod-audit-evidence', control: 'PI1.5' },
  exceptionExpires: -30,
  /**
   * The review `controlwatch demo` seeds (src/demo/attestation.ts, 120 days ago): the quarterly control
   * passes on every backfilled day within cadence plus grace, then shows overdue (fail) for the last two
   * weeks, so the dashboard's today agrees with the demo report's overdue A.5.18.
   */
  accessReview: -120,
};

/**
 * Exceptions the served demo carries, dated from today: one that expired inside the window (its
 * finding turns from excepted to fail on the day after), and one that expires in 20 days (what the
 * "exceptions expiring within 30 days" metric counts).
 */
export function demoExceptions(today: string, scenario: HistoryScenario = HISTORY): object[] {
  const day = (offset: number) => new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
  return [
    {
      check: 'iam.root_no_access_keys',
      resource: 'arn:aws:iam::222222222222:root',
      justification: 'Sandbox root key kept for a legacy billing export until its replacement ships',
      approver: 'ciso@example.com',
      expires: day(scenario.exceptionExpires),
    },
    {
      check: 'iam.password_policy_strong',
      resource: 'arn:aws:iam::111111111111:root',
      justification: 'Password policy change scheduled with the SSO migration',
      approver: 'ciso@example.com',
      expires: day(20),
    },
  ];
}

/** Applies or undoes the drift on the estate the fakes serve (they read it on every request); `saved` keeps what was removed. */
export function applyDrift(estate: Estate, drift: HistoryScenario['drift'], drifted: boolean, saved: { lock?: unknown }): void {
  const bucket = estate.aws?.accounts.find((a) => a.id === drift.account)?.s3?.buckets.find((b) => b.name === drift.bucket);
  if (!bucket) throw new Error(`demo estate has no bucket ${drift.bucket} in ${drift.account}: the history scenario needs it`);
  const mutable = bucket as { object_lock?: unknown };
  if (drifted && mutable.object_lock !== undefined) {
    saved.lock = mutable.object_lock;
    delete mutable.object_lock;
  } else if (!drifted && mutable.object_lock === undefined && saved.lock !== undefined) {
    mutable.object_lock = saved.lock;
  }
}
