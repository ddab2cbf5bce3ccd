import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './in-process.js';
import { EXIT } from '../../src/cli/exit-codes.js';

/** `permissions`: documents for the configured roles, and nothing a person could paste with a placeholder still in it. */
const dir = mkdtempSync(join(tmpdir(), 'cw-permissions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function config(name: string, aws: string): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, `version: 1\naws:\n${aws}`);
  return path;
}

const ORG = config(
  'org',
  `  organizations: { discover: true, roleName: audit-reader, externalId: k3y-7f2c }
  accounts:
    - id: "111111111111"
      assumeRole: { roleArn: "arn:aws:iam::111111111111:role/ops/cw-reader", externalId: k3y-7f2c }
`,
);
const PLAIN = config('plain', `  accounts:\n    - id: "111111111111"\n`);

describe('permissions aws-controller-policy', () => {
  it('allows sts:AssumeRole on exactly the configured roles (the organisation role name in any account) and ListAccounts for discovery', async () => {
    const out = await cli(['-c', ORG, 'permissions', 'aws-controller-policy']);
    expect(out.code).toBe(EXIT.ok);
    expect(JSON.parse(out.stdout).Statement).toEqual([
      { Sid: 'AssumeControlwatchRole', Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: ['arn:aws:iam::*:role/audit-reader', 'arn:aws:iam::111111111111:role/ops/cw-reader'] },
      { Sid: 'DiscoverAccounts', Effect: 'Allow', Action: ['organizations:ListAccounts'], Resource: '*' },
    ]);
  });

  it('refuses when the configuration assumes no role, saying what to attach instead', async () => {
    const out = await cli(['-c', PLAIN, 'permissions', 'aws-controller-policy']);
    expect(out.code).toBe(EXIT.usage);
    expect(out.stderr).toContain('the configuration assumes no role');
  });
});

describe('permissions aws-trust-policy', () => {
  it('refuses without --controller-account, and the documentation example account', async () => {
    const none = await cli(['-c', ORG, 'permissions', 'aws-trust-policy']);
    expect(none.code).toBe(EXIT.usage);
    expect(none.stderr).toContain('aws-trust-policy needs --controller-account');
    expect(none.stdout).toBe('');
    const example = await cli(['-c', ORG, 'permissions', 'aws-trust-policy', '--controller-account', '123456789012']);
    expect(example.code).toBe(EXIT.usage);
    expect(example.stderr).toContain("the documentation's example account id");
  });

  it('takes the configured external id, refuses a placeholder one, and needs one when none is configured', async () => {
    const ok = await cli(['-c', ORG, 'permissions', 'aws-trust-policy', '--controller-account', '333333333333']);
    expect(ok.code).toBe(EXIT.ok);
    expect(JSON.parse(ok.stdout).Statement[0]).toEqual({
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::333333333333:root' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'k3y-7f2c' } },
    });
    const placeholder = await cli(['-c', ORG, 'permissions', 'aws-trust-policy', '--controller-account', '333333333333', '--external-id', '<your external id>']);
    expect(placeholder.code).toBe(EXIT.usage);
    expect(placeholder.stderr).toContain('a placeholder, not an external id');
    const missing = await cli(['-c', PLAIN, 'permissions', 'aws-trust-policy', '--controller-account', '333333333333']);
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.stderr).toContain('aws-trust-policy needs --external-id: the configuration sets none');
  });
});

describe('a placeholder left in the configuration', () => {
  it('is refused at start-up naming the field, whatever the command', async () => {
    const bad = config('placeholder', `  organizations: { discover: true, externalId: "<your external id>" }\n`);
    const out = await cli(['-c', bad, 'permissions', 'aws-readonly-policy']);
    expect(out.code).toBe(EXIT.usage);
    expect(out.stderr).toContain('aws.organizations.externalId: a placeholder left from an example (it contains < or >)');
    expect(out.stderr).not.toContain('your external id');
  });
});
