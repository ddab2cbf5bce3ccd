import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeAws } from '../../src/demo/fakes/server.js';
import { awsIamCollector } from '../../collectors/aws-iam/collector.js';
import { awsConfigCollector } from '../../collectors/aws-config/collector.js';
import { runExitCode } from '../../src/cli/commands/run.js';
import { runAsTable } from '../../src/cli/render-run.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import type { AppConfig } from '../../src/config/schema.js';
import type { RunOutcome } from '../../src/runner/run.js';
import { organizationConfig, organizationEstate, runInto } from './organization-fixture.js';

/**
 * Expected scopes (issue "Engine seams", point 1). The reproduction: run 1 collects two accounts; before
 * run 2, organizations:ListAccounts is denied. Run 2 must not lose the discovered account silently: it
 * stays expected, every check of its scopes records `error` naming the reason, coverage is partial and
 * `run` exits with its own code. Discovery as the only account source gives an EMPTY run, not a clean one.
 */
const ESTATE = organizationEstate([
  { id: '111111111111', name: 'prod', accessKeyId: 'AKIAPROD000000000111', roleExternalId: 'cw-ext' },
  { id: '222222222222', name: 'data', accessKeyId: 'AKIADATA000000000222', roleExternalId: 'cw-ext' },
]);

const CONFIGURED_PROD = `  accounts:
    - id: "111111111111"
      regions: [eu-west-1, us-east-1]
      assumeRole: { roleArn: "arn:aws:iam::111111111111:role/controlwatch-readonly", externalId: cw-ext }`;

