import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../cli/in-process.js';
import { signedStore, tamper, writeMinimalPack } from './fixture.js';

describe('controlwatch keys / verify / prune', () => {
  let f: Awaited<ReturnType<typeof signedStore>>;
  let config: string;
  beforeEach(async () => {
    f = await signedStore();
    config = join(f.dir, 'controlwatch.yaml');
    writeFileSync(
      config,
      `version: 1\nintegrity:\n  signingKey: ${f.keys.privateKeyPath}\n  checkpoints:\n    - type: directory\n      path: ${f.anchorDir}\n`,
    );
  });
  afterEach(() => f.cleanup());

  it('keys generate writes a 0600 private key and a public key, and never overwrites them', async () => {
    const out = mkdtempSync(join(tmpdir(), 'controlwatch-keys-'));
    try {
      const made = await cli(['keys', 'generate', '--out', out, '--json']);
      expect(made.code).toBe(0);
      const { privateKeyPath, publicKeyPath, fingerprint } = JSON.parse(made.stdout) as Record<string, string>;
      expect(statSync(privateKeyPath!).mode & 0o777).toBe(0o600);
      expect(readFileSync(publicKeyPath!, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
      expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
      const again = await cli(['keys', 'generate', '--out', out]);
      expect(again.code).not.toBe(0);
      expect(again.stderr).toContain('already exists; a key is never overwritten');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('verify prints a verdict per run and the checkpoint coverage; exit 0, then 3 naming the edited run', async () => {
    const ok = await cli(['verify', '-c', config, '--db', f.path]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('runs 1-5: valid');
    expect(ok.stdout).toContain(`signatures: 5 sealed runs signed, 0 unsigned; trusted keys ${f.keys.fingerprint.slice(0, 16)}`);
    expect(ok.stdout).toContain('checkpoint coverage: through run 5 (5 sealed runs');

    tamper(f.path, [`UPDATE result_sets SET fail = 0 WHERE run_id = 2 AND check_id = 'iam.user_mfa_enabled'`]);
    const bad = await cli(['verify', '-c', config, '--db', f.path, '--format', 'json']);
    expect(bad.code).toBe(3);
    const report = JSON.parse(bad.stdout) as { ok: boolean; runs: Array<{ id: number; verdict: string }>; firstBadRun: { id: number } };
    expect(report.firstBadRun.id).toBe(2);
    expect(report.runs.find((r) => r.id === 2)?.verdict).toBe('INVALID');
  });

  it('a key readable by others is refused for signing; verify then trusts only the public keys it is given', async () => {
    const { chmodSync } = await import('node:fs');
    chmodSync(f.keys.privateKeyPath, 0o644);
    const prune = await cli(['prune', '--before', '2025-03-03', '--yes', '-c', config, '--db', f.path]);
    expect(prune.code).not.toBe(0);
    expect(prune.stderr).toContain('readable by group or others');
    const unchecked = await cli(['verify', '-c', config, '--db', f.path]);
    expect(unchecked.stderr).toContain('warning: signing key not used for verifying');
    expect(unchecked.stdout).toContain('signatures: not checked (no public key configured)');
    expect(unchecked.stdout).toContain('5 held (not checked: no trusted public key)');
    expect(unchecked.code).toBe(0);
    const checked = await cli(['verify', '-c', config, '--db', f.path, '--public-key', f.keys.publicKeyPath]);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain('signatures: 5 sealed runs signed');
  });

  it('prune needs --yes, then leaves a tombstone that verify reports', async () => {
    const refused = await cli(['prune', '--before', '2025-03-03', '-c', config, '--db', f.path]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
    const pruned = await cli(['prune', '--before', '2025-03-03', '--yes', '-c', config, '--db', f.path]);
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toMatch(/^pruned runs 1-2 \(2 runs, 2 sealed\)/);
    const after = await cli(['verify', '-c', config, '--db', f.path]);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('runs 1-2: pruned');
    expect(after.stdout).toContain('runs 3-5: valid');
    expect(after.stdout).toMatch(/tombstone 1: prune at .* removed runs 1-2 \(2 sealed\) started before 2025-03-03T00:00:00.000Z/);
  });

  it('verify --pack checks a pack with only the public key, and names the run of an edited file', async () => {
    const pack = mkdtempSync(join(tmpdir(), 'controlwatch-pack-'));
    try {
      await writeMinimalPack(f.path, f.integrity, [4], pack);
      const ok = await cli(['verify', '--pack', pack, '--public-key', f.keys.publicKeyPath]);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain('runs 4-5: valid');
      const sig = join(pack, 'integrity/runs/5/seal.sig');
      expect(existsSync(sig)).toBe(true);
      const bytes = readFileSync(sig);
      bytes[0] = bytes[0]! ^ 0xff;
      writeFileSync(sig, bytes);
      const bad = await cli(['verify', '--pack', pack, '--public-key', f.keys.publicKeyPath]);
      expect(bad.code).toBe(3);
      expect(bad.stdout).toMatch(/run 5: INVALID \(pack file integrity\/runs\/5\/seal.sig does not match its SHA-256 in manifest.json \(edited\); seal.sig does not verify with the public key\)/);
    } finally {
      rmSync(pack, { recursive: true, force: true });
    }
  });
});
