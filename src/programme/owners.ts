import type { OwnerRefConfig, TeamConfig } from '../config/programme-schema.js';

/**
 * Ownership as a run stores it: the teams and the owner assignments in force that day. Keys are a
 * control id (A.8.5), a check id (iam.user_console_mfa_enabled) or a check family (`iam.*`).
 */
export interface OwnershipRecord {
  readonly teams: Readonly<Record<string, TeamConfig>>;
  readonly owners: Readonly<Record<string, OwnerRefConfig>>;
}

export interface ResolvedOwner {
  readonly owner: string;
  readonly backup: string | null;
  readonly contact: string | null;
}

function resolve(ref: OwnerRefConfig, teams: OwnershipRecord['teams']): ResolvedOwner {
  const owner = typeof ref === 'string' ? ref : ref.owner;
  const backup = typeof ref === 'string' ? null : (ref.backup ?? null);
  return { owner, backup, contact: teams[owner]?.contact ?? null };
}

/** The owner of a control: assigned to the control itself. */
export function ownerOfControl(record: OwnershipRecord, controlId: string): ResolvedOwner | null {
  const ref = record.owners[controlId];
  return ref === undefined ? null : resolve(ref, record.teams);
}

/** The owner of a check: its own id, then its family (`iam.*`), then the first of its controls that has one. */
export function ownerOfCheck(record: OwnershipRecord, checkId: string, controls: readonly string[]): ResolvedOwner | null {
  const direct = record.owners[checkId] ?? record.owners[`${familyOf(checkId)}.*`];
  if (direct !== undefined) return resolve(direct, record.teams);
  for (const c of controls) {
    const owner = ownerOfControl(record, c);
    if (owner) return owner;
  }
  return null;
}

export function familyOf(checkId: string): string {
  return checkId.split('.')[0] ?? checkId;
}

/** Ownership a stored run recorded; runs sealed before it was recorded have none (never today's config). */
export function storedOwnership(programme: { ownership?: OwnershipRecord } | undefined): OwnershipRecord {
  return programme?.ownership ?? { teams: {}, owners: {} };
}
