import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

  it('an edited results file in the pack is caught, and its run named', async () => {
    const manifest = JSON.parse(readFileSync(join(pack, 'manifest.json'), 'utf8')) as { files: Array<{ path: string }> };
    const results = manifest.files.map((f) => f.path).find((p) => p.endsWith('/results.json'))!;
    const item = JSON.parse(readFileSync(join(pack, results.replace('results.json', 'item.json')), 'utf8')) as { runId: number };
    const text = readFileSync(join(pack, results), 'utf8');
    const forged = text.replace(/"status": "fail"/, '"status": "pass"');
    writeFileSync(join(pack, results), forged === text ? text.replace(/\n$/, ' \n') : forged);
    const out = await cli(['verify', '--pack', pack, '--public-key', publicKey]);
    expect(out.code).toBe(3);
    expect(out.stdout).toContain(`run ${item.runId}: INVALID (pack file ${results} does not match its SHA-256 in manifest.json (edited))`);
  });
});
