import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { cli } from './in-process.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { AttestationLedger } from '../../src/programme/attestation-ledger.js';
import { completeRun, tempDbPath, tempStore } from '../period/fixtures.js';

const T1 = '2026-11-21T06:00:00.000Z';

/** A store whose one sealed run recorded one attestation with an attached file. */
function attestedStore(): string {
  const path = tempDbPath();
  const ledger = AttestationLedger.open(path);
  let attestations;
  try {
    ledger.record({ control: 'A.5.18', by: 'erin', recordedAt: '2026-11-20T09:00:00.000Z', day: '2026-11-20', note: 'Q4 review', files: [{ name: 'minutes.txt', bytes: Buffer.from('Q4 access review minutes\n') }] });
    attestations = ledger.list();
  } finally {
    ledger.close();
  }
  const store = tempStore(path);
  try {
    const programme = { declared: null, ownership: { teams: {}, owners: {} }, manualControls: [], attestations };
    const id = store.beginRun({ startedAt: T1, trigger: 'test', agentVersion: 't', configHash: 'x', scope: { expected: [], programme }, exceptions: [] });
    completeRun(store, id, { startedAt: T1 });
  } finally {
    store.close();
  }
  return path;
}

function edit(path: string, sql: string): void {
  const db = new Database(path);
  try {
    db.prepare(sql).run();
  } finally {
    db.close();
  }
}

describe('verify', () => {
  it('a store with no sealed run says so and exits 9, never "chain intact"', async () => {
    const path = tempDbPath();
    tempStore(path).close();
    const out = await cli(['--db', path, 'verify']);
    expect(out.code).toBe(EXIT.noEvidence);
    expect(out.stdout).toContain('no sealed run in the evidence store yet: nothing to verify');
    expect(out.stdout).not.toContain('chain intact');
    const json = await cli(['--db', path, 'verify', '--format', 'json']);
    expect(json.code).toBe(EXIT.noEvidence);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, noSealedRun: true, runsChecked: 0 });
  });

  it('checks the attestations a sealed run recorded: intact, then an edited row and a deleted row are named (exit 3)', async () => {
    const path = attestedStore();
    const ok = await cli(['--db', path, 'verify']);
    expect(ok.code).toBe(EXIT.ok);
    expect(ok.stdout).toContain('attestations: 1 checked against the runs that sealed them');
    expect(ok.stdout).toContain('chain intact');

    edit(path, `UPDATE attestations SET attested_by = 'mallory' WHERE id = 1`);
    const edited = await cli(['--db', path, 'verify']);
    expect(edited.code).toBe(EXIT.integrity);
    expect(edited.stdout).toContain('ATTESTATIONS DO NOT MATCH THE SEALED EVIDENCE');
    expect(edited.stdout).toContain(`attestation 1: its row's by "mallory" differs from its record ("erin")`);
    expect(edited.stdout).not.toContain('chain intact');

    edit(path, `DELETE FROM attestations WHERE id = 1`);
    const deleted = await cli(['--db', path, 'verify', '--format', 'json']);
    expect(deleted.code).toBe(EXIT.integrity);
    expect(JSON.parse(deleted.stdout).attestations.problems).toEqual(['attestation 1 (A.5.18 by erin) sealed by run 1 is missing from the attestations table']);
  });

  it('names the attestation whose attached file was replaced', async () => {
    const path = attestedStore();
    const ledger = AttestationLedger.open(path, { readonly: true });
    const file = ledger.read(ledger.list()[0]!.recordHash).files[0]!;
    ledger.close();
    // Swap the attachment blob's bytes for another blob's (a valid blob, hashed under the wrong address).
    edit(path, `UPDATE blobs SET data = (SELECT data FROM blobs WHERE hash <> unhex('${file.blob}') LIMIT 1), size = (SELECT size FROM blobs WHERE hash <> unhex('${file.blob}') LIMIT 1) WHERE hash = unhex('${file.blob}')`);
    const out = await cli(['--db', path, 'verify', '--format', 'json']);
    expect(out.code).toBe(EXIT.integrity);
    const doc = JSON.parse(out.stdout) as { attestations: { problems: string[] } };
    expect(doc.attestations.problems.some((p) => p.startsWith('attestation 1 (A.5.18 by erin): '))).toBe(true);
  });
});
