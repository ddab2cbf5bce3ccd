import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { runPipeline } from '../../src/engine/pipeline.js';
import { loadEstateFile } from '../../src/demo/estate/load.js';
import { DEMO_CONFIG, DEMO_ESTATE, demoEnvironment } from '../../src/demo/environment.js';
import { startFakeAws } from '../../src/demo/fakes/server.js';
import { startFakeGitHub } from '../../src/demo/fakes/github/server.js';
import { generateKeyFiles } from '../../src/integrity/keys.js';
import { cli } from '../cli/in-process.js';

/**
 * The real path end to end: the pipeline signs and checkpoints two runs over the simulated estate,
 * `sample --out` writes a pack with the pack writer, and `verify --pack` checks it with only the
 * public key — then names the run of an edited pack file.
 */
describe('verify --pack on a pack written by `sample --out` from signed pipeline runs', () => {
  let dir: string;
  let db: string;
  let publicKey: string;
  let pack: string;
  let day: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'controlwatch-real-pack-'));
    db = join(dir, 'evidence.db');
    const keys = generateKeyFiles(join(dir, 'keys'));
    publicKey = keys.publicKeyPath;
    const estate = await loadEstateFile(DEMO_ESTATE);
    const fake = await startFakeAws({ estate });
    const github = estate.github !== undefined ? await startFakeGitHub({ estate }) : undefined;
    try {
      const base = parseConfig(readFileSync(DEMO_CONFIG, 'utf8'), DEMO_CONFIG, demoEnvironment(estate, fake.endpoints, github));
      const config = { ...base, integrity: { signingKey: keys.privateKeyPath, publicKeys: [], checkpoints: [{ type: 'directory' as const, path: join(dir, 'anchor') }] } };
      for (let i = 0; i < 2; i += 1) await runPipeline(config, db, 'demo', pino({ level: 'silent' }));
    } finally {
      await fake.close();
      await github?.close();
    }
    day = new Date().toISOString().slice(0, 10);
    pack = join(dir, 'pack');
    const sampled = await cli(['--db', db, 'sample', '--control', 'A.8.5', '--from', day, '--to', day, '--seed', 'audit-2026', '--out', pack]);
    expect(sampled.code, sampled.stderr).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the pipeline signed both runs and anchored a checkpoint after each', async () => {
    const out = await cli(['--db', db, 'verify', '--format', 'json']);
    const report = JSON.parse(out.stdout) as { signatures: { signedRuns: number } };
    // No config given: the signatures are there but no key is trusted; with --public-key they verify.
    expect(report.signatures.signedRuns).toBe(2);
    const withKey = await cli(['--db', db, 'verify', '--public-key', publicKey]);
    expect(withKey.code, withKey.stdout).toBe(0);
    expect(withKey.stdout).toContain('runs 1-2: valid');
  });

  it('the pack verifies with only the public key', async () => {
    const out = await cli(['verify', '--pack', pack, '--public-key', publicKey]);
    expect(out.code, out.stdout).toBe(0);
    expect(out.stdout).toContain('pack intact');
  });

  it('the instruction page is listed in the manifest, so an edited index.html is caught too', async () => {
    const manifest = JSON.parse(readFileSync(join(pack, 'manifest.json'), 'utf8')) as { files: Array<{ path: string }> };
    expect(manifest.files.map((f) => f.path)).toContain('index.html');
    const copy = mkdtempSync(join(tmpdir(), 'cw-pack-edit-'));
    try {
      cpSync(pack, copy, { recursive: true });
      const page = readFileSync(join(copy, 'index.html'), 'utf8');
      writeFileSync(join(copy, 'index.html'), page.replace('sha256sum -c SHA256SUMS', 'trust us'));
      const out = await cli(['verify', '--pack', copy, '--public-key', publicKey]);
      expect(out.code).toBe(3);
      expect(out.stdout).toContain('index.html');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('an edited result is caught by re-hashing the result set, even with manifest.json and SHA256SUMS regenerated to match', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'cw-pack-forge-'));
    try {
      cpSync(pack, copy, { recursive: true });
      const manifest = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8')) as { format: string; algorithm: string; files: Array<{ path: string; sha256: string; bytes: number }> };
      // A failing result turned into a pass, with the set's counts moved to match: only the sealed hash can tell.
      type Set = { checkId: string; scope: string; counts: Record<string, number>; results: Array<{ resourceId: string; status: string; reason: string }> };
      let forged: { path: string; set: Set; runId: number } | undefined;
      for (const path of manifest.files.map((f) => f.path).filter((p) => p.endsWith('/results.json'))) {
        const sets = JSON.parse(readFileSync(join(copy, path), 'utf8')) as Set[];
        const set = sets.find((s) => s.results.some((r) => r.status === 'fail'));
        if (!set) continue;
        const result = set.results.find((r) => r.status === 'fail')!;
        result.status = 'pass';
        result.reason = 'compliant';
        set.counts.fail! -= 1;
        set.counts.pass! += 1;
        writeFileSync(join(copy, path), JSON.stringify(sets, null, 2) + '\n');
        forged = { path, set, runId: (JSON.parse(readFileSync(join(copy, path.replace('results.json', 'item.json')), 'utf8')) as { runId: number }).runId };
        break;
      }
      expect(forged, 'the sampled day has a failing result to forge').toBeDefined();
      for (const f of manifest.files) {
        const bytes = readFileSync(join(copy, f.path));
        f.sha256 = createHash('sha256').update(bytes).digest('hex');
        f.bytes = bytes.length;
      }
      writeFileSync(join(copy, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
      writeFileSync(join(copy, 'SHA256SUMS'), manifest.files.map((f) => `${f.sha256}  ${f.path}\n`).join(''));

      const out = await cli(['verify', '--pack', copy, '--public-key', publicKey, '--format', 'json']);
      expect(out.code).toBe(3);
      const report = JSON.parse(out.stdout) as { problems: string[]; runs: Array<{ id: number; verdict: string; reasons: string[] }> };
      // Every file matches the (regenerated) manifest: the one problem is the result set that no longer hashes to its seal.
      expect(report.problems.filter((p) => p.includes('SHA-256'))).toEqual([]);
      const run = report.runs.find((r) => r.id === forged!.runId)!;
      expect(run.verdict).toBe('INVALID');
      expect(run.reasons).toEqual([
        `${forged!.path}: result set ${forged!.set.checkId} / ${forged!.set.scope}: its hash or counts differ from the sealed ones`,
        expect.stringMatching(new RegExp(`^${forged!.path.replace(/[.]/g, '\\.')}: result set .*: its results do not hash to the sealed results hash [0-9a-f]{64} \\(edited\\)$`)),
      ]);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('an edited results file in the pack is caught, and its run named', async () => {
    const manifest = JSON.parse(readFileSync(join(pack, 'manifest.json'), 'utf8')) as { files: Array<{ path: string }> };
    const results = manifest.files.map((f) => f.path).find((p) => p.endsWith('/results.json'))!;
    const item = JSON.parse(readFileSync(join(pack, results.replace('results.json', 'item.json')), 'utf8')) as { runId: number };
    const text = readFileSync(join(pack, results), 'utf8');
    const forged = text.replace(/"status": "fail"/, '"status": "pass"');
    writeFileSync(join(pack, results), forged === text ? text.replace(/\n$/, ' \n') : forged);
    const out = await cli(['verify', '--pack', pack, '--public-key', publicKey]);
    expect(out.code).toBe(3);
    expect(out.stdout).toContain(`run ${item.runId}: INVALID (pack file ${results} does not match its SHA-256 in manifest.json (edited)`);
    // The edit is a forged status (or a changed byte): re-hashing the set names it too, when it changed a result.
    if (forged !== text) expect(out.stdout).toMatch(/its results do not hash to the sealed results hash/);
  });
});
