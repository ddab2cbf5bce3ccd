import type { AppConfig } from '../config/schema.js';
import type { DeclaredScopeConfig, ManualControlConfig } from '../config/programme-schema.js';
import type { AttestationRef } from './manual.js';
import type { OwnershipRecord } from './owners.js';

/**
 * What each run stores of the control programme, inside its scope blob under `programme`, so a past
 * day's evidence says what was declared in scope, who owned what and which manual controls and
 * attestations stood — as they were then, never as today's config says. (The exceptions register is
 * the run's exceptions blob.) The seal covers the scope blob's hash, and through it each attestation
 * record and its attached files.
 */
export interface ProgrammeRecord {
  /** The declared scope; null → everything discovered was in scope. */
  readonly declared: DeclaredScopeConfig | null;
  readonly ownership: OwnershipRecord;
  readonly manualControls: readonly ManualControlConfig[];
  /** Every attestation recorded before the run started. */
  readonly attestations: readonly AttestationRef[];
}

export function programmeRecord(config: AppConfig, attestations: readonly AttestationRef[]): ProgrammeRecord {
  return {
    // `scope: {}` declares nothing: everything collected is in scope, as with no scope section.
    declared: config.scope?.aws !== undefined || config.scope?.github !== undefined ? config.scope! : null,
    ownership: { teams: config.teams, owners: config.owners },
    manualControls: config.manualControls,
    attestations,
  };
}

/** The programme record of a stored scope blob; runs sealed before it existed get an empty one (nothing declared). */
export function storedProgramme(scopeBlob: unknown): ProgrammeRecord & { readonly recorded: boolean } {
  const p = (scopeBlob as { programme?: ProgrammeRecord } | null)?.programme;
  if (p === undefined) return { declared: null, ownership: { teams: {}, owners: {} }, manualControls: [], attestations: [], recorded: false };
  return { ...p, recorded: true };
}
