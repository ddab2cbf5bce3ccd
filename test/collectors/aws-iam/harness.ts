import { Writable } from 'node:stream';
import { pino } from 'pino';
import { ConfigSchema, type AppConfig } from '../../../src/config/schema.js';
import { loadEstateFile } from '../../../src/demo/estate/load.js';
import type { Estate, EstateAwsAccount } from '../../../src/demo/estate/schema.js';
import { startFakeAws, type FakeAws, type FakeAwsOptions } from '../../../src/demo/fakes/server.js';
import { CallStats } from '../../../src/sdk/call-stats.js';
import { awsIamCollector } from '../../../collectors/aws-iam/collector.js';
import type { AwsTarget } from '../../../src/sdk/aws-collector.js';
import type { ApprovedAdministratorsValue } from '../../../collectors/aws-iam/observations.js';
import type { CollectionOutput } from '../../../src/model/collector.js';
import type { Observation } from '../../../src/model/observation.js';

/** Shared set-up: the demo estate served by the real fakes, collected by the real collector over HTTP. */

export const DEMO_ESTATE_PATH = new URL('../../../config/demo/estate.yaml', import.meta.url).pathname;
/** A fixed clock so relative estate dates resolve to known instants (they count back from its day's start). */
export const NOW = new Date('2026-03-15T12:00:00.000Z');
const DAY_START = new Date('2026-03-15T00:00:00.000Z');
export const PROD = '111111111111';
export const SANDBOX = '222222222222';

export const daysAgo = (n: number): string => new Date(DAY_START.getTime() - n * 86_400_000).toISOString();

export async function demoEstate(): Promise<Estate> {
  return loadEstateFile(DEMO_ESTATE_PATH);
}

export function estateAccount(estate: Estate, id: string): EstateAwsAccount {
  const account = estate.aws?.accounts.find((a) => a.id === id);
  if (account === undefined) throw new Error(`no account ${id} in the estate`);
  return account;
}

export async function startDemoFake(options: Partial<FakeAwsOptions> = {}): Promise<{ estate: Estate; fake: FakeAws }> {
  const estate = options.estate ?? (await demoEstate());
  const fake = await startFakeAws({ now: NOW, ...options, estate });
  return { estate, fake };
}

export interface ConfigOptions {
  readonly accountId: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Omit to leave the endpoint to AWS_ENDPOINT_URL_IAM. */
  readonly endpoint?: string;
  /** Where the account proof (sts:GetCallerIdentity) is sent; omit to leave it to AWS_ENDPOINT_URL_STS. */
  readonly stsEndpoint?: string;
  readonly maxAttempts?: number;
  readonly requestTimeoutMs?: number;
}

export function iamConfig(o: ConfigOptions): AppConfig {
  return ConfigSchema.parse({
    version: 1,
    aws: {
      accounts: [{ id: o.accountId, regions: ['eu-west-1'], credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey } }],
      endpoints: { ...(o.endpoint !== undefined ? { iam: o.endpoint } : {}), ...(o.stsEndpoint !== undefined ? { sts: o.stsEndpoint } : {}) },
      retry: { mode: 'standard', maxAttempts: o.maxAttempts ?? 3 },
      requestTimeoutMs: o.requestTimeoutMs ?? 5_000,
    },
  });
}

/** Config for an estate account, with its own credentials. */
export function configForAccount(estate: Estate, fake: FakeAws, id: string, extra: Partial<ConfigOptions> = {}): AppConfig {
  const account = estateAccount(estate, id);
  return iamConfig({
    accountId: id,
    accessKeyId: account.credentials.access_key_id,
    secretAccessKey: account.credentials.secret_access_key,
    endpoint: fake.endpoints.iam,
    stsEndpoint: fake.endpoints.sts,
    ...extra,
  });
}

export interface Collected {
  readonly output: CollectionOutput;
  readonly stats: CallStats;
  readonly logs: string[];
  readonly sleeps: number[];
}

/** A collect context whose logs are captured and whose sleep is a no-op that records its argument. */
export function testContext() {
  const logs: string[] = [];
  const sleeps: number[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const ctx = {
    log: pino({ level: 'trace' }, stream),
    stats: new CallStats(),
    sleep: async (ms: number) => {
      sleeps.push(ms);
    },
    previous: null,
    startedAt: '2026-11-21T06:00:00.000Z',
  };
  return { ctx, logs, sleeps };
}

export function onlyTarget(config: AppConfig): AwsTarget<ApprovedAdministratorsValue> {
  const [target] = awsIamCollector.targets(config.aws!);
  if (target === undefined) throw new Error('no target');
  return target;
}

export async function collect(config: AppConfig): Promise<Collected> {
  const { ctx, logs, sleeps } = testContext();
  const output = await awsIamCollector.collect(onlyTarget(config), ctx);
  return { output, stats: ctx.stats, logs, sleeps };
}

export function find<A = Record<string, unknown>>(output: CollectionOutput, type: string, id: string): Observation<A> {
  const obs = output.observations.find((o) => o.type === type && o.id === id);
  if (obs === undefined) throw new Error(`no ${type} ${id}; have ${output.observations.map((o) => o.id).join(', ')}`);
  return obs as Observation<A>;
}

export const ids = (output: CollectionOutput, type: string): string[] => output.observations.filter((o) => o.type === type).map((o) => o.id);
