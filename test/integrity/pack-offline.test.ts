import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packVerificationReadme } from '../../src/integrity/pack-readme.js';
import { signedStore, writeMinimalPack } from './fixture.js';

/** The shell commands of the pack README, block by block, exactly as printed (indented lines). */
function readmeCommands(): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  for (const line of packVerificationReadme().split('\n')) {
    if (line.startsWith('     ')) current.push(line.slice(5));
    else if (current.length > 0) {
      blocks.push(current.join('\n'));
      current = [];
    }
  }
  return blocks;
}

const bash = (script: string, cwd: string) => spawnSync('bash', ['-c', script], { cwd, encoding: 'utf8' });

describe('a pack checks out with standard tools alone (sha256sum, openssl), as its README says', () => {
  let f: Awaited<ReturnType<typeof signedStore>>;
  let pack: string;
  beforeAll(async () => {
    f = await signedStore();
    pack = mkdtempSync(join(tmpdir(), 'controlwatch-pack-'));
    await writeMinimalPack(f.path, f.integrity, [2], pack);
  });
  afterAll(() => {
    rmSync(pack, { recursive: true, force: true });
    f.cleanup();
  });

  it('the README holds the five command blocks, and each succeeds on an untouched pack', () => {
    const [sums, seals, signatures, checkpoint, checkRows] = readmeCommands();
    expect(readmeCommands()).toHaveLength(5);

    const a = bash(sums!, pack);
    expect(a.status).toBe(0);
    const files = readFileSync(join(pack, 'SHA256SUMS'), 'utf8').trim().split('\n').length;
    expect(a.stdout.trim().split('\n').filter((l) => l.endsWith(': OK'))).toHaveLength(files);

    const b = bash(seals!, pack);
    expect(b.stdout.trim().split('\n')).toEqual(['integrity/runs/2/ ok', 'integrity/runs/3/ ok', 'integrity/runs/4/ ok', 'integrity/runs/5/ ok']);

    const c = bash(signatures!, pack);
    expect(c.status).toBe(0);
    const [fingerprintLine, ...verified] = c.stdout.trim().split('\n');
    expect(fingerprintLine).toBe(`${f.keys.fingerprint}  -`);
    expect(verified).toEqual(Array(4).fill('Signature Verified Successfully'));

    const d = bash(checkpoint!, pack);
    expect(d.status).toBe(0);
    expect(d.stdout.trim()).toBe('Signature Verified Successfully');
    expect(JSON.parse(readFileSync(join(pack, 'integrity/checkpoint.json'), 'utf8'))).toMatchObject({ headRunId: 5, headSeal: f.seals[4] });

    // Seal version 2: the sampled run's checks' rows, each file one of the lines its seal material lists.
    const e = bash(checkRows!, pack);
    const rowFiles = readdirSync(join(pack, 'runs/2/result-sets')).sort();
    expect(rowFiles.length).toBeGreaterThan(0);
    expect(e.stdout.trim().split('\n')).toEqual(rowFiles.map((name) => `runs/2/result-sets/${name} ok`));
  });

  it('a check’s rows edited in the pack fail block 5', () => {
    const checkRows = readmeCommands()[4]!;
    const name = readdirSync(join(pack, 'runs/2/result-sets')).sort()[0]!;
    const file = join(pack, 'runs/2/result-sets', name);
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace(/"pass":(\d+)/, (_, n: string) => `"pass":${Number(n) + 1}`));
    try {
      expect(bash(checkRows, pack).stdout).toContain(`runs/2/result-sets/${name} MISMATCH`);
    } finally {
      writeFileSync(file, original);
    }
  });

  it('the chain rule of the README holds: each material names the seal before it', () => {
    const runs = readdirSync(join(pack, 'integrity/runs')).map(Number).sort((a, b) => a - b);
    for (let i = 1; i < runs.length; i += 1) {
      const material = JSON.parse(readFileSync(join(pack, `integrity/runs/${runs[i]}/material.json`), 'utf8')) as { prevSeal: string };
      expect(material.prevSeal).toBe(readFileSync(join(pack, `integrity/runs/${runs[i - 1]}/seal.txt`), 'utf8'));
    }
  });

  it('the same commands fail once a seal is edited', () => {
    const [sums, seals, signatures] = readmeCommands();
    const sealFile = join(pack, 'integrity/runs/3/seal.txt');
    const original = readFileSync(sealFile, 'utf8');
    writeFileSync(sealFile, original.replace(/^./, (ch) => (ch === '0' ? '1' : '0')));
    try {
      expect(bash(sums!, pack).stdout).toContain('integrity/runs/3/seal.txt: FAILED');
      expect(bash(seals!, pack).stdout).toContain('integrity/runs/3/ MISMATCH');
      const out = bash(signatures!, pack);
      expect(out.stdout).toContain('Signature Verification Failure');
    } finally {
      writeFileSync(sealFile, original);
    }
  });

  it('block 5 says nothing on a pack of version-1 runs, which carries no result-sets files', () => {
    const empty = mkdtempSync(join(tmpdir(), 'controlwatch-pack-v1-'));
    try {
      const out = bash(readmeCommands()[4]!, empty);
      expect(out.status).toBe(0);
      expect(out.stdout).toBe('');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('openssl on this machine is OpenSSL 3 (pkeyutl -rawin needs it for Ed25519)', () => {
    expect(execFileSync('openssl', ['version'], { encoding: 'utf8' })).toMatch(/^OpenSSL 3\./);
  });
});
