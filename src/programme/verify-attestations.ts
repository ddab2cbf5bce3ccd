import { storedProgramme } from './run-record.js';

/**
 * Attestation rows against what sealed runs recorded of them. The blobs (records and attached files) are
 * rehashed by `verify`; this checks the rows: every attestation a sealed run lists must still exist with
 * the same record hash, and a row recorded before a sealed run started but absent from it was inserted
 * afterwards (backdated). Rows newer than the latest sealed run are pending: the next run seals them.
 */
export interface AttestationRowLike {
  readonly id: number;
  readonly recordedAt: string;
  readonly recordHash: string;
}

export interface SealedRunLike {
  readonly id: number;
  readonly startedAt: string;
  readonly scopeBlob: unknown;
}

export interface AttestationVerdict {
  readonly problems: readonly string[];
  /** Rows no sealed run covers yet. */
  readonly pending: readonly number[];
}

export function verifyAttestations(rows: readonly AttestationRowLike[], sealedRuns: readonly SealedRunLike[]): AttestationVerdict {
  const problems: string[] = [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const covered = new Set<number>();
  const backdated = new Set<number>();
  const runs = [...sealedRuns].sort((a, b) => a.id - b.id);
  for (const run of runs) {
    const listed = new Map(storedProgramme(run.scopeBlob).attestations.map((a) => [a.id, a]));
    for (const a of listed.values()) {
      // Named once, at the first run that sealed it: later runs repeat the same listing.
      if (covered.has(a.id)) continue;
      covered.add(a.id);
      const row = byId.get(a.id);
      if (row === undefined) problems.push(`attestation ${a.id} (${a.control} by ${a.by}) sealed by run ${run.id} is missing from the attestations table`);
      else if (row.recordHash !== a.recordHash) problems.push(`attestation ${a.id}: its record hash differs from the one run ${run.id} sealed`);
    }
    // Only runs that recorded the programme list attestations; older runs say nothing either way.
    if (!storedProgramme(run.scopeBlob).recorded) continue;
    for (const row of rows) {
      if (backdated.has(row.id) || row.recordedAt >= run.startedAt || listed.has(row.id)) continue;
      backdated.add(row.id);
      problems.push(`attestation ${row.id} claims ${row.recordedAt}, before run ${run.id} started, but run ${run.id} did not seal it (inserted later?)`);
    }
  }
  return { problems: [...new Set(problems)], pending: rows.filter((r) => !covered.has(r.id)).map((r) => r.id) };
}
