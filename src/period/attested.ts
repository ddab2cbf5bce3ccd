import { attestedStatusOn, type ManualStatus } from '../programme/manual.js';
import { storedProgramme, type ProgrammeRecord } from '../programme/run-record.js';
import type { RunRow } from '../store/index.js';
import type { EvidenceSource } from './source.js';

/**
 * A manual control's attested status on an audit day, as one sealed run recorded the programme (its
 * declared manual controls and every attestation recorded before it started): never today's config, and
 * an attestation counts from the first run that sealed it. The rule itself is src/programme/manual.ts
 * (the one `report` uses): pass within cadence (+ grace), fail once overdue, no evidence before the first.
 */
export interface DayAttestation {
  readonly status: ManualStatus;
  readonly cadence: string;
  /** The attestation in force (the latest on or before the day); null before the first. */
  readonly attestationId: number | null;
  /** Content address of its record blob (who, when, note, each attached file's SHA-256): the evidence. */
  readonly recordHash: string | null;
  readonly lastAttested: string | null;
  readonly by: string | null;
  readonly due: string | null;
  readonly reason: string;
}

/** An attestation's sealed record (who, when, the note, each attached file with its SHA-256), read by its content address. */
export interface AttestationEvidence {
  readonly id: number;
  readonly recordHash: string;
  readonly control: string;
  readonly by: string;
  readonly day: string;
  readonly recordedAt: string;
  readonly note: string | null;
  readonly files: readonly { readonly name: string; readonly sha256: string; readonly size: number; readonly blob: string }[];
}

export function attestationEvidence(source: EvidenceSource, id: number, recordHash: string): AttestationEvidence {
  const r = source.getBlob<{ attestation: Omit<AttestationEvidence, 'id' | 'recordHash'> }>(recordHash).attestation;
  return { id, recordHash, control: r.control, by: r.by, day: r.day, recordedAt: r.recordedAt, note: r.note, files: r.files.map((f) => ({ name: f.name, sha256: f.sha256, size: f.size, blob: f.blob })) };
}

/**
 * Reads each run's stored programme once (runs of a period share it across controls), and each distinct scope
 * blob once: it is content-addressed, and consecutive runs mostly store the same one (a year of daily runs
 * with an unchanged programme is one blob read, not 365; issue 15).
 */
export function attestedReader(source: EvidenceSource, rows?: ReadonlyMap<number, RunRow>): (runId: number, controlId: string, day: string) => DayAttestation | null {
  const byRun = new Map<number, { record: ProgrammeRecord; declared: ReadonlySet<string> }>();
  const byBlob = new Map<string, { record: ProgrammeRecord; declared: ReadonlySet<string> }>();
  return (runId, controlId, day) => {
    let programme = byRun.get(runId);
    if (programme === undefined) {
      const row = rows?.get(runId) ?? source.getRun(runId);
      programme = row ? byBlob.get(row.scopeHash) : undefined;
      if (programme === undefined) {
        const record = storedProgramme(row ? source.getBlob(row.scopeHash) : null);
        programme = { record, declared: new Set(record.manualControls.map((m) => m.control)) };
        if (row) byBlob.set(row.scopeHash, programme);
      }
      byRun.set(runId, programme);
    }
    // Most controls are not declared manual: no attestation to judge.
    if (!programme.declared.has(controlId)) return null;
    const s = attestedStatusOn(programme.record, controlId, day);
    if (s === null) return null;
    return { status: s.status, cadence: s.cadence, attestationId: s.attestationId, recordHash: s.recordHash, lastAttested: s.lastAttested, by: s.lastAttestedBy, due: s.due, reason: s.reason };
  };
}
