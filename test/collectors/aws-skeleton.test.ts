import { GetAccountSummaryCommand, IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigSchema, type AppConfig } from '../../src/config/schema.js';
import type { Estate } from '../../src/demo/estate/schema.js';
import type { FakeAws } from '../../src/demo/fakes/server.js';
import { call } from '../../src/sdk/aws-call.js';
import type { CollectionOutput } from '../../src/model/collector.js';
import { RunCache } from '../../src/model/run-cache.js';
import { defineAwsCollector, PROOF_ACTIONS, type AwsScope } from '../../src/sdk/aws-collector.js';
import { estateAccount, PROD, SANDBOX, startDemoFake, testContext } from './aws-iam/harness.js';

/**
 * The shared AWS collector skeleton (src/sdk/aws-collector.ts), with a minimal collector built on it, against
 * the real fakes: targets per granularity, the account proof once per scope before any collector code, counted
 * clients reused per service × region and destroyed at the end, and scope failures that name no secret.
 */

/** Counts destroy() calls: a real IAMClient, only instrumented. */
let destroyed = 0;
class CountedIamClient extends IAMClient {
  override destroy(): void {
    destroyed += 1;
    super.destroy();
  }
}

const seen: { clientsSame: boolean; otherRegionDiffers: boolean; proof: readonly string[]; region: string }[] = [];

const probe = (granularity: 'account' | 'region') =>
  defineAwsCollector({
    id: 'aws-probe',
    title: 'probe',
    granularity,
    services: ['iam'],
    actions: { 'IAMClient.GetAccountSummaryCommand': 'iam:GetAccountSummary' },
    produces: { 'aws.probe': z.object({ ok: z.boolean() }).strict() },
    implementation: async () => ({ clients: { iam: CountedIamClient }, collect: probeCollect }),
  });

async function probeCollect(scope: AwsScope<{ iam: typeof CountedIamClient }, undefined>): Promise<CollectionOutput> {
  const iam = scope.clients.get('iam');
  const summary = await scope.attempt(() => call('iam:GetAccountSummary', () => iam.send(new GetAccountSummaryCommand({}))));
  seen.push({ clientsSame: scope.clients.get('iam') === iam, otherRegionDiffers: scope.clients.get('iam', 'us-west-2') !== iam, proof: scope.proof, region: scope.region });
  return {
    observations: [{ type: 'aws.probe', id: `probe:${scope.accountId}`, scope: scope.scope, attributes: { ok: summary.ok }, source: [...scope.proof, ...summary.operations] }],
    gaps: [],
  };
}

function configFor(fake: FakeAws, accountId: string, credentials: { accessKeyId: string; secretAccessKey: string }, regions = ['eu-west-1']): AppConfig {
  return ConfigSchema.parse({
    version: 1,
    aws: {
      accounts: [{ id: accountId, regions, credentials }],
      endpoints: { iam: fake.endpoints.iam, sts: fake.endpoints.sts },
      retry: { mode: 'standard', maxAttempts: 1 },
      requestTimeoutMs: 5_000,
    },
  });
}

