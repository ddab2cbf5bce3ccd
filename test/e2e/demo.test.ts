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
import { checkInfos, frameworkInfos } from '../../src/engine/catalog-info.js';

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
    first = (await runPipeline(config(), db, 'test', silentLogger)).outcome;
  });
  const config = () => parseConfig(readFileSync(DEMO_CONFIG, 'utf8'), DEMO_CONFIG, demoEnvironment(estate, fake.endpoints, github));
  afterAll(async () => {
    await fake?.close();
    await github?.close();
  });

  it('fails exactly the expected misconfigurations', () => {
    const failing = first.results.filter((r) => r.status === 'fail').map((r) => `${r.checkId} ${r.resourceId}`).sort();
    const expected = estate.expected_failures.map((e) => `${e.check} ${e.resource}`).sort();
    expect(failing).toEqual(expected);
    expect(expected.length).toBeGreaterThanOrEqual(10);
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
      const report = buildReport({ evidence, checks: checkInfos(registry), frameworks: frameworkInfos(registry), frameworkFilter: [], owners: {}, runId: first.runId });
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

  it('a second run over the unchanged estate adds no blobs and chains to the first', async () => {
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
      expect(store.stats().blobs).toBe(blobsBefore);
      expect(store.getRun(settle.runId)?.prevSeal).toBe(first.seal);
      expect(store.getRun(second.runId)?.prevSeal).toBe(settle.seal);
      expect(store.verify().ok).toBe(true);
    } finally {
      store.close();
    }
  });
});
