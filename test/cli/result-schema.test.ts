import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { loadEstateFile } from '../../src/demo/estate/load.js';
import { startFakeAws } from '../../src/demo/fakes/server.js';
import { startFakeGitHub, type FakeGithub } from '../../src/demo/fakes/github/server.js';
import { DEMO_CONFIG, DEMO_ESTATE, demoEnvironment } from '../../src/demo/environment.js';
import { PROJECT_ROOT } from '../../src/util/project-root.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { REPORT_VIEWS } from '../../src/report/views.js';
import { cli } from './in-process.js';

const schema = JSON.parse(readFileSync(join(PROJECT_ROOT, 'docs/schema/result.schema.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
const validate = ajv.compile(schema);

function valid(doc: unknown): string[] {
  return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/**
 * `run --format json` and `report --format json` share one documented document (docs/schema/): both are
 * validated against the JSON Schema, from real runs of the real pipeline against the protocol fakes.
 * The same runs show `run --fail-on` and the exit codes 8 (new), 0 and 1.
 */
describe('the result document and run --fail-on', () => {
  let fake: Awaited<ReturnType<typeof startFakeAws>>;
  let github: FakeGithub;
  let env: Record<string, string | undefined>;
  let db: string;
  let first: { code: number; stdout: string };
  const run = (...args: string[]) => cli(['--config', DEMO_CONFIG, '--db', db, '--log-level', 'silent', 'run', ...args], env);

  beforeAll(async () => {
    const estate = await loadEstateFile(DEMO_ESTATE);
    fake = await startFakeAws({ estate });
    github = await startFakeGitHub({ estate });
    env = demoEnvironment(estate, fake.endpoints, github);
    db = join(mkdtempSync(join(tmpdir(), 'cw-schema-')), 'evidence.db');
    first = await run('--format', 'json');
  }, 120_000);
  afterAll(async () => {
    await fake?.close();
    await github?.close();
  });

  it('run --format json matches the schema; the first run exits 8 (every finding is new)', () => {
    expect(first.code).toBe(EXIT.newFindings);
    const doc = JSON.parse(first.stdout);
    expect(valid(doc)).toEqual([]);
    expect(doc).toMatchObject({ schema_version: 1, kind: 'run', run: { id: 1 }, previousRun: null });
    expect(doc.findings.length).toBeGreaterThan(0);
    // Every problem is new on a first run; the demo's one excepted result (an accepted exception) is not a new problem.
    expect(doc.findings.filter((f: { status: string }) => f.status !== 'excepted').every((f: { new: boolean }) => f.new)).toBe(true);
    expect(doc.findings.filter((f: { status: string; new: boolean }) => f.status === 'excepted').map((f: { new: boolean }) => f.new)).toEqual([false]);
  });

  it('report --format json matches the same schema, whole and in every view, and agrees with run on the findings', async () => {
    const whole = await cli(['--db', db, 'report', '--format', 'json'], env);
    expect(whole.code).toBe(EXIT.ok);
    const doc = JSON.parse(whole.stdout);
    expect(valid(doc)).toEqual([]);
    expect(doc.kind).toBe('report');
    expect(doc.findings).toEqual(JSON.parse(first.stdout).findings);
    for (const view of REPORT_VIEWS) {
      const r = await cli(['--db', db, 'report', '--format', 'json', '--view', view], env);
      expect(valid(JSON.parse(r.stdout)), view).toEqual([]);
    }
  });

  it('show: a result with the observation behind it (decompressed), its collection calls and the seal', async () => {
    const finding = (JSON.parse(first.stdout).findings as { checkId: string; resourceId: string; status: string }[]).find((f) => f.checkId === 'iam.user_console_mfa_enabled')!;
    const r = await cli(['--db', db, 'show', `${finding.checkId}@${finding.resourceId}`, '--run', '1', '--format', 'json'], env);
    expect(r.code).toBe(EXIT.ok);
    const shown = JSON.parse(r.stdout);
    expect(shown.run).toMatchObject({ id: 1, seal: JSON.parse(first.stdout).run.seal, prevSeal: null });
    expect(shown.results).toEqual([expect.objectContaining({ checkId: finding.checkId, status: finding.status })]);
    expect(shown.observations).toHaveLength(1);
    expect(shown.observations[0].blobSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(shown.observations[0].observation).toMatchObject({ id: finding.resourceId, type: 'aws.iam.user', attributes: { arn: finding.resourceId } });
    expect(shown.observations[0].observation.source).toContain('iam:GetCredentialReport');
    expect(shown.collections[0]).toMatchObject({ collector: 'aws-iam', status: expect.any(String) });
    expect(shown.collections[0].callsByOperation['sts:GetCallerIdentity']).toBeGreaterThan(0);

    const text = await cli(['--db', db, 'show', finding.resourceId, '--run', '1'], env);
    expect(text.stdout).toContain(`seal       ${shown.run.seal}`);
    expect(text.stdout).toContain(`${finding.checkId}: FAIL`);
    expect(text.stdout).toContain('"mfaActive": false');
    const missing = await cli(['--db', db, 'show', 'arn:aws:iam::111111111111:user/nobody'], env);
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.stderr).toContain('has no result for arn:aws:iam::111111111111:user/nobody');
  });

  it('a second identical run: --fail-on new exits 0, the default exits 1; a new error makes --fail-on new exit 8', async () => {
    const second = await run('--fail-on', 'new');
    expect(second.code).toBe(EXIT.ok);
    expect(second.stdout).toContain('exit 0: no finding selected by --fail-on');
    const third = await run();
    expect(third.code).toBe(EXIT.findings);
    expect(third.stdout.trim().split('\n').at(-1)).toMatch(/^exit 1: findings present/);

    fake.faults.inject({ service: 's3', operation: 'GetBucketAcl', kind: 'AccessDenied' });
    const fourth = await run('--fail-on', 'new', '--format', 'json');
    fake.faults.clear();
    expect(fourth.code).toBe(EXIT.newFindings);
    const doc = JSON.parse(fourth.stdout);
    expect(valid(doc)).toEqual([]);
    const fresh = doc.findings.filter((f: { new: boolean }) => f.new) as { status: string; reason: string }[];
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh.every((f) => f.status === 'error' && f.reason.includes('GetBucketAcl'))).toBe(true);
  });
});
