import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONFIG, DEMO_ESTATE, demoEnvironment } from '../../src/demo/environment.js';
import { loadEstateFile } from '../../src/demo/estate/load.js';
import type { Estate } from '../../src/demo/estate/schema.js';
import { startFakeGitHub, type FakeGithub } from '../../src/demo/fakes/github/server.js';
import { startFakeAws, type FakeAws } from '../../src/demo/fakes/server.js';
import { openBlob } from '../../src/store/blob-codec.js';
import { runCliProcess, type CliRun } from '../helpers/cli.js';
import { recordFigures, SOAK_FULL } from './figures.js';
import { WITHHELD_EXTERNAL_ID } from '../../collectors/aws-iam/withhold-external-ids.js';

/**
 * Secrets (issue 14, the suite's point 5): a run with known fake secrets — both accounts' access key ids and
 * secret keys, the GitHub token, a webhook URL carrying a token — plus faults that produce error messages and
 * a configuration error with a secret in a bad field. Zero hits anywhere: the database file, its WAL, every
 * blob decompressed, the logs (debug level), the report in every format, the period, an export, verify's
 * output, every error message. The database file is owner-only. A second run collects one account through an
 * assumed role with a known external id: the issued session token and secret key, and a wrong external id
 * (refused by the trust policy), are nowhere either; nor is the right external id, withheld from the role's collected trust policy.
 */
const WEBHOOK_SECRET = 'SOAKWEBHOOKSECRET0123456789abcdef';
const EXTERNAL_ID = 'soak-external-id-7f3c9a1e5b2d4680';
const WRONG_EXTERNAL_ID = 'soak-wrong-external-id-0a9b8c7d6e5f';
const SOAK_ROLE = 'controlwatch-soak-readonly';

/** The demo estate with a role in the sandbox account that the prod account may assume only with EXTERNAL_ID. */
function withExternalIdRole(estate: Estate): Estate {
  const copy = structuredClone(estate) as unknown as { aws: { accounts: { id: string; roles: unknown[] }[] } };
  const sandbox = copy.aws.accounts.find((a) => a.id === '222222222222')!;
  sandbox.roles.push({
    name: SOAK_ROLE,
    path: '/',
    created: '-30d',
    tags: {},
    managed_policies: [],
    inline_policies: [],
    trust_policy: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': EXTERNAL_ID } } }],
    },
  });
  return copy as unknown as Estate;
}

/** Everything a secret could land in: the database file and its WAL (raw bytes), every blob decompressed, the collection rows, and the outputs. */
function scanTargets(dir: string, dbName: string, outputs: readonly { what: string; text: string }[]): { what: string; text: string }[] {
  const db = join(dir, dbName);
  expect(existsSync(db), `${dbName} exists`).toBe(true);
  expect(statSync(db).mode & 0o077, 'the database file is readable by its owner only').toBe(0);
  const files = readdirSync(dir).filter((f) => f.startsWith(dbName)).map((f) => ({ what: f, text: readFileSync(join(dir, f)).toString('latin1') }));
  const raw = new Database(db, { readonly: true });
  const blobs = (raw.prepare('SELECT lower(hex(hash)) AS hash, size, data FROM blobs').all() as { hash: string; size: number; data: Buffer }[]).map((b) => ({
    what: `${dbName} blob ${b.hash}`,
    text: openBlob(b.hash, b.size, b.data).bytes?.toString('utf8') ?? '',
  }));
  const rows = raw.prepare('SELECT * FROM collections').all().map((r) => ({ what: `${dbName} collections row`, text: JSON.stringify(r) }));
  raw.close();
  expect(blobs.length).toBeGreaterThan(10);
  return [...outputs, ...files, ...blobs, ...rows];
}

const hitsOf = (targets: readonly { what: string; text: string }[], secrets: readonly string[]): string[] =>
  targets.flatMap((o) => secrets.filter((s) => o.text.includes(s)).map((s) => `${o.what} holds ${s.slice(0, 6)}…`));

function knownSecrets(estate: Estate): string[] {
  const aws = (estate.aws?.accounts ?? []).flatMap((a) => [a.credentials.access_key_id, a.credentials.secret_access_key]);
  const github = (estate.github?.tokens ?? []).filter((t) => t.name === estate.github?.demo_token).map((t) => t.token);
  return [...aws, ...github, WEBHOOK_SECRET].filter((s): s is string => typeof s === 'string' && s.length >= 8);
}

