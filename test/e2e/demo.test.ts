import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/load.js';
import { loadEstateFile } from '../../src/demo/estate/load.js';
import { startFakeAws } from '../../src/demo/fakes/server.js';
import { startFakeGitHub, type FakeGithub } from '../../src/demo/fakes/github/server.js';
import { DEMO_CONFIG, DEMO_ESTATE, demoEnvironment } from '../../src/demo/environment.js';
import { runPipeline } from '../../src/engine/pipeline.js';
import { silentLogger } from '../../src/log.js';
import { EvidenceStore } from '../../src/store/index.js';
import type { Estate } from '../../src/demo/estate/schema.js';
import type { RunOutcome } from '../../src/runner/run.js';
import { loadRegistry } from '../../src/registry/index.js';
import { buildReport } from '../../src/report/build.js';
import { openEvidence, producersFrom } from '../../src/period/index.js';
import { checkInfos, frameworkInfos, observationTypesOf } from '../../src/engine/catalog-info.js';
import { seedDemoAttestation } from '../../src/demo/attestation.js';

/**
 * The demo estate through the whole real pipeline: exactly the deliberate misconfigurations fail,
 * nothing errors, everything else passes or does not apply.
 */
describe('demo estate end to end', () => {
  let estate: Estate;
  let fake: Awaited<ReturnType<typeof startFakeAws>>;
  let github: FakeGithub;
  let db: string;
  let first: RunOutcome;

  beforeAll(async () => {
    estate = await loadEstateFile(DEMO_ESTATE);
    fake = await startFakeAws({ estate });
    github = await startFakeGitHub({ estate });
    db = join(mkdtempSync(join(tmpdir(), 'cw-demo-')), 'demo.db');
    // As `controlwatch demo` does: one access review attested long ago, so A.5.18 is overdue.
    seedDemoAttestation(db, config());
    first = (await runPipeline(config(), db, 'test', silentLogger)).outcome;
  });
  const config = () => parseConfig(readFileSync(DEMO_CONFIG, 'utf8'), DEMO_CONFIG, demoEnvironment(estate, fake.endpoints, github));
  afterAll(async () => {
    await fake?.close();
    await github?.close();
  });

  // The demo's exceptions register accepts one deliberate failure (EXC-2026-014): it is excepted, its
  // underlying `fail` kept beside it, and every other deliberate misconfiguration still fails.
  const EXCEPTED = 's3.bucket_versioning_enabled arn:aws:s3:::prod-tmp-scratch';

  it('fails exactly the expected misconfigurations, less the one the exceptions register accepts', () => {
    const failing = first.results.filter((r) => r.status === 'fail').map((r) => `${r.checkId} ${r.resourceId}`).sort();
    const expected = estate.expected_failures.map((e) => `${e.check} ${e.resource}`).sort();
    expect(expected).toContain(EXCEPTED);
    expect(failing).toEqual(expected.filter((e) => e !== EXCEPTED));
    expect(expected.length).toBeGreaterThanOrEqual(10);
    expect(first.results.filter((r) => r.status === 'excepted').map((r) => [`${r.checkId} ${r.resourceId}`, r.underlying, r.exceptionId])).toEqual([[EXCEPTED, 'fail', 'EXC-2026-014']]);
  });

  it('the demo report shows scope drift, an owner grouping, an exception expiring soon and an overdue manual control', () => {
    const store = EvidenceStore.open(db, { readonly: true });
    try {
      const registry = loadRegistry(config());
      const evidence = openEvidence(store, { timezone: 'UTC', producers: producersFrom(registry.collectors) });
      const report = buildReport({ evidence, checks: checkInfos(registry), frameworks: frameworkInfos(registry), frameworkFilter: [], runId: first.runId, observationTypes: observationTypesOf(registry) });
      const p = report.programme;
      expect(p.scope.drift.map((d) => d.id)).toEqual(['arn:aws:s3:::sandbox-experiments', 'github:acme/legacy-tool']);
      expect(p.scope.inScope).toBe(p.scope.discovered - 2);
      // Drift is listed, never judged.
      expect(first.results.some((r) => r.resourceId === 'arn:aws:s3:::sandbox-experiments' || r.resourceId.startsWith('github:acme/legacy-tool'))).toBe(false);
      const platform = p.owners.find((g) => g.owner === 'platform-security')!;
      expect(platform.contact).toBe('#platform-security');
      expect(platform.findings.length).toBeGreaterThan(0);
      expect(platform.findings.every((f) => f.checkId.startsWith('s3.'))).toBe(true);
      const identity = p.owners.find((g) => g.owner === 'identity-team')!;
      expect(identity.failingControls.map((c) => c.controlId)).toContain('A.8.5');
      // The overdue access review is a failing control of its owner too.
      expect(identity.failingControls).toContainEqual({ framework: 'manual', controlId: 'A.5.18', title: 'Access rights review', status: 'fail' });
      expect(p.exceptions.expiringSoon).toHaveLength(1);
      expect(p.exceptions.expiringSoon[0]).toMatch(/^EXC-2026-014 expires on \d{4}-\d{2}-\d{2}/);
      const review = p.manualControls.find((m) => m.control === 'A.5.18')!;
      expect(review.status).toBe('fail');
      expect(review.reason).toMatch(/^overdue: last attested on \d{4}-\d{2}-\d{2} by dana \(simulated demo reviewer\), due on /);
      expect(p.manualControls.find((m) => m.control === 'A.5.24')!.status).toBe('no_evidence');
      expect(report.controls.find((c) => c.controlId === 'A.8.5')!.owner).toBe('identity-team');
    } finally {
      store.close();
    }
  });

  it('errors exactly where the estate denies a read, and passes the rest', () => {
    const errors = first.results.filter((r) => r.status === 'error').map((r) => `${r.checkId} ${r.resourceId}`).sort();
    expect(errors).toEqual(estate.expected_errors.map((e) => `${e.check} ${e.resource}`).sort());
    expect(first.results.filter((r) => r.status === 'pass').length).toBeGreaterThan(20);
    // Partial only where the estate denies a call on purpose; no scope failed outright.
    expect(first.collected.filter((c) => c.status === 'error').map((c) => `${c.collector.id} ${c.scope}: ${c.error}`)).toEqual([]);
    expect(first.collected.filter((c) => c.collector.id === 'aws-iam').map((c) => [c.scope, c.status])).toEqual([
      ['aws:111111111111', 'ok'],
      ['aws:222222222222', 'ok'],
    ]);
  });

  it('every IAM check ran in every account', () => {
    const checks = new Set(first.resultSets.filter((s) => s.checkId.startsWith('iam.')).map((s) => s.checkId));
    expect(checks.size).toBeGreaterThanOrEqual(8);
    for (const id of checks) expect(first.resultSets.filter((s) => s.checkId === id).map((s) => s.scope).sort()).toEqual(['aws:111111111111', 'aws:222222222222']);
  });

  it("the report shows where the organisation's AWS Config rules disagree with our checks", () => {
    const store = EvidenceStore.open(db, { readonly: true });
    try {
      const registry = loadRegistry(config());
      const evidence = openEvidence(store, { timezone: 'UTC', producers: producersFrom(registry.collectors) });
      const report = buildReport({ evidence, checks: checkInfos(registry), frameworks: frameworkInfos(registry), frameworkFilter: [], runId: first.runId });
      expect(report.configDisagreements.map((d) => [d.resourceArn, d.managedRuleIdentifier, d.configSays, d.checkId, d.checkSays])).toEqual([
        ['arn:aws:s3:::prod-legacy-data', 'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED', 'COMPLIANT', 's3.bucket_default_encryption', 'fail'],
      ]);
    } finally {
      store.close();
    }
  });

  it('a disabled check does not run, and the run records that it was disabled', async () => {
    const cfg = { ...config(), checks: { ...config().checks, disabled: ['iam.root_mfa_enabled'] } };
    const disabledDb = join(mkdtempSync(join(tmpdir(), 'cw-disabled-')), 'd.db');
    const outcome = (await runPipeline(cfg, disabledDb, 'test', silentLogger)).outcome;
    expect(outcome.resultSets.some((s) => s.checkId === 'iam.root_mfa_enabled')).toBe(false);
    expect(outcome.resultSets.some((s) => s.checkId === 'iam.root_no_access_keys')).toBe(true);
    const store = EvidenceStore.open(disabledDb, { readonly: true });
    try {
      const scope = store.getBlob<{ disabled: string[] }>(store.getRun(outcome.runId)!.scopeHash);
      expect(scope.disabled).toEqual(['iam.root_mfa_enabled']);
    } finally {
      store.close();
    }
  });

  it('a second run over the unchanged estate adds only its change-window records, and chains to the first', async () => {
    const cfg = config();
    // GitHub's change population (merged pull requests, direct pushes) is windowed since the previous
    // run, so the first run after the initial look-back legitimately differs; from then on nothing changes.
    const settle = (await runPipeline(cfg, db, 'test', silentLogger)).outcome;
    const before = EvidenceStore.open(db, { readonly: true });
    const blobsBefore = before.stats().blobs;
    before.close();
    const second = (await runPipeline(cfg, db, 'test', silentLogger)).outcome;
    const store = EvidenceStore.open(db, { readonly: true });
    try {
      // Each run records the window of GitHub changes it covered ([from, until), complete or not: issue 14),
      // which necessarily differs run to run: those observations and the one manifest listing them are new.
      // Every other manifest and every result set is the very same blob as the run before.
      const manifests = (runId: number) => new Map(store.collections(runId).map((c) => [`${c.collector} ${c.scope}`, c.manifestHash]));
      const [a, b] = [manifests(settle.runId), manifests(second.runId)];
      const changed = [...b.keys()].filter((k) => a.get(k) !== b.get(k));
      expect(changed).toEqual(['github github:acme']);
      const results = (runId: number) => store.resultSets(runId).map((r) => `${r.checkId} ${r.scope} ${r.resultsHash}`);
      expect(results(second.runId)).toEqual(results(settle.runId));
      const windows = second.collected.flatMap((c) => c.observations).filter((o) => o.type === 'github.change_window').length;
      expect(windows).toBeGreaterThan(0);
      expect(store.stats().blobs - blobsBefore).toBe(windows + 1);
      expect(store.getRun(settle.runId)?.prevSeal).toBe(first.seal);
      expect(store.getRun(second.runId)?.prevSeal).toBe(settle.seal);
      expect(store.verify().ok).toBe(true);
    } finally {
      store.close();
    }
  });
});
