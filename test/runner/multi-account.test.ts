import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeAws } from '../../src/demo/fakes/server.js';
import { awsIamCollector } from '../../collectors/aws-iam/collector.js';
import { accountCredentials } from '../../src/sdk/aws-credentials.js';
import type { AppConfig } from '../../src/config/schema.js';
import { organizationConfig, organizationEstate, runInto } from './organization-fixture.js';

/**
 * Many accounts: organization discovery, AssumeRole with an external id into each account, one
 * account whose role refuses us while the other is collected, and a discovery failure that still
 * collects the configured accounts.
 */
const ESTATE = organizationEstate([
  { id: '111111111111', name: 'prod', accessKeyId: 'AKIAPROD000000000111', roleExternalId: 'cw-ext' },
  { id: '222222222222', name: 'legacy', accessKeyId: 'AKIALEGACY0000000222', roleExternalId: 'someone-else' },
  { id: '444444444444', name: 'closed', accessKeyId: 'AKIACLOSED000000444', status: 'SUSPENDED', listedOnly: true },
]);

describe('many accounts', () => {
  let fake: Awaited<ReturnType<typeof startFakeAws>>;
  let dir: string;

  beforeAll(async () => {
    fake = await startFakeAws({ estate: ESTATE });
    dir = mkdtempSync(join(tmpdir(), 'cw-multi-'));
  });
  afterAll(async () => fake?.close());

  const config = (extra = '') => organizationConfig(fake, extra);
  const run = (cfg: AppConfig) => runInto(join(dir, `${Math.random()}.db`), cfg, [awsIamCollector]);

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

  it('discovery runs under the deadlines: an Organizations endpoint that never answers ends as "deadline exceeded" and the run goes on', async () => {
    fake.faults.inject({ service: 'organizations', operation: 'ListAccounts', kind: 'Timeout', delayMs: 30_000 });
    try {
      const cfg = config(`  accounts:
    - id: "111111111111"
      regions: [eu-west-1]
      assumeRole: { roleArn: "arn:aws:iam::111111111111:role/controlwatch-readonly", externalId: cw-ext }`);
      const started = Date.now();
      const outcome = await run({ ...cfg, deadlines: { scopeSeconds: 1, runSeconds: 30 } });
      // Bounded by the 1 s discovery deadline, not the 30 s hang (the collection itself takes a few seconds here).
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(outcome.discovery).toEqual([
        expect.objectContaining({ status: 'error', error: "deadline exceeded: no answer within the discovery's 1 s deadline (deadlines.scopeSeconds); no earlier discovery to fall back on" }),
      ]);
      expect(outcome.collected.map((c) => [c.scope, c.status === 'error'])).toEqual([['aws:111111111111', false]]);
    } finally {
      fake.faults.clear();
    }
  }, 60_000);

  it('one budget for the run: time discovery spent is gone for collection (deadlines.runSeconds counts from the run start)', async () => {
    fake.faults.inject({ service: 'organizations', operation: 'ListAccounts', kind: 'Timeout', delayMs: 30_000 });
    try {
      const cfg = config(`  accounts:
    - id: "111111111111"
      regions: [eu-west-1]
      assumeRole: { roleArn: "arn:aws:iam::111111111111:role/controlwatch-readonly", externalId: cw-ext }`);
      const outcome = await run({ ...cfg, deadlines: { scopeSeconds: 1, runSeconds: 1 } });
      expect(outcome.discovery[0]?.error).toMatch(/^deadline exceeded: /);
      expect(outcome.collected.map((c) => [c.scope, c.status, c.error])).toEqual([
        ['aws:111111111111', 'error', "deadline exceeded: the run's 1 s collection deadline passed before this scope started"],
      ]);
      expect(outcome.seal).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      fake.faults.clear();
    }
  }, 60_000);
});
