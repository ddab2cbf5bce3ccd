import type { ManualControlConfig } from '../config/programme-schema.js';
import { addDuration, parseCadence, parseDuration } from './cadence.js';
import type { AttestationRow } from '../store/attestations.js';

/**
 * Manual controls: evidence gathered by people on a cadence, attested with `controlwatch attest`.
 * A control's status on a day follows from its cadence and its latest attestation on or before that day.
 */

/** One attestation as a run records it (the full record, with attachments, is a blob: recordHash). */
export type AttestationRef = AttestationRow;

export type ManualStatus = 'pass' | 'fail' | 'no_evidence';

export interface ManualControlStatus {
  readonly control: string;
  readonly title: string | null;
  readonly cadence: string;
  readonly owner: string | null;
  readonly status: ManualStatus;
  readonly lastAttested: string | null;
  readonly lastAttestedBy: string | null;
  readonly attestationId: number | null;
  /** Day the next attestation is due (last + cadence); null before the first. */
  readonly due: string | null;
  readonly reason: string;
}

/** Status of each declared manual control on `day`, from attestations recorded up to that day. */
export function manualStatuses(controls: readonly ManualControlConfig[], attestations: readonly AttestationRef[], day: string): ManualControlStatus[] {
  return controls.map((m) => {
    const last = attestations.filter((a) => a.control === m.control && a.day <= day).sort((a, b) => (a.recordedAt < b.recordedAt ? 1 : -1))[0];
    const base = { control: m.control, title: m.title ?? null, cadence: m.cadence, owner: m.owner ?? null };
    if (last === undefined) {
      return { ...base, status: 'no_evidence', lastAttested: null, lastAttestedBy: null, attestationId: null, due: null, reason: `never attested (cadence ${m.cadence}): run controlwatch attest --control ${m.control}` };
    }
    const due = addDuration(last.day, parseCadence(m.cadence)!);
    const graceEnd = addDuration(due, parseDuration(m.grace)!);
    const overdue = day > graceEnd;
    const reason = overdue
      ? `overdue: last attested on ${last.day} by ${last.by}, due on ${due}${graceEnd !== due ? ` (grace until ${graceEnd})` : ''}`
      : `attested on ${last.day} by ${last.by}; next due on ${due}`;
    return { ...base, status: overdue ? 'fail' : 'pass', lastAttested: last.day, lastAttestedBy: last.by, attestationId: last.id, due, reason };
  });
}

/**
 * Worst first when a control has both checks and an attestation: an overdue attestation or a failing check
 * fails it; a missing attestation is no evidence (never a pass). The one rule `report` (one run) and the
 * period layer (each day) combine them with.
 */
const WITH_ATTESTED_ORDER: Readonly<Record<string, number>> = { fail: 0, error: 1, no_evidence: 2, excepted: 3, pass: 4, not_applicable: 5 };

/** A control's status from its automated roll-up (null: no check maps to it) and its attested status (null: no manual control declared). */
export function withAttested<S extends string>(automated: S | null, attested: ManualStatus | null): S | ManualStatus | null {
  if (automated === null) return attested;
  if (attested === null) return automated;
  return (WITH_ATTESTED_ORDER[attested] ?? 99) < (WITH_ATTESTED_ORDER[automated] ?? 99) ? attested : automated;
}

/** The attested status of one control on `day` from one run's record (its declared manual controls and the attestations it sealed); null when that run declared no such manual control. */
export function attestedStatusOn(record: { readonly manualControls: readonly ManualControlConfig[]; readonly attestations: readonly AttestationRef[] }, control: string, day: string): (ManualControlStatus & { readonly recordHash: string | null }) | null {
  const declared = record.manualControls.filter((m) => m.control === control);
  if (declared.length === 0) return null;
  const status = manualStatuses(declared, record.attestations, day)[0]!;
  const recordHash = record.attestations.find((a) => a.id === status.attestationId)?.recordHash ?? null;
  return { ...status, recordHash };
}
