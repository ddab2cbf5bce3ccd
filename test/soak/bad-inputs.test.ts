import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCredentialReport } from '../../collectors/aws-iam/credential-report.js';
import { decodePolicyDocument } from '../../collectors/aws-iam/policy-document.js';
import { ConfigError } from '../../src/config/errors.js';
import { parseConfig } from '../../src/config/load.js';
import { CallFailedError } from '../../src/sdk/aws-call.js';
import { runCli } from '../../src/cli/program.js';
import { recordFigures } from './figures.js';

/**
 * The bad-input corpus (issue 14, the suite's point 4): configurations (wrong types, out-of-range values,
 * unknown and duplicate keys, hostile names — Unicode, control characters, SQL metacharacters, 10k characters —
 * in every field that is checked, broken YAML), command lines, IAM credential reports and policy documents.
 * Each must end in a clear error naming the problem and where (the file and field, the option, the report's
 * column or row) — never a crash trace, never accepted as if it were good.
 */
const SOURCE = 'corpus.yaml';
const LONG = 'x'.repeat(10_000);
const HOSTILE = ["Ω≈ç√∫", 'a\u0000b', 'a\u001bb', "'; DROP TABLE runs; --", LONG, '\u202eevil', ''];

function base(): Record<string, any> {
  return {
    version: 1,
    store: { path: './e.db' },
    aws: { accounts: [{ id: '111111111111', regions: ['eu-west-1'], credentials: { accessKeyId: 'AKIAEXAMPLE000000000', secretAccessKey: 'secret' } }] },
    github: { auth: { token: 'ghp_corpus' }, organizations: [{ name: 'acme' }] },
  };
}

/** Sets `value` at a dotted path (`aws.accounts.0.id`) in a fresh base config. */
function withValue(path: string, value: unknown): Record<string, unknown> {
  const config = base();
  const keys = path.split('.');
  let node: any = config;
  for (const k of keys.slice(0, -1)) {
    node[k] ??= {};
    node = node[k];
  }
  node[keys.at(-1)!] = value;
  return config;
}

/** How an error message names a field: aws.accounts[0].id */
const field = (path: string) => path.replace(/\.(\d+)(?=\.|$)/g, '[$1]');

interface ConfigCase {
  readonly name: string;
  readonly text: string;
  /** What the message must contain besides the file name. */
  readonly names: string;
}

const valueCases: [string, unknown[]][] = [
  ['version', [2, '1', null]],
  ['store.path', ['', 5]],
  ['audit.timezone', ['Mars/Olympus', '', 3, ...HOSTILE.slice(0, 4)]],
  ['log.level', ['loud', 1]],
  ['aws.accounts.0.id', ['12345', 'abcdefghijkl', '1111111111111', 111111111111, ...HOSTILE]],
  ['aws.accounts.0.regions', [[], 'eu-west-1', [1], ['eu-west-1', 'eu-west-1'], ['EU-WEST-1'], ...HOSTILE.map((h) => [h])]],
  ['aws.accounts.0.credentials.accessKeyId', ['', 5]],
  ['aws.accounts.0.assumeRole.roleArn', ['arn:aws:iam::1:role/x', 'not an arn', ...HOSTILE.slice(0, 5)]],
  ['aws.requestTimeoutMs', [-1, 0, 1.5, 'fast']],
  ['aws.retry.maxAttempts', [0, 11, 'many']],
  ['aws.retry.mode', ['random']],
  ['aws.endpoints.iam', ['not a url', 42, LONG]],
  ['aws.s3ForcePathStyle', ['yes please']],
  ['github.organizations', [[], 'acme']],
  ['github.organizations.0.name', ['', 5]],
  ['github.auth', [{}, { token: '' }, 'token']],
  ['github.concurrency', [0, 17]],
  ['github.requestTimeoutMs', [0, -5]],
  ['github.pullRequests.lookbackDays', [0, 400]],
  ['github.baseUrl', ['not a url', ...HOSTILE.slice(0, 3)]],
];

