import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parseConfig } from '../../src/config/load.js';
import type { AppConfig } from '../../src/config/schema.js';
import { loadEstateFile } from '../../src/demo/estate/load.js';
import { startFakeAws } from '../../src/demo/fakes/server.js';
import { startFakeGitHub, type FakeGithub } from '../../src/demo/fakes/github/server.js';
import { DEMO_CONFIG, DEMO_ESTATE, demoEnvironment } from '../../src/demo/environment.js';
import { runPipeline } from '../../src/engine/pipeline.js';
import { checkInfos, frameworkInfos, observationTypesOf } from '../../src/engine/catalog-info.js';
import { silentLogger } from '../../src/log.js';
import { openEvidence, producersFrom } from '../../src/period/index.js';
import { loadRegistry } from '../../src/registry/index.js';
import { buildReport } from '../../src/report/build.js';
import { AttestationLedger } from '../../src/store/attestations.js';
import { EvidenceStore } from '../../src/store/index.js';
import { storedProgramme } from '../../src/programme/run-record.js';
import { storedRegister } from '../../src/programme/exceptions-register.js';

/**
 * What a run stored of the programme (declared scope, owners, exceptions register, attestations) is what
 * its report shows later, whatever the config says by then; attestations are sealed by the next run and
 * their files come back byte for byte, verified.
 */
describe('the programme as each run stored it', () => {
  let fake: Awaited<ReturnType<typeof startFakeAws>>;
  let github: FakeGithub;
  let base: AppConfig;
  let db: string;
  let firstRun: number;

  beforeAll(async () => {
    const estate = await loadEstateFile(DEMO_ESTATE);
    fake = await startFakeAws({ estate });
    github = await startFakeGitHub({ estate });
    base = parseConfig(readFileSync(DEMO_CONFIG, 'utf8'), DEMO_CONFIG, demoEnvironment(estate, fake.endpoints, github));
    db = join(mkdtempSync(join(tmpdir(), 'cw-programme-')), 'p.db');
    firstRun = (await runPipeline(base, db, 'test', silentLogger)).outcome.runId;
  });
  afterAll(async () => {
    await fake?.close();
    await github?.close();
  });

  function report(config: AppConfig, runId: number) {
    const store = EvidenceStore.open(db, { readonly: true });
    try {
      const registry = loadRegistry(config);
      const evidence = openEvidence(store, { timezone: 'UTC', producers: producersFrom(registry.collectors) });
      return buildReport({ evidence, checks: checkInfos(registry), frameworks: frameworkInfos(registry), frameworkFilter: [], runId, observationTypes: observationTypesOf(registry) });
    } finally {
      store.close();
    }
  }

  it('editing the config after a run changes neither its stored scope, owners nor exceptions, nor its report', async () => {
    const before = report(base, firstRun);
    const edited: AppConfig = {
      ...base,
      scope: undefined,
      owners: { 'A.8.5': 'engineering' },
      exceptions: [],
    };
    // A later run under the edited config stores the edit; the first run keeps what it stored.
    const later = (await runPipeline(edited, db, 'test', silentLogger)).outcome.runId;
    const after = report(edited, firstRun);
    expect(after.programme).toEqual(before.programme);
    expect(after.controls.find((c) => c.controlId === 'A.8.5')?.owner).toBe('identity-team');
    expect(before.programme.scope.drift.length).toBe(2);
    expect(before.programme.exceptions.register.map((e) => e.id)).toEqual(['EXC-2026-014']);

    const now = report(edited, later);
    expect(now.controls.find((c) => c.controlId === 'A.8.5')?.owner).toBe('engineering');
    expect(now.programme.scope.declared).toBe(false);
    expect(now.programme.scope.drift).toEqual([]);
    expect(now.programme.exceptions.register).toEqual([]);
    // Without the exception the scratch bucket's versioning counts as a failure again.
    expect(now.findings.find((f) => f.resourceId === 'arn:aws:s3:::prod-tmp-scratch' && f.checkId === 's3.bucket_versioning_enabled')?.status).toBe('fail');
    expect(before.findings.find((f) => f.resourceId === 'arn:aws:s3:::prod-tmp-scratch' && f.checkId === 's3.bucket_versioning_enabled')).toMatchObject({ status: 'excepted', underlying: 'fail', exceptionId: 'EXC-2026-014' });
  });

  it('an attestation passes its quarterly control once the next run seals it; its file comes back verified; verify covers it', async () => {
    const ledger = AttestationLedger.open(db);
    const note = Buffer.from('access review minutes\n');
    let recordHash: string;
    try {
      const now = new Date();
      recordHash = ledger.record({ control: 'A.5.18', by: 'erin', recordedAt: now.toISOString(), day: now.toISOString().slice(0, 10), note: 'Q4 review', files: [{ name: 'minutes.txt', bytes: note }] }).recordHash;
    } finally {
      ledger.close();
    }
    const run = (await runPipeline(base, db, 'test', silentLogger)).outcome.runId;
    const r = report(base, run);
    expect(r.programme.manualControls.find((m) => m.control === 'A.5.18')).toMatchObject({ status: 'pass', lastAttestedBy: 'erin' });
    // The run that came before the attestation still shows no evidence for it.
    expect(report(base, firstRun).programme.manualControls.find((m) => m.control === 'A.5.18')?.status).toBe('no_evidence');

    const store = EvidenceStore.open(db, { readonly: true });
    const read = AttestationLedger.open(db, { readonly: true });
    try {
      const sealed = storedProgramme(store.getBlob(store.getRun(run)!.scopeHash));
      expect(sealed.attestations.map((a) => a.recordHash)).toContain(recordHash);
      expect(storedRegister(store.getBlob(store.getRun(run)!.exceptionsHash)).map((e) => e.id)).toEqual(['EXC-2026-014']);
      const file = read.read(recordHash).files[0]!;
      expect(read.attachment(file)).toEqual(note);
      expect(store.verify().ok).toBe(true);
    } finally {
      store.close();
      read.close();
    }

    // Editing the attached file's bytes in the database is caught by verify (every blob is rehashed).
    const file = (() => {
      const l = AttestationLedger.open(db, { readonly: true });
      try {
        return l.read(recordHash).files[0]!;
      } finally {
        l.close();
      }
    })();
    const raw = new Database(db);
    try {
      const { brotliCompressSync } = await import('node:zlib');
      const forged = Buffer.from(JSON.stringify({ attachment: { name: 'minutes.txt', sha256: file.sha256, size: file.size }, base64: Buffer.from('forged\n').toString('base64') }));
      raw.prepare('UPDATE blobs SET data = ? WHERE hash = unhex(?)').run(brotliCompressSync(forged), file.blob);
    } finally {
      raw.close();
    }
    const after = EvidenceStore.open(db, { readonly: true });
    try {
      const verdict = after.verify();
      expect(verdict.ok).toBe(false);
      expect(verdict.problems.join('\n')).toContain(file.blob);
    } finally {
      after.close();
    }
  });
});
