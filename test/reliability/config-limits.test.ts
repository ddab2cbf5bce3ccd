import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { loadConfigFile, MAX_CONFIG_ALIASES, MAX_CONFIG_BYTES, parseConfig } from '../../src/config/load.js';
import { runCliProcess } from '../helpers/cli.js';

/**
 * Issue 14, defect 8: a large configuration was parsed in quadratic time (20k owner keys took 9 s, 200k never
 * finished) and an alias bomb exited 4 naming no file. Size and aliases are capped, duplicate keys are found
 * in one pass, and each refusal is a configuration error (exit 2) naming the file.
 */
const dir = mkdtempSync(join(tmpdir(), 'cw-config-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEAD = 'version: 1\nstore:\n  path: ./e.db\ngithub:\n  auth:\n    token: ghp_x\n  organizations:\n    - name: acme\n';

function ownerKeys(n: number): string {
  return `${HEAD}owners:\n${Array.from({ length: n }, (_, i) => `  iam.check_${i}: team-${i % 7}`).join('\n')}\n`;
}

/** A "billion laughs" document: each level refers to the previous one nine times. */
const ALIAS_BOMB = `${HEAD}x:\n  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n${['b', 'c', 'd', 'e', 'f', 'g', 'h']
  .map((k, i) => `  ${k}: &${k} [${Array(9).fill(`*${'abcdefg'[i]}`).join(',')}]`)
  .join('\n')}\n`;

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('accepted');
}

describe('configuration size, aliases and duplicate keys', () => {
  it('20k owner keys are read in linear time (they took 9 s with the pairwise duplicate check)', () => {
    const text = ownerKeys(20_000);
    expect(Buffer.byteLength(text)).toBeLessThan(MAX_CONFIG_BYTES);
    const started = Date.now();
    const config = parseConfig(text, 'big.yaml', {});
    expect(Object.keys(config.owners)).toHaveLength(20_000);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a file over the size cap is refused before it is read, naming the file', () => {
    const path = join(dir, 'huge.yaml');
    writeFileSync(path, ownerKeys(200_000));
    const started = Date.now();
    expect(messageOf(() => loadConfigFile(path, {}))).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the configuration is \\d+ bytes, more than the ${MAX_CONFIG_BYTES} accepted`));
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('an alias bomb is refused by alias count, naming the file', () => {
    expect(messageOf(() => parseConfig(ALIAS_BOMB, 'bomb.yaml', {}))).toMatch(/^bomb\.yaml: the YAML cannot be expanded: Excessive alias count/);
    const many = `${HEAD}x:\n  a: &a 1\n  l: [${Array(MAX_CONFIG_ALIASES + 1).fill('*a').join(', ')}]\n`;
    expect(messageOf(() => parseConfig(many, 'many.yaml', {}))).toBe(`many.yaml: ${MAX_CONFIG_ALIASES + 1} YAML aliases (*name), more than the ${MAX_CONFIG_ALIASES} a configuration may use: write the values out`);
  });

  it('a key twice in one mapping is still refused, with its field and line', () => {
    expect(messageOf(() => parseConfig(`${HEAD}audit:\n  timezone: UTC\n  timezone: Europe/Paris\n`, 'dup.yaml', {}))).toBe(
      'dup.yaml: duplicate key "timezone" in audit (line 11): a key may appear once in a mapping',
    );
    expect(messageOf(() => parseConfig(`${HEAD.replace('    - name: acme\n', '    - name: acme\n      name: other\n')}`, 'dup.yaml', {}))).toMatch(/duplicate key "name" in github\.organizations\[0\] \(line 9\)/);
  });

  it('the CLI exits 2 naming the file for an alias bomb and an oversize file (the bomb exited 4, naming nothing)', async () => {
    const bomb = join(dir, 'bomb.yaml');
    writeFileSync(bomb, ALIAS_BOMB);
    const huge = join(dir, 'huge.yaml');
    writeFileSync(huge, ownerKeys(200_000));
    for (const path of [bomb, huge]) {
      const out = await runCliProcess(['--config', path, 'run']);
      expect(out.code, out.stderr).toBe(2);
      expect(out.stderr).toContain(path);
      expect(out.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
  }, 60_000);
});