describe('secrets never reach the store, the logs, the reports or the errors', () => {
  let aws: FakeAws;
  let github: FakeGithub;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  let secrets: string[];
  const outputs: { what: string; text: string }[] = [];
  let inputs = 0;

  beforeAll(async () => {
    const estate = withExternalIdRole(await loadEstateFile(DEMO_ESTATE));
    secrets = knownSecrets(estate);
    aws = await startFakeAws({ estate });
    github = await startFakeGitHub({ estate });
    env = { ...demoEnvironment(estate, aws.endpoints, github), CW_SOAK_WEBHOOK: `http://127.0.0.1:9/hooks/${WEBHOOK_SECRET}` };
    dir = mkdtempSync(join(tmpdir(), 'cw-secrets-'));
    const config = parse(readFileSync(DEMO_CONFIG, 'utf8')) as Record<string, unknown>;
    config['log'] = { level: 'debug' };
    config['store'] = { path: join(dir, 'e.db') };
    config['alerts'] = { webhooks: [{ url: '${CW_SOAK_WEBHOOK}' }], retries: 0 };
    writeFileSync(join(dir, 'c.yaml'), stringify(config));
    // A secret where a value is refused: the error must name the field, never echo the value.
    writeFileSync(join(dir, 'bad.yaml'), stringify({ ...config, log: { level: '${CONTROLWATCH_DEMO_GITHUB_TOKEN}' } }));
  });
  afterAll(async () => {
    recordFigures('secrets', { badInputsTried: inputs });
    await aws?.close();
    await github?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  const cli = async (what: string, args: string[]): Promise<CliRun> => {
    const out = await runCliProcess(args, { env });
    outputs.push({ what: `${what} stdout`, text: out.stdout }, { what: `${what} stderr`, text: out.stderr });
    return out;
  };

  it('a clean run, a faulted run and the read commands: zero hits, owner-only file', async () => {
    expect(secrets.length, 'two accounts × (key id, secret), the GitHub token, the webhook').toBeGreaterThanOrEqual(6);
    const c = join(dir, 'c.yaml');
    // Errors on purpose: AWS denials (their messages name the caller) and a GitHub 403.
    aws.faults.inject({ service: 'iam', operation: 'GetAccountSummary', kind: 'AccessDenied' });
    aws.faults.inject({ service: 's3', operation: 'GetBucketPolicy', kind: 'Malformed' });
    github.faults.inject({ route: 'GET /orgs/{org}', kind: 'forbidden' });
    expect((await cli('faulted run', ['--config', c, 'run'])).code).not.toBe(4);
    aws.faults.clear();
    github.faults.clear();
    await cli('report json', ['--config', c, 'report', '--format', 'json']);
    if (SOAK_FULL) {
      // Each CLI process costs seconds: the normal suite reads through one command, the soak through all.
      expect((await cli('clean run', ['--config', c, 'run', '--format', 'json'])).code).not.toBe(4);
      for (const format of ['table', 'csv']) await cli(`report ${format}`, ['--config', c, 'report', '--format', format]);
      const today = new Date().toISOString().slice(0, 10);
      await cli('period', ['--config', c, 'period', '--from', today, '--to', today, '--format', 'json']);
      await cli('export', ['--config', c, 'export', '--from', today, '--to', today, '--format', 'json']);
      await cli('verify', ['--config', c, 'verify']);
    }
    const bad = await cli('bad config', ['--config', join(dir, 'bad.yaml'), 'run']);
    inputs += 1;
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/log\.level/);

    const everywhere = scanTargets(dir, 'e.db', outputs);
    expect(everywhere.some((o) => o.text.includes('AccessDenied') || o.text.includes('denied'))).toBe(true); // the errors are in there
    expect(hitsOf(everywhere, secrets)).toEqual([]);
  }, 300_000);

  it("an assumed role with an external id: the session token and issued secret key are nowhere, the external id is withheld from the role's collected trust policy", async () => {
    // Account 222222222222 is collected through a role it trusts only with EXTERNAL_ID, assumed from the prod
    // account's keys: the fake STS checks the trust policy's sts:ExternalId and issues session credentials
    // (ASIA…, secret, token) that every fake service honours.
    const before = aws.issuedSessions().length;
    const config = parse(readFileSync(join(dir, 'c.yaml'), 'utf8')) as { aws: { accounts: Record<string, unknown>[] } } & Record<string, unknown>;
    config['store'] = { path: join(dir, 'r.db') };
    config.aws.accounts = config.aws.accounts.map((a) =>
      a['id'] === '222222222222'
        ? { ...a, credentials: config.aws.accounts[0]!['credentials'], assumeRole: { roleArn: `arn:aws:iam::222222222222:role/${SOAK_ROLE}`, externalId: EXTERNAL_ID } }
        : a,
    );
    const c = join(dir, 'r.yaml');
    writeFileSync(c, stringify(config));
    const own: { what: string; text: string }[] = [];
    const cliOwn = async (what: string, args: string[]): Promise<CliRun> => {
      const out = await cli(what, args);
      own.push({ what: `${what} stdout`, text: out.stdout }, { what: `${what} stderr`, text: out.stderr });
      return out;
    };
    // Errors under the session on purpose, so error messages built while holding it are scanned too.
    aws.faults.inject({ service: 'iam', operation: 'GetAccountSummary', kind: 'AccessDenied' });
    aws.faults.inject({ service: 's3', operation: 'GetBucketPolicy', kind: 'Malformed' });
    const run = await cliOwn('role run', ['--config', c, 'run', '--format', 'json']);
    aws.faults.clear();
    expect(run.code, run.stderr).not.toBe(4);
    const issued = aws.issuedSessions().slice(before);
    expect(issued.length, 'the run assumed the role (the trust policy allowed the external id)').toBeGreaterThanOrEqual(1);
    expect(issued.every((s) => s.accountId === '222222222222')).toBe(true);
    expect(aws.requests.some((r) => r.service === 'iam' && r.accountId === '222222222222'), 'account 222222222222 was read under the session').toBe(true);
    expect(run.stdout).toContain('222222222222');
    await cliOwn('role report csv', ['--config', c, 'report', '--format', 'csv']);
    const today = new Date().toISOString().slice(0, 10);
    await cliOwn('role export', ['--config', c, 'export', '--from', today, '--to', today, '--format', 'json']);
    // A wrong external id: AssumeRole is refused; the refusal must name the role, never echo the id.
    const wrong = { ...config, store: { path: join(dir, 'w.db') } };
    wrong.aws.accounts = config.aws.accounts.map((a) => (a['id'] === '222222222222' ? { ...a, assumeRole: { roleArn: `arn:aws:iam::222222222222:role/${SOAK_ROLE}`, externalId: WRONG_EXTERNAL_ID } } : a));
    writeFileSync(join(dir, 'w.yaml'), stringify(wrong));
    const refused = await cliOwn('wrong external id run', ['--config', join(dir, 'w.yaml'), 'run', '--format', 'json']);
    inputs += 2;
    const refusal = `${refused.stdout}${refused.stderr}`;
    expect(refusal).toContain(`could not assume arn:aws:iam::222222222222:role/${SOAK_ROLE}: AccessDenied`);

    const roleSecrets = [EXTERNAL_ID, WRONG_EXTERNAL_ID, ...issued.flatMap((s) => [s.sessionToken, s.secretAccessKey]), ...secrets];
    const everywhere = [...scanTargets(dir, 'r.db', own), ...scanTargets(dir, 'w.db', [])];
    // The role's collected trust policy keeps its sts:ExternalId condition (what iam.cross_account_trust_restricted
    // judges) with the value withheld: the id is nowhere, not in evidence, logs, errors, the report or the export.
    const trustPolicyEvidence = (o: { what: string; text: string }) => / blob /.test(o.what) && o.text.includes(`"trustPolicy"`) && o.text.includes(`"sts:ExternalId":"${WITHHELD_EXTERNAL_ID}"`);
    expect(everywhere.filter(trustPolicyEvidence).length, 'the role (and its trust policy, external id withheld) was collected').toBeGreaterThan(0);
    expect(hitsOf(everywhere, roleSecrets)).toEqual([]);
  }, 300_000);
});