describe('expected scopes', () => {
  let fake: Awaited<ReturnType<typeof startFakeAws>>;
  let dir: string;

  beforeAll(async () => {
    fake = await startFakeAws({ estate: ESTATE });
    dir = mkdtempSync(join(tmpdir(), 'cw-expected-'));
  });
  afterAll(async () => fake?.close());
  afterEach(() => fake.faults.clear());

  const config = (accounts = '') => organizationConfig(fake, accounts);
  const runner = (dbName: string) => (cfg: AppConfig) => runInto(join(dir, dbName), cfg, [awsIamCollector, awsConfigCollector]);

  const denyDiscovery = () => fake.faults.inject({ service: 'organizations', operation: 'ListAccounts', kind: 'AccessDenied' });
  const scopesOf = (o: RunOutcome, account: string) => o.results.filter((r) => r.scope === `aws:${account}` || r.scope.startsWith(`aws:${account}:`));

  it('reproduction: a denied discovery keeps the discovered account expected, as errors naming why, and exits 5', async () => {
    const run = runner('repro.db');
    const first = await run(config(CONFIGURED_PROD));
    expect(first.coverage).toMatchObject({ status: 'complete', missing: [] });
    expect(first.expected.filter((e) => e.scope.startsWith('aws:222222222222')).map((e) => e.origin)).toEqual(['discovered', 'discovered']);
    expect(scopesOf(first, '222222222222').some((r) => r.status === 'pass')).toBe(true);
    const firstCount = first.results.length;

    denyDiscovery();
    const second = await run(config(CONFIGURED_PROD));
    const reason = 'account 222222222222: discovery failed (organizations:ListAccounts AccessDeniedException); last discovered in run 1';
    // Same scopes as run 1: nothing vanished.
    expect(second.expected.map((e) => `${e.collector} ${e.scope}`)).toEqual(first.expected.map((e) => `${e.collector} ${e.scope}`));
    expect(second.expected.filter((e) => e.scope.startsWith('aws:222222222222')).every((e) => e.origin === 'last-discovered' && e.unreachable === reason)).toBe(true);
    const lost = scopesOf(second, '222222222222');
    expect(lost.length).toBeGreaterThan(0);
    expect(lost.every((r) => r.status === 'error' && r.reason.includes(reason))).toBe(true);
    expect(second.results.length).toBeGreaterThanOrEqual(firstCount - scopesOf(first, '222222222222').length + 1);
    expect(second.coverage.status).toBe('partial');
    expect(second.coverage.missing.map((m) => [m.collector, m.scope, m.reason])).toEqual([
      ['aws-iam', 'aws:222222222222', reason],
      ['aws-config', 'aws:222222222222:eu-west-1', reason],
    ]);
    expect(second.discovery).toEqual([expect.objectContaining({ id: 'aws-organizations', status: 'error', discoveredInRun: 1 })]);
    expect(runExitCode(second)).toBe(EXIT.coverage);
    expect(runAsTable(second)).toContain('coverage PARTIAL: 3 of 5 expected scopes collected');
    expect(runAsTable(second)).toContain(`not covered: aws-iam aws:222222222222: ${reason}`);

    // Still denied a day later: the fallback is still the set discovered in run 1, not nothing.
    denyDiscovery();
    const third = await run(config(CONFIGURED_PROD));
    expect(third.coverage.missing.map((m) => m.reason)).toEqual([reason, reason]);

    // Discovery recovers: full coverage again, and the account counts as discovered.
    fake.faults.clear();
    const fourth = await run(config(CONFIGURED_PROD));
    expect(fourth.coverage.status).toBe('complete');
    expect(runExitCode(fourth)).not.toBe(EXIT.coverage);
    expect(fourth.expected.filter((e) => e.scope.startsWith('aws:222222222222')).map((e) => e.origin)).toEqual(['discovered', 'discovered']);
  });

  it('discovery as the only account source: a denied discovery gives an EMPTY run of errors, never a clean one', async () => {
    const run = runner('discovery-only.db');
    const first = await run(config());
    expect(first.coverage).toMatchObject({ status: 'complete', expected: 4, collected: 4 });
    denyDiscovery();
    const second = await run(config());
    expect(second.coverage).toMatchObject({ status: 'empty', expected: 4, collected: 0 });
    expect(second.results.length).toBeGreaterThan(0);
    expect(second.results.every((r) => r.status === 'error')).toBe(true);
    expect(runExitCode(second)).toBe(EXIT.nothingCollected);
  });

  it('a discovery that fails on the very first run has nothing to fall back on: empty coverage, said so', async () => {
    denyDiscovery();
    const only = await runner('first-denied.db')(config());
    expect(only.coverage).toMatchObject({ status: 'empty', expected: 0, collected: 0 });
    expect(only.discovery[0]).toMatchObject({ status: 'error', error: 'organizations:ListAccounts AccessDeniedException; no earlier discovery to fall back on' });
    expect(runExitCode(only)).toBe(EXIT.nothingCollected);
    expect(runAsTable(only)).toContain('coverage EMPTY: 0 of 0 expected scopes collected');
  });

  it('a region whose every AWS Config call is denied (an SCP) is an uncovered scope with the reason, not a quiet gap', async () => {
    const operations = ['DescribeConfigurationRecorders', 'DescribeConfigurationRecorderStatus', 'DescribeDeliveryChannels', 'DescribeDeliveryChannelStatus', 'DescribeConfigRules', 'DescribeConformancePacks'];
    for (const operation of operations) fake.faults.inject({ service: 'config', operation, kind: 'AccessDenied', region: 'us-east-1' });
    const outcome = await runner('denied-region.db')(config(CONFIGURED_PROD));
    expect(outcome.coverage.status).toBe('partial');
    expect(outcome.coverage.missing.map((m) => `${m.collector} ${m.scope}`)).toEqual(['aws-config aws:111111111111:us-east-1']);
    expect(outcome.coverage.missing[0]!.reason).toContain('denied');
    const inRegion = outcome.results.filter((r) => r.scope === 'aws:111111111111:us-east-1');
    expect(inRegion.length).toBeGreaterThan(0);
    expect(inRegion.every((r) => r.status === 'error')).toBe(true);
    // The other region of the same account was collected.
    expect(outcome.results.some((r) => r.scope === 'aws:111111111111:eu-west-1' && r.status !== 'error')).toBe(true);
    expect(runExitCode(outcome)).toBe(EXIT.coverage);
  });
});
