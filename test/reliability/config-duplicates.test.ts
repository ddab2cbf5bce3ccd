import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { parseConfig } from '../../src/config/load.js';
import { runCliProcess } from '../helpers/cli.js';

/**
 * Issue 14, defect 5: a duplicate region, account or organisation is refused by the configuration with
 * the field named (exit 2), before anything is collected — not at seal time after discarding the run.
 */
const ENV = { AK: 'AKIAEXAMPLE', SK: 'supersecretvalue', GT: 'ghp_example' };

function problems(text: string): readonly string[] {
  try {
    parseConfig(text, 'cfg.yaml', ENV);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

const account = (regions: string) => `version: 1\naws:\n  accounts:\n    - id: "111111111111"\n      regions: [${regions}]\n      credentials: { accessKeyId: "\${AK}", secretAccessKey: "\${SK}" }\n`;

describe('duplicates in the configuration are refused with the field named', () => {
  it('a region listed twice for an account', () => {
    expect(problems(account('eu-west-1, us-east-1, eu-west-1'))).toEqual(['cfg.yaml: aws.accounts[0].regions[2]: region eu-west-1 is listed twice']);
  });

  it('a region listed twice for organisation discovery', () => {
    const text = 'version: 1\naws:\n  organizations: { discover: true, regions: [us-east-1, us-east-1] }\n';
    expect(problems(text)).toEqual(['cfg.yaml: aws.organizations.regions[1]: region us-east-1 is listed twice']);
  });

  it('an account listed twice', () => {
    const text = account('eu-west-1') + '    - id: "111111111111"\n';
    expect(problems(text)).toEqual(['cfg.yaml: aws.accounts[1].id: account 111111111111 is listed twice']);
  });

  it('an organisation listed twice (in any case)', () => {
    const text = 'version: 1\ngithub:\n  auth: { token: "${GT}" }\n  organizations:\n    - name: acme\n    - name: ACME\n';
    expect(problems(text).join('\n')).toMatch(/github\.organizations\[1\]\.name: organisation ACME is listed twice/);
  });

  it('the CLI exits 2 naming the file and the field, before collecting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-dup-'));
    const file = join(dir, 'controlwatch.yaml');
    writeFileSync(file, account('eu-west-1, eu-west-1'));
    const out = await runCliProcess(['run', '--config', file, '--db', join(dir, 'e.db')], { env: ENV });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`${file}: aws.accounts[0].regions[1]: region eu-west-1 is listed twice`);
  });
});