const CONFIG_CASES: ConfigCase[] = [
  ...valueCases.flatMap(([path, values]) =>
    values.map((value, i) => ({ name: `${path} = ${JSON.stringify(value)?.slice(0, 40)} (#${i})`, text: stringify(withValue(path, value)), names: field(path) })),
  ),
  { name: 'unknown top-level key', text: stringify({ ...base(), colour: 'blue' }), names: 'unknown key "colour"' },
  { name: 'unknown nested key', text: stringify(withValue('aws.accounts.0.colour', 'blue')), names: 'aws.accounts[0]: unknown key "colour"' },
  { name: 'account listed twice', text: stringify(withValue('aws.accounts', [base().aws.accounts[0], base().aws.accounts[0]])), names: 'aws.accounts[1].id' },
  { name: 'organisation listed twice', text: stringify(withValue('github.organizations', [{ name: 'acme' }, { name: 'ACME' }])), names: 'github.organizations[1].name' },
  { name: 'no account and no discovery', text: stringify(withValue('aws.accounts', [])), names: 'aws.accounts' },
  { name: 'missing version', text: stringify({ ...base(), version: undefined }), names: 'version' },
  { name: 'YAML: unclosed flow', text: 'version: 1\naws: {accounts: [\n', names: 'YAML syntax error' },
  { name: 'YAML: tab indentation', text: 'version: 1\nstore:\n\tpath: x\n', names: 'YAML syntax error' },
  { name: 'YAML: duplicate key', text: 'version: 1\nversion: 1\n', names: 'duplicate key "version"' },
  { name: 'YAML: a list at the top', text: '- version: 1\n', names: '(top level)' },
  { name: 'YAML: a scalar at the top', text: 'hello\n', names: '(top level)' },
  { name: 'YAML: binary garbage', text: '\u0000\u0001\u0002\u00ff\u00fe', names: SOURCE },
  { name: 'YAML: alias bomb', text: `a: &a [x,x,x,x,x,x,x,x,x]\n${'bcdefghij'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghij'[i]}`).join(',')}]`).join('\n')}\n`, names: 'cannot be expanded' },
  { name: 'YAML: 101 aliases', text: `version: 1\nx: &x 1\ny: [${Array(101).fill('*x').join(',')}]\n`, names: 'YAML aliases' },
  { name: 'oversize file', text: `version: 1\nowners:\n${Array.from({ length: 150_000 }, (_, i) => `  k${i}: t`).join('\n')}\n`, names: 'more than the' },
];

/** Credential reports: malformed ones are refused naming what is wrong, never read last-one-wins. */
const HEADER = 'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
const ROOT = '<root_account>,arn:aws:iam::111111111111:root,2020-01-01T00:00:00+00:00,not_supported,2024-01-01T00:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';
const ALICE = 'alice,arn:aws:iam::111111111111:user/alice,2021-01-01T00:00:00+00:00,true,2024-01-01T00:00:00+00:00,2023-01-01T00:00:00+00:00,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';
const REPORT_CASES: [string, string, RegExp][] = [
  ['empty', '', /no rows|missing columns|not CSV/],
  ['header only', `${HEADER}\n`, /no rows/],
  ['duplicate user', `${HEADER}\n${ROOT}\n${ALICE}\n${ALICE.replace(',false,false,', ',true,false,')}\n`, /users listed more than once: alice/],
  ['duplicate column', `${HEADER},mfa_active\n${ROOT},true\n${ALICE},true\n`, /duplicate columns mfa_active/],
  ['missing column', `${HEADER.replace(',mfa_active', '')}\n`, /missing columns mfa_active/],
  ['bad boolean', `${HEADER}\n${ROOT}\n${ALICE.replace(',false,false,', ',maybe,false,')}\n`, /mfa_active/],
  ['bad date', `${HEADER}\n${ROOT}\n${ALICE.replace('2021-01-01T00:00:00+00:00', 'yesterday')}\n`, /user_creation_time/],
  ['no root row', `${HEADER}\n${ALICE}\n`, /no <root_account> row/],
  ['ragged row', `${HEADER}\n${ROOT}\nalice,arn:aws:iam::111111111111:user/alice\n`, /not CSV|missing|malformed/],
  ['unclosed quote', `${HEADER}\n${ROOT}\n"alice,${ALICE.slice(6)}\n`, /not CSV|malformed/],
  ['binary', '\u0000\u0001\u00ff,\u0002', /malformed/],
  ['no ARN', `${HEADER}\n${ROOT}\n${ALICE.replace('arn:aws:iam::111111111111:user/alice', '')}\n`, /no user or ARN/],
  ['10k-character user, control characters', `${HEADER}\n${ROOT}\n${ALICE}\n${ALICE.replace(/^alice/, `${LONG}\u0007`).replace(',false,false,', ',maybe,false,')}\n`, /mfa_active/],
];

