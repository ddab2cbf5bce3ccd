import type { AppConfig } from '../config/schema.js';
import { AttestationLedger } from '../programme/attestation-ledger.js';
import { openStore } from '../engine/config-resolution.js';
import { dayIn } from '../util/calendar.js';

/** How long ago the demo's one access review was attested: a quarter plus grace ago, so it is overdue. */
const DAYS_AGO = 120;

/** When the demo's access review was attested, seen from `now`: DAYS_AGO days earlier. */
export function demoReviewAt(now: Date): Date {
  return new Date(now.getTime() - DAYS_AGO * 86_400_000);
}

/**
 * The demo's manual-control story: one access review (A.5.18) attested 120 days before the first demo
 * run, so the demo report shows a quarterly control that is overdue ("last attested on …, due on …").
 * Recorded once per demo store, through the same ledger `controlwatch attest` writes; marked simulated.
 * `at` is the instant of the review (the backfilled history dates it from its scenario).
 */
export function seedDemoAttestation(dbPath: string, config: AppConfig, at: Date = demoReviewAt(new Date())): void {
  if (!config.manualControls.some((m) => m.control === 'A.5.18')) return;
  // Never touch a store that will refuse demo evidence (a production store): the run then fails with its own message.
  const store = openStore(dbPath, false);
  try {
    if (store.evidenceClass() !== null && store.evidenceClass() !== 'demo' && store.evidenceClass() !== 'test') return;
  } finally {
    store.close();
  }
  const ledger = AttestationLedger.open(dbPath);
  try {
    if (ledger.list().some((a) => a.control === 'A.5.18')) return;
    ledger.record({
      control: 'A.5.18',
      by: 'dana (simulated demo reviewer)',
      recordedAt: at.toISOString(),
      day: dayIn(at, config.audit.timezone),
      note: 'Quarterly access review of IAM users and roles and GitHub members: two stale users flagged for removal (simulated).',
      files: [{ name: 'access-review-notes.txt', bytes: Buffer.from('Reviewed: alice, bob, carol, old-contractor (remove), ci-deploy; GitHub: demo-owner, demo-member.\n') }],
    });
  } finally {
    ledger.close();
  }
}
