import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEstate } from '../../src/demo/estate/load.js';
import { startFakeAws } from '../../src/demo/fakes/server.js';
import { parseConfig } from '../../src/config/load.js';
import { executeRun } from '../../src/runner/run.js';
import { EvidenceStore } from '../../src/store/index.js';
import { silentLogger } from '../../src/log.js';
import { awsIamCollector } from '../../collectors/aws-iam/collector.js';
import { DISCOVERERS, loadRegistry } from '../../src/registry/index.js';
import { accountCredentials } from '../../src/sdk/aws-credentials.js';
import type { AppConfig } from '../../src/config/schema.js';

/**
 * Many accounts: organization discovery, AssumeRole with an external id into each account, one
 * account whose role refuses us while the other is collected, and a discovery failure that still
 * collects the configured accounts.
 */
const trust = (externalId: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::333333333333:root' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': externalId } } }],
});
const account = (id: string, name: string, key: string, roleExternalId?: string) => ({
  id,
  name,
  credentials: { access_key_id: key, secret_access_key: `secret-${id}` },
  root: { created: '-900d', mfa: 'hardware', access_keys: [] },
  roles: roleExternalId ? [{ name: 'controlwatch-readonly', created: '-100d', trust_policy: trust(roleExternalId) }] : [],
});
const ESTATE = JSON.stringify({
  version: 1,
  aws: {
    accounts: [
      account('333333333333', 'management', 'AKIAMGMT000000000333'),
      account('111111111111', 'prod', 'AKIAPROD000000000111', 'cw-ext'),
      account('222222222222', 'legacy', 'AKIALEGACY0000000222', 'someone-else'),
    ],
    organization: {
      id: 'o-abcdefghij',
      management_account: '333333333333',
      members: [
        { id: '333333333333', name: 'management', joined: '-1000d' },
        { id: '111111111111', name: 'prod', joined: '-800d' },
        { id: '222222222222', name: 'legacy', joined: '-700d' },
        { id: '444444444444', name: 'closed', status: 'SUSPENDED', joined: '-600d' },
      ],
    },
  },
});

describe('many accounts', () => {
  let fake: Awaited<ReturnType<typeof startFakeAws>>;
  let dir: string;

  beforeAll(async () => {
    fake = await startFakeAws({ estate: parseEstate(ESTATE, 'multi-account estate') });
    dir = mkdtempSync(join(tmpdir(), 'cw-multi-'));
  });
  afterAll(async () => fake?.close());

  function config(extra = ''): AppConfig {
    const e = fake.endpoints;
    return parseConfig(
      `version: 1
aws:
  credentials: { accessKeyId: AKIAMGMT000000000333, secretAccessKey: secret-333333333333 }
  endpoints: { iam: "${e.iam}", sts: "${e.sts}", organizations: "${e.organizations}" }
  retry: { mode: standard, maxAttempts: 2 }
  organizations:
    discover: true
    externalId: cw-ext
    regions: [eu-west-1]
    exclude: ["333333333333"]
${extra}`,
      'multi.yaml',
      {},
    );
  }

  async function run(cfg: AppConfig) {
    const registry = loadRegistry(cfg);
    const store = EvidenceStore.open(join(dir, `${Math.random()}.db`));
    try {
      return await executeRun({
        config: cfg,
        collectors: [awsIamCollector],
        discoverers: DISCOVERERS,
        checks: registry.checks.filter((c) => c.definition.observationType.startsWith('aws.iam.')),
        store,
        log: silentLogger,
        trigger: 'test',
        sleep: async () => {},
      });
    } finally {
      store.close();
    }
  }

  it('discovers ACTIVE accounts, assumes the role in each, and one refusing account does not stop the other', async () => {
    const outcome = await run(config());
    expect(outcome.discovery).toEqual([
      expect.objectContaining({
        id: 'aws-organizations',
        status: 'ok',
        found: [
          { key: 'aws:111111111111', label: 'account 111111111111' },
          { key: 'aws:222222222222', label: 'account 222222222222' },
        ],
        skipped: [
          { key: 'aws:333333333333', why: 'excluded by aws.organizations.exclude' },
          { key: 'aws:444444444444', why: 'status SUSPENDED' },
        ],
      }),
    ]);
    const byScope = Object.fromEntries(outcome.collected.map((c) => [c.scope, c]));
    expect(byScope['aws:111111111111']?.status).not.toBe('error');
    expect(byScope['aws:222222222222']?.status).toBe('error');
    expect(byScope['aws:222222222222']?.error).toContain('could not assume arn:aws:iam::222222222222:role/controlwatch-readonly: AccessDenied');
    const legacy = outcome.results.filter((r) => r.scope === 'aws:222222222222');
    expect(legacy.length).toBeGreaterThan(0);
    expect(legacy.every((r) => r.status === 'error')).toBe(true);
    expect(outcome.results.some((r) => r.scope === 'aws:111111111111' && r.status === 'pass')).toBe(true);
    // The fake attributes the prod calls to prod: the assumed session landed in the right account.
    expect(fake.requests.some((r) => r.service === 'iam' && r.accountId === '111111111111')).toBe(true);
  });

  it('shares one AssumeRole session per account across every client built for it', async () => {
    const cfg = config();
    const acct = { id: '111111111111', regions: ['eu-west-1'], assumeRole: { roleArn: 'arn:aws:iam::111111111111:role/controlwatch-readonly', externalId: 'cw-ext', sessionName: 'controlwatch', durationSeconds: 3600 } };
    const before = fake.requests.filter((r) => r.action === 'AssumeRole').length;
    const a = accountCredentials(cfg.aws!, acct) as () => Promise<{ accessKeyId: string }>;
    const b = accountCredentials(cfg.aws!, acct) as () => Promise<{ accessKeyId: string }>;
    const [ka, kb] = await Promise.all([a(), b()]);
    expect(ka.accessKeyId).toMatch(/^ASIA/);
    expect(kb.accessKeyId).toBe(ka.accessKeyId);
    expect(fake.requests.filter((r) => r.action === 'AssumeRole').length - before).toBe(1);
  });

  it('a failed discovery is recorded and the configured accounts are still collected', async () => {
    fake.faults.inject({ service: 'organizations', operation: 'ListAccounts', kind: 'AccessDenied' });
    try {
      const outcome = await run(
        config(`  accounts:
    - id: "111111111111"
      regions: [eu-west-1]
      assumeRole: { roleArn: "arn:aws:iam::111111111111:role/controlwatch-readonly", externalId: cw-ext }`),
      );
      expect(outcome.discovery).toEqual([expect.objectContaining({ status: 'error', error: 'organizations:ListAccounts AccessDeniedException; no earlier discovery to fall back on' })]);
      expect(outcome.collected.map((c) => [c.scope, c.status === 'error'])).toEqual([['aws:111111111111', false]]);
    } finally {
      fake.faults.clear();
    }
  });
});