describe('defineAwsCollector (the shared AWS skeleton)', () => {
  let estate: Estate;
  let fake: FakeAws;
  const own = (id: string) => {
    const c = estateAccount(estate, id).credentials;
    return { accessKeyId: c.access_key_id, secretAccessKey: c.secret_access_key };
  };

  beforeAll(async () => {
    ({ estate, fake } = await startDemoFake());
  });
  afterAll(() => fake.close());

  it('declares its provider, services (with STS for the proof) and actions; targets come from the aws section by granularity', () => {
    const config = configFor(fake, PROD, own(PROD), ['eu-west-1', 'us-east-1']);
    expect(probe('account').provider).toBe('aws');
    expect(probe('account').services).toEqual(['iam', 'sts']);
    expect(probe('account').actionsByOperation).toEqual({ 'IAMClient.GetAccountSummaryCommand': 'iam:GetAccountSummary', ...PROOF_ACTIONS });
    expect(probe('account').permissions).toEqual(['iam:GetAccountSummary', 'sts:GetCallerIdentity']);
    expect(probe('account').targets(config.aws!).map((t) => [t.scope, t.region])).toEqual([[`aws:${PROD}`, 'eu-west-1']]);
    expect(probe('region').targets(config.aws!).map((t) => [t.scope, t.region])).toEqual([
      [`aws:${PROD}:eu-west-1`, 'eu-west-1'],
      [`aws:${PROD}:us-east-1`, 'us-east-1'],
    ]);
    expect(JSON.stringify(probe('region').targets(config.aws!))).not.toContain(own(PROD).secretAccessKey);
  });

  it('proves the account once, first, then hands collect reused counted clients, destroyed at the end', async () => {
    const collector = probe('account');
    const [target] = collector.targets(configFor(fake, PROD, own(PROD)).aws!);
    const { ctx } = testContext();
    const before = fake.requests.length;
    destroyed = 0;
    seen.length = 0;
    const output = await collector.collect(target!, ctx);
    expect(fake.requests.slice(before).map((r) => r.action)).toEqual(['GetCallerIdentity', 'GetAccountSummary']);
    expect(ctx.stats.byOperation).toEqual({ 'sts:GetCallerIdentity': 1, 'iam:GetAccountSummary': 1 });
    expect(seen).toEqual([{ clientsSame: true, otherRegionDiffers: true, proof: ['sts:GetCallerIdentity'], region: 'eu-west-1' }]);
    // Two IAM clients were built (eu-west-1, us-west-2), and both were destroyed with the scope.
    expect(destroyed).toBe(2);
    expect(output.observations[0]!.source).toEqual(['sts:GetCallerIdentity', 'iam:GetAccountSummary']);
  });

  it("another account's keys fail the scope before any collector code runs", async () => {
    const collector = probe('account');
    const [target] = collector.targets(configFor(fake, PROD, own(SANDBOX)).aws!);
    const before = fake.requests.length;
    seen.length = 0;
    const error = await collector.collect(target!, testContext().ctx).then(() => undefined, (e: unknown) => e as Error);
    expect(error?.message).toBe(`the credentials configured for AWS account ${PROD} belong to account ${SANDBOX}; refusing to record account ${SANDBOX}'s state as ${PROD}'s`);
    expect(seen).toEqual([]);
    expect(fake.requests.slice(before).map((r) => r.service)).toEqual(['sts']);
  });

  it('an unconfirmable identity fails the scope with the reason; rejected keys name only the operation and code', async () => {
    const collector = probe('region');
    fake.faults.inject({ service: 'sts', operation: 'GetCallerIdentity', kind: 'ServiceUnavailable', times: 1 });
    const [target] = collector.targets(configFor(fake, PROD, own(PROD)).aws!);
    await expect(collector.collect(target!, testContext().ctx)).rejects.toThrow(
      new RegExp(`^aws-probe: could not confirm the credentials belong to account ${PROD}: sts:GetCallerIdentity failed`),
    );
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzSECRETzz';
    const [bad] = collector.targets(configFor(fake, PROD, { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: secret }).aws!);
    const { ctx, logs } = testContext();
    const error = await collector.collect(bad!, ctx).then(() => undefined, (e: unknown) => e as Error);
    expect(error?.message).toBe(`aws-probe: AWS rejected the credentials for account ${PROD} in eu-west-1 (sts:GetCallerIdentity: InvalidClientTokenId)`);
    expect(`${error?.stack ?? ''}${logs.join('')}`).not.toContain(secret);
  });

  it('the account proof is made by the scope that started first, however long its collect module takes to load', async () => {
    // A slow-loading collector started first, then a quick one, sharing a run's cache: the slow one makes the run's
    // one GetCallerIdentity (as before the modules loaded lazily), so which collection counts it does not race.
    const withLoad = (id: string, ms: number) =>
      defineAwsCollector({
        id,
        title: id,
        granularity: 'account',
        services: ['iam'],
        actions: {},
        produces: {},
        implementation: async () => {
          await new Promise((done) => setTimeout(done, ms));
          return { clients: { iam: CountedIamClient }, collect: async () => ({ observations: [], gaps: [] }) };
        },
      });
    const config = configFor(fake, PROD, own(PROD));
    const runCache = new RunCache();
    const [slow, quick] = [withLoad('aws-slow', 100), withLoad('aws-quick', 0)];
    const slowCtx = { ...testContext().ctx, runCache };
    const quickCtx = { ...testContext().ctx, runCache };
    await Promise.all([slow.collect(slow.targets(config.aws!)[0]!, slowCtx), quick.collect(quick.targets(config.aws!)[0]!, quickCtx)]);
    expect(slowCtx.stats.byOperation).toEqual({ 'sts:GetCallerIdentity': 1 });
    expect(quickCtx.stats.byOperation).toEqual({});
  });

  it('a collect module whose clients are not the services the collector declares is refused by name, before any call', async () => {
    const undeclared = defineAwsCollector({
      id: 'aws-undeclared',
      title: 'undeclared',
      granularity: 'account',
      services: ['iam'],
      actions: {},
      produces: {},
      implementation: async () => ({ clients: { iam: CountedIamClient, s3: CountedIamClient }, collect: async () => ({ observations: [], gaps: [] }) }),
    });
    const [target] = undeclared.targets(configFor(fake, PROD, own(PROD)).aws!);
    await expect(undeclared.collect(target!, testContext().ctx)).rejects.toThrow('aws-undeclared: its collect module brings the clients iam, s3, but it declares iam');
    // The metadata (least-privilege policy, services) comes from the declaration, without loading the module.
    expect(undeclared.services).toEqual(['iam', 'sts']);
  });

  it('a client for a service the collector did not declare is refused', async () => {
    const sneaky = defineAwsCollector({
      id: 'aws-sneaky',
      title: 'sneaky',
      granularity: 'account',
      services: [],
      actions: {},
      produces: {},
      implementation: async () => ({
        clients: {},
        async collect(scope) {
          (scope.clients as unknown as { get(s: string): unknown }).get('iam');
          return { observations: [], gaps: [] };
        },
      }),
    });
    const [target] = sneaky.targets(configFor(fake, PROD, own(PROD)).aws!);
    await expect(sneaky.collect(target!, testContext().ctx)).rejects.toThrow("service iam is not among the collector's declared services");
  });
});
