import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { parseConfig } from '../../src/config/load.js';
import { loadEstateFile } from '../../src/demo/estate/load.js';
import { startFakeAws } from '../../src/demo/fakes/server.js';
import { startFakeGitHub, type FakeGithub } from '../../src/demo/fakes/github/server.js';
import { DEMO_CONFIG, DEMO_ESTATE, demoEnvironment } from '../../src/demo/environment.js';
import { runPipeline } from '../../src/engine/pipeline.js';
import { silentLogger } from '../../src/log.js';
import { runCliProcess } from '../helpers/cli.js';
import { cli as inProcess } from '../cli/in-process.js';

/**
 * The programme commands against a sealed demo run, with no configuration file at all: what
 * they show comes from what the run stored (declared scope, exceptions register), not from a config.
 */
describe('scope, exceptions, attest, attestations and controls commands', () => {
  let fake: Awaited<ReturnType<typeof startFakeAws>>;
  let github: FakeGithub;
  let dir: string;
  let db: string;
  let day: string;
  // From the repository root, which holds no controlwatch.yaml: the built-in defaults apply.
  const cli = (...args: string[]) => runCliProcess(['--db', db, ...args]);

  beforeAll(async () => {
    const estate = await loadEstateFile(DEMO_ESTATE);
    fake = await startFakeAws({ estate });
    github = await startFakeGitHub({ estate });
    const config = parseConfig(readFileSync(DEMO_CONFIG, 'utf8'), DEMO_CONFIG, demoEnvironment(estate, fake.endpoints, github));
    dir = mkdtempSync(join(tmpdir(), 'cw-programme-cli-'));
    db = join(dir, 'evidence.db');
    const { outcome } = await runPipeline(config, db, 'test', silentLogger);
    day = outcome.startedAt.slice(0, 10);
  });
  afterAll(async () => {
    await fake?.close();
    await github?.close();
  });

  it('scope lists drift (not judged) and in-scope resources; --history lists changes over days', async () => {
    const json = await cli('scope', '--format', 'json');
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const view = JSON.parse(json.stdout) as { drift: { id: string; why: string }[]; inScope: { id: string }[] };
    expect(view.drift.map((d) => d.id)).toEqual(['arn:aws:s3:::sandbox-experiments', 'github:acme/legacy-tool']);
    expect(view.drift[1]!.why).toBe('repository acme/legacy-tool matches no include pattern');
    expect(view.inScope.some((r) => r.id === 'arn:aws:s3:::prod-tmp-scratch')).toBe(true);
    const table = await cli('scope');
    expect(table.stdout).toContain('Scope drift: 2 discovered resources outside the declared scope');
    const history = await cli('scope', '--history', '--from', day, '--to', day, '--format', 'json');
    expect(history.code).toBe(0);
    expect(JSON.parse(history.stdout)).toEqual({ from: day, to: day, changes: [] });
    expect((await cli('scope', '--history')).code).toBe(2);
  }, 60_000);

  it('exceptions shows the register the run stored, with what each entry excepted', async () => {
    const out = await cli('exceptions', '--format', 'json');
    expect(out.code).toBe(0);
    const doc = JSON.parse(out.stdout) as { exceptions: { id: string; state: string; excepted: { checkId: string; resourceId: string; underlying: string }[] }[] };
    expect(doc.exceptions.map((e) => [e.id, e.state, e.excepted])).toEqual([
      ['EXC-2026-014', 'in_force', [{ checkId: 's3.bucket_versioning_enabled', resourceId: 'arn:aws:s3:::prod-tmp-scratch', underlying: 'fail' }]],
    ]);
  }, 30_000);

  it('attest records who, note, files and the access population; attestations extracts the files verified', async () => {
    const minutes = join(dir, 'minutes.txt');
    writeFileSync(minutes, 'Q4 access review minutes\n');
    const out = await cli('attest', '--control', 'A.5.18', '--by', 'erin', '--note', 'Q4 review', '--file', minutes, '--population');
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^wrote the access population of run 1 \(\d+ principals\)/);
    const population = readFileSync(join(dir, 'access-population-run-1.csv'), 'utf8');
    expect(population.split('\n')[0]).toBe('run_id,day,source,principal,scope,access');
    expect(population).toContain('aws.iam.user,arn:aws:iam::111111111111:user/alice');
    expect(population).toContain('github.member,');
    expect(population).toContain('github.outside_collaborator,');

    const list = await cli('attestations', '--format', 'json');
    const rows = JSON.parse(list.stdout) as { control: string; by: string; record: { note: string; files: { name: string; sha256: string }[] } }[];
    expect(rows.map((r) => [r.control, r.by, r.record.note, r.record.files.map((f) => f.name)])).toEqual([['A.5.18', 'erin', 'Q4 review', ['minutes.txt', 'access-population-run-1.csv']]]);
    const extract = await cli('attestations', '--extract', '1', '--out', join(dir, 'out'));
    expect(extract.code).toBe(0);
    expect(readFileSync(join(dir, 'out', 'minutes.txt'), 'utf8')).toBe('Q4 access review minutes\n');
    expect(existsSync(join(dir, 'out', 'access-population-run-1.csv'))).toBe(true);

    const csv = parse((await cli('attestations', '--format', 'csv')).stdout, { columns: true }) as Record<string, string>[];
    expect(csv.map((r) => [r.id, r.control, r.by, r.note])).toEqual([['1', 'A.5.18', 'erin', 'Q4 review']]);
    expect(csv[0]!.files).toMatch(/^minutes\.txt:[0-9a-f]{64} access-population-run-1\.csv:[0-9a-f]{64}$/);

    // Not sealed yet (no run since), every file matches its SHA-256.
    const verified = await cli('attestations', '--verify', '--format', 'json');
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toEqual({ problems: [], pending: [1] });

    const unknown = await cli('attest', '--control', 'Z.9', '--by', 'erin');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--control Z.9: no framework has this control');
  }, 60_000);

  it('report: the programme views (scope drift, owners, exceptions, manual controls) in table, json and csv', async () => {
    // In this process (the real program and exit-code mapping, output captured): a dozen child processes take minutes on a loaded machine.
    const cli = (...args: string[]) => inProcess(['--db', db, ...args]);
    const rows = async (view: string) => parse((await cli('report', '--view', view, '--format', 'csv')).stdout, { columns: true }) as Record<string, string>[];
    const drift = await rows('scope');
    expect(drift.map((d) => d.resource)).toEqual(['arn:aws:s3:::sandbox-experiments', 'github:acme/legacy-tool']);
    expect(drift[0]!.scope_coverage).toMatch(/^\d+(\.\d)?%$/);
    const exceptions = await rows('exceptions');
    expect(exceptions.map((e) => [e.id, e.state, e.matched])).toEqual([['EXC-2026-014', 'in_force', '1']]);
    const manual = await rows('manual-controls');
    // No attestation in this store's run (the demo's own simulated review is written by `demo` only): no evidence, never a pass.
    expect(manual.find((m) => m.control === 'A.5.18')).toMatchObject({ status: 'no_evidence', owner: 'identity-team' });
    const owners = await rows('owners');
    expect(owners).toContainEqual(expect.objectContaining({ owner: 'identity-team', kind: 'control', framework: 'manual', control: 'A.5.18', status: 'no_evidence' }));
    for (const view of ['scope', 'owners', 'exceptions', 'manual-controls']) {
      const json = await cli('report', '--view', view, '--format', 'json');
      expect(json.code, view).toBe(0);
      const key = view === 'manual-controls' ? 'manualControls' : view;
      expect(JSON.parse(json.stdout)[key], view).toBeDefined();
      const table = await cli('report', '--view', view);
      expect(table.code, view).toBe(0);
    }
    expect((await cli('report', '--view', 'scope')).stdout).toContain('Scope drift: 2 discovered resources outside the declared scope');
  }, 60_000);

  it('controls: --uncovered, and the crosswalk of a check and of a control', async () => {
    const uncovered = JSON.parse((await cli('controls', '--uncovered', '--format', 'json')).stdout) as { evidence: string; checks: string[] }[];
    expect(uncovered.length).toBeGreaterThan(0);
    expect(uncovered.every((r) => r.evidence === 'none' && r.checks.length === 0)).toBe(true);
    const check = JSON.parse((await cli('controls', '--check', 'iam.user_console_mfa_enabled', '--format', 'json')).stdout) as { rows: { framework: string; control: string }[] };
    expect(new Set(check.rows.map((r) => r.framework)).size).toBeGreaterThanOrEqual(2);
    expect(check.rows).toContainEqual(expect.objectContaining({ framework: 'iso27001-2022', control: 'A.8.5' }));
    const control = JSON.parse((await cli('controls', '--control', 'A.8.5', '--format', 'json')).stdout) as { rows: { check: string }[] };
    expect(control.rows.map((r) => r.check)).toContain('iam.user_console_mfa_enabled');
    expect((await cli('controls', '--check', 'nope')).code).toBe(2);
  }, 60_000);
});
