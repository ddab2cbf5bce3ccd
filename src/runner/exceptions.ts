import type { Verdict } from '../model/check.js';
import type { Status } from '../model/status.js';
import { matchesPattern } from '../util/glob.js';
import type { RegisteredException } from '../programme/exceptions-register.js';

export interface AppliedVerdict {
  readonly status: Status;
  readonly reason: string;
  /** Set when excepted: what the check itself said (`fail`, or `error` when the entry covers errors). */
  readonly underlying?: 'fail' | 'error';
  /** The register entry that excepted the result. */
  readonly exceptionId?: string;
}

/** What an exception entry needs to know about the check whose result it may cover. */
export interface CheckRef {
  readonly id: string;
  /** Every control id the check maps to, in any framework (an entry may name a control). */
  readonly controls: ReadonlySet<string>;
}

/**
 * Applies the exceptions register: a `fail` (or an `error`, when the entry names it in `covers`)
 * covered by an entry in force on `today` (audit time zone, starts ≤ today ≤ expires) becomes
 * `excepted`, keeping the underlying status and the entry id beside it. `excepted` never reads as a
 * pass: counts and rollups keep it apart. Before its start or after its expiry an entry does not
 * apply and the result's reason says so.
 */
export function applyExceptions(check: CheckRef, resourceId: string, verdict: Verdict, register: readonly RegisteredException[], today: string): AppliedVerdict {
  if (verdict.status !== 'fail' && verdict.status !== 'error') return verdict;
  const underlying = verdict.status;
  const matching = register.filter(
    (e) => (e.check !== undefined ? e.check === check.id : check.controls.has(e.control!)) && e.covers.includes(underlying) && matchesPattern(e.resource, resourceId),
  );
  if (matching.length === 0) return verdict;
  const active = matching.find((e) => (e.starts === undefined || e.starts <= today) && today <= e.expires);
  if (active) {
    return {
      status: 'excepted',
      underlying,
      exceptionId: active.id,
      reason: `${verdict.reason} — excepted by ${active.id} until ${active.expires}, approved by ${active.approver}: ${active.reason}`,
    };
  }
  const pending = matching.filter((e) => e.starts !== undefined && today < e.starts).sort((a, b) => (a.starts! < b.starts! ? -1 : 1))[0];
  if (pending) return { status: verdict.status, reason: `${verdict.reason} (exception ${pending.id} approved by ${pending.approver} starts on ${pending.starts})` };
  const latest = matching.reduce((a, b) => (a.expires >= b.expires ? a : b));
  return { status: verdict.status, reason: `${verdict.reason} (exception ${latest.id} approved by ${latest.approver} expired on ${latest.expires})` };
}