/** Command lines that must end in exit 2 (usage) or a named store problem, with a message and no trace. */
const CLI_CASES: string[][] = [
  ['frobnicate'],
  ['report', '--format', 'yaml'],
  ['report', '--no-such-option'],
  ['period', '--from', '2026-13-01', '--to', '2026-12-31', '--db', '/nonexistent/e.db'],
  ['period', '--from', '2026-03-10', '--to', '2026-03-01', '--db', '/nonexistent/e.db'],
  ['period'],
  ['--config', '/nonexistent/controlwatch.yaml', 'run'],
  ['report', '--db', '/nonexistent/dir/e.db'],
  ['verify', '--db', '/nonexistent/dir/e.db'],
  ['export', '--format', 'pdf', '--from', '2026-03-01', '--to', '2026-03-02', '--db', '/nonexistent/e.db'],
  ['report', '--view', 'everything', '--db', '/nonexistent/e.db'],
  ['run', '--fail-on', 'sometimes'],
];

let tried = 0;
afterAll(() => recordFigures('bad-inputs', { badInputsTried: tried }));

describe(`bad-input corpus (${CONFIG_CASES.length + REPORT_CASES.length + CLI_CASES.length + 6} cases)`, () => {
  it('the corpus holds at least 100 cases', () => {
    expect(CONFIG_CASES.length + REPORT_CASES.length + CLI_CASES.length + 6).toBeGreaterThanOrEqual(100);
  });

  it.each(CONFIG_CASES.map((c) => [c.name, c] as const))('config: %s → a ConfigError naming the file and the field', (_name, c) => {
    tried += 1;
    let error: unknown;
    try {
      parseConfig(c.text, SOURCE, {});
    } catch (e) {
      error = e;
    }
    expect(error, 'accepted').toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message.startsWith(`${SOURCE}: `), message).toBe(true);
    expect(message).toContain(c.names);
    expect(message).not.toContain(LONG); // values are never echoed (they may be secrets, or 10k characters)
  });

  it.each(REPORT_CASES)('credential report: %s → malformed, naming what', (_name, csv, detail) => {
    tried += 1;
    let error: unknown;
    try {
      parseCredentialReport(csv);
    } catch (e) {
      error = e;
    }
    expect(error, 'accepted').toBeInstanceOf(CallFailedError);
    expect((error as CallFailedError).reason).toMatch(/^iam:GetCredentialReport returned a malformed report: /);
    expect((error as CallFailedError).reason).toMatch(detail);
  });

  it('policy documents: legal shapes decode, illegal ones are not taken for a document', () => {
    const legal = [
      { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' } },
      { Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotAction: ['iam:*'], NotResource: 'arn:aws:s3:::b/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] },
      { Statement: [{ Effect: 'Allow', Principal: '*', Action: ['s3:*'], Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] }] },
    ];
    for (const doc of legal) expect(decodePolicyDocument(encodeURIComponent(JSON.stringify(doc)))).toEqual(doc);
    const illegal = ['%7B%22Statement%22%3A', '[1,2]', '"a string"', '%E0%A4%A'];
    for (const text of illegal) expect(decodePolicyDocument(text)).toBeUndefined();
    tried += legal.length + illegal.length - 1;
  });

  it.each(CLI_CASES.map((argv) => [argv.join(' '), argv] as const))('command line: %s → a named error, no trace', async (_name, argv) => {
    tried += 1;
    let stderr = '';
    const write = process.stderr.write.bind(process.stderr);
    const capture = (chunk: unknown) => {
      stderr += String(chunk);
      return true;
    };
    process.stderr.write = capture as typeof process.stderr.write;
    let code: number;
    try {
      code = await runCli(argv);
    } finally {
      process.stderr.write = write;
    }
    expect([2, 7, 9], stderr).toContain(code);
    expect(stderr.trim().length).toBeGreaterThan(10);
    expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });
});
