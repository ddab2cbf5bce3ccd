import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, loadConfigFile } from '../../src/config/load.js';
import { ConfigError } from '../../src/config/errors.js';
import { configPath } from '../../src/util/project-root.js';
import { ConfigSchema } from '../../src/config/schema.js';
import { parse as parseYaml } from 'yaml';

const base = `version: 1
aws:
  accounts:
    - id: "111111111111"
      credentials:
        accessKeyId: \${AK}
        secretAccessKey: \${SK}
`;

function problemsOf(text: string, env: NodeJS.ProcessEnv = { AK: 'AKIAEXAMPLE', SK: 'supersecretvalue' }): readonly string[] {
  try {
    parseConfig(text, 'cfg.yaml', env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('config loading', () => {
  it('substitutes ${ENV} in strings and applies defaults', () => {
    const c = parseConfig(base, 'cfg.yaml', { AK: 'AKIAEXAMPLE', SK: 'supersecretvalue' });
    expect(c.aws?.accounts[0]?.credentials).toEqual({ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'supersecretvalue' });
    expect(c.aws?.accounts[0]?.regions).toEqual(['us-east-1']);
    expect(c.aws?.retry).toEqual({ mode: 'standard', maxAttempts: 5 });
    expect(c.store.path).toBe('./controlwatch.db');
    expect(c.audit.timezone).toBe('UTC');
  });

  it('the same text loaded again (its YAML parsed once per process) takes each load\'s variables, and each load\'s config is its own', () => {
    const first = parseConfig(base, 'cfg.yaml', { AK: 'AKIAEXAMPLE', SK: 'supersecretvalue' });
    const second = parseConfig(base, 'cfg.yaml', { AK: 'AKIAOTHER', SK: 'anothersecretvalue' });
    expect(second.aws?.accounts[0]?.credentials).toEqual({ accessKeyId: 'AKIAOTHER', secretAccessKey: 'anothersecretvalue' });
    expect(first.aws?.accounts[0]?.credentials).toEqual({ accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'supersecretvalue' });
    second.aws!.accounts[0]!.regions.push('eu-west-1');
    expect(parseConfig(base, 'cfg.yaml', { AK: 'AKIAEXAMPLE', SK: 'supersecretvalue' }).aws?.accounts[0]?.regions).toEqual(['us-east-1']);
    // A variable left unset is still refused on the second load.
    expect(() => parseConfig(base, 'cfg.yaml', { AK: 'AKIAEXAMPLE' })).toThrow(ConfigError);
  });

  it('an unknown key gives one message naming its path', () => {
    const problems = problemsOf(base + '  retrys: 3\n');
    expect(problems).toEqual(['cfg.yaml: aws: unknown key "retrys"']);
  });

  it('a wrong type names the field, what was expected and what was found', () => {
    const problems = problemsOf(base.replace('"111111111111"', '"111111111111"\n      regions: [5]'));
    expect(problems).toEqual(['cfg.yaml: aws.accounts[0].regions[0]: expected string, got number']);
  });

  it('an unquoted account id explains the YAML pitfall', () => {
    const problems = problemsOf(base.replace('"111111111111"', '111111111111'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/aws\.accounts\[0\]\.id: expected a quoted 12-digit AWS account id/);
  });

  it('a missing environment variable names the field and the variable, never a value', () => {
    const problems = problemsOf(base, { AK: 'AKIAEXAMPLE' });
    expect(problems).toEqual(['config aws.accounts[0].credentials.secretAccessKey: environment variable ${SK} is not set']);
  });

  it('the $${ escape keeps a literal ${', () => {
    const c = parseConfig('version: 1\nowners:\n  A.5.1: "team $${x}"\n', 'cfg.yaml', {});
    expect(c.owners['A.5.1']).toBe('team ${x}');
  });

  it('reports every schema problem at once', () => {
    const problems = problemsOf('version: 1\nstore: {path: 1}\nlog: {level: loud}\naudit: {timezone: Mars/Olympus}\n', {});
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/store\.path: expected string, got number/);
    expect(problems.join('\n')).toMatch(/log\.level: .*"info"/);
    expect(problems.join('\n')).toMatch(/audit\.timezone: expected an IANA time zone/);
  });

  it('invalid YAML is one message with its line', () => {
    const problems = problemsOf('version: 1\naws: [\n', {});
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/YAML syntax error: .*line \d+/);
  });

  it('duplicate accounts are rejected', () => {
    const dup = base + '    - id: "111111111111"\n';
    expect(problemsOf(dup)).toEqual(['cfg.yaml: aws.accounts[1].id: account 111111111111 is listed twice']);
  });

  it('aws.administrators takes names or ARNs of the right kind, and names the entry that is neither', () => {
    const ok = base.replace('aws:\n', 'aws:\n  administrators:\n    roles: [break-glass, "arn:aws:iam::111111111111:role/ops/admin"]\n    groups: [Admins]\n');
    expect(parseConfig(ok, 'cfg.yaml', { AK: 'AKIAEXAMPLE', SK: 'supersecretvalue' }).aws?.administrators).toEqual({
      roles: ['break-glass', 'arn:aws:iam::111111111111:role/ops/admin'],
      groups: ['Admins'],
      users: [],
    });
    const bad = base.replace('aws:\n', 'aws:\n  administrators:\n    roles: ["arn:aws:iam::111111111111:user/alice"]\n    users: ["two words"]\n');
    expect(problemsOf(bad)).toEqual([
      expect.stringMatching(/^cfg\.yaml: aws\.administrators\.users\[0\]: expected an IAM user name such as break-glass, or its ARN/),
      expect.stringMatching(/^cfg\.yaml: aws\.administrators\.roles\[0\]: expected an IAM role name such as OrganizationAccountAccessRole, or its ARN/),
    ]);
  });

  it('a missing file names the file and the --config option', () => {
    expect(() => loadConfigFile('/nonexistent/controlwatch.yaml')).toThrow(/config file \/nonexistent\/controlwatch.yaml not found \(pass --config/);
  });

  it('the shipped example config is valid and documents every top-level key of the schema', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-cfg-'));
    const file = join(dir, 'controlwatch.yaml');
    const text = readFileSync(configPath('controlwatch.example.yaml'), 'utf8');
    writeFileSync(file, text);
    loadConfigFile(file, { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'x'.repeat(20), GITHUB_TOKEN: 'ghp_example' });
    const written = Object.keys(parseYaml(text) as object).sort();
    expect(written).toEqual(Object.keys(ConfigSchema.shape).sort());
  });
});

describe('collectionThreads', () => {
  it('defaults to 1 (the run collects on its own thread) and takes 2-16', () => {
    expect(parseConfig('version: 1\n', 'cfg.yaml').collectionThreads).toBe(1);
    expect(parseConfig('version: 1\ncollectionThreads: 2\n', 'cfg.yaml').collectionThreads).toBe(2);
  });

  it('refuses a count that is not a whole number from 1 to 16, naming the field and the file', () => {
    for (const bad of ['0', '17', '1.5', 'two']) {
      expect(() => parseConfig(`version: 1\ncollectionThreads: ${bad}\n`, 'cfg.yaml'), bad).toThrow(/cfg\.yaml[\s\S]*collectionThreads/);
    }
  });
});
