import type { EvidenceStore } from '../store/index.js';
import type { AttestationLedger } from './attestation-ledger.js';
import { verifyAttestations } from './verify-attestations.js';

export interface AttestationCheck {
  /** Attestation rows in the store. */
  readonly checked: number;
  /** Rows no sealed run covers yet (the next run seals them). */
  readonly pending: readonly number[];
  /** Each names the attestation (and the run or file) that does not match. */
  readonly problems: readonly string[];
}

/**
 * The attestations against the sealed evidence: every row against the sealed runs that recorded it
 * (verify-attestations.ts: a deleted row, a changed record hash, a backdated insert), and every record
 * and attached file against its hashes, each problem naming the attestation. Used by `verify` and
 * `attestations --verify`, so both say the same.
 */
export function checkAttestations(store: EvidenceStore, ledger: AttestationLedger): AttestationCheck {
  const runs = store.listRuns({ status: 'sealed' }).map((r) => ({ id: r.id, startedAt: r.startedAt, scopeBlob: store.getBlob(r.scopeHash) }));
  const rows = ledger.list();
  const verdict = verifyAttestations(rows, runs);
  const problems = [...verdict.problems];
  for (const row of rows) {
    try {
      const record = ledger.read(row.recordHash);
      // The row's columns are what lists and reports read: each must say what its hashed record says.
      const edited = (['control', 'by', 'recordedAt', 'day'] as const).filter((k) => row[k] !== record[k]);
      if (edited.length > 0) problems.push(`attestation ${row.id}: its row's ${edited.map((k) => `${k} "${row[k]}"`).join(', ')} differ${edited.length === 1 ? 's' : ''} from its record (${edited.map((k) => `"${record[k]}"`).join(', ')})`);
      for (const f of record.files) ledger.attachment(f);
    } catch (err) {
      problems.push(`attestation ${row.id} (${row.control} by ${row.by}): ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { checked: rows.length, pending: verdict.pending, problems };
}
