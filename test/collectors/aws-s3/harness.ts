import { Writable } from 'node:stream';
import { pino } from 'pino';
import { ConfigSchema, type AppConfig } from '../../../src/config/schema.js';
import { loadEstateFile, parseEstate } from '../../../src/demo/estate/load.js';
import type { Estate } from '../../../src/demo/estate/schema.js';
import { startFakeAws, type FakeAws, type FakeAwsOptions } from '../../../src/demo/fakes/server.js';
import { CallStats } from '../../../src/sdk/call-stats.js';
import { awsS3Collector } from '../../../collectors/aws-s3/collector.js';
import type { S3Settings } from '../../../collectors/aws-s3/settings.js';
import type { AwsTarget } from '../../../src/sdk/aws-collector.js';
import { S3_OBSERVATION_TYPES, type S3AccountAttributes, type S3BucketAttributes } from '../../../collectors/aws-s3/observations.js';
import type { CollectionOutput } from '../../../src/model/collector.js';
import type { Observation } from '../../../src/model/observation.js';

/** Shared set-up: an estate served by the real fakes, collected by the real S3 collector over HTTP. */

export const DEMO_ESTATE_PATH = new URL('../../../config/demo/estate.yaml', import.meta.url).pathname;
export const NOW = new Date('2026-03-15T12:00:00.000Z');
export const PROD = '111111111111';
export const SANDBOX = '222222222222';
export const TEST_ACCOUNT = '123456789012';
export const TEST_KEY = 'AKIATESTS3000000001';
export const TEST_SECRET = 'test-s3-secret-000000001';

export async function demoEstate(): Promise<Estate> {
  return loadEstateFile(DEMO_ESTATE_PATH);
}

/** A one-account estate whose `s3:` section is the given YAML (indented as under the account), with an optional `config:` section. */
export function s3Estate(s3Yaml: string, configYaml?: string): Estate {
  return parseEstate(`
version: 1
aws:
  accounts:
    - id: "${TEST_ACCOUNT}"
      name: test
      credentials: { access_key_id: ${TEST_KEY}, secret_access_key: ${TEST_SECRET} }
      root: { created: -100d, mfa: hardware }
      s3:
${s3Yaml.replace(/^/gm, '        ')}
${configYaml !== undefined ? `      config:\n${configYaml.replace(/^/gm, '        ')}` : ''}
`);
}

export async function startFake(estate: Estate, options: Partial<FakeAwsOptions> = {}): Promise<FakeAws> {
  return startFakeAws({ now: NOW, ...options, estate });
}

export interface S3ConfigOptions {
  readonly accountId?: string;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  readonly regions?: string[];
  readonly maxAttempts?: number;
  readonly requestTimeoutMs?: number;
  /**
   * Also point AWS Config at the fake. Without it, `auto` reads every bucket with the S3 APIs (an overridden
   * S3 endpoint without a Config one), which is what the direct-path tests rely on.
   */
  readonly withConfig?: boolean;
  readonly s3BucketSource?: 'auto' | 's3-api';
  readonly s3BucketConcurrency?: number;
}

export function s3Config(fake: FakeAws, o: S3ConfigOptions = {}): AppConfig {
  return ConfigSchema.parse({
    version: 1,
    aws: {
      accounts: [
        {
          id: o.accountId ?? TEST_ACCOUNT,
          regions: o.regions ?? ['eu-west-1'],
          credentials: { accessKeyId: o.accessKeyId ?? TEST_KEY, secretAccessKey: o.secretAccessKey ?? TEST_SECRET },
        },
      ],
      endpoints: { s3: fake.endpoints.s3, s3control: fake.endpoints.s3control, sts: fake.endpoints.sts, ...(o.withConfig === true ? { config: fake.endpoints.config } : {}) },
      s3ForcePathStyle: true,
      retry: { mode: 'standard', maxAttempts: o.maxAttempts ?? 3 },
      requestTimeoutMs: o.requestTimeoutMs ?? 5_000,
      ...(o.s3BucketSource !== undefined ? { s3BucketSource: o.s3BucketSource } : {}),
      ...(o.s3BucketConcurrency !== undefined ? { s3BucketConcurrency: o.s3BucketConcurrency } : {}),
    },
  });
}

/** Config for a demo-estate account, with its own credentials. */
export function demoConfig(estate: Estate, fake: FakeAws, id: string, extra: S3ConfigOptions = {}): AppConfig {
  const account = estate.aws?.accounts.find((a) => a.id === id);
  if (account === undefined) throw new Error(`no account ${id}`);
  return s3Config(fake, { accountId: id, accessKeyId: account.credentials.access_key_id, secretAccessKey: account.credentials.secret_access_key, ...extra });
}

export interface Collected {
  readonly output: CollectionOutput;
  readonly stats: CallStats;
  readonly logs: string[];
}

export function testContext() {
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const ctx = { log: pino({ level: 'trace' }, stream), stats: new CallStats(), sleep: async () => {}, previous: null, startedAt: '2026-11-21T06:00:00.000Z' };
  return { ctx, logs };
}

export function onlyTarget(config: AppConfig): AwsTarget<S3Settings> {
  const [target] = awsS3Collector.targets(config.aws!);
  if (target === undefined) throw new Error('no target');
  return target;
}

/** Collects, and validates every observation against the collector's own schemas (as the runner does). */
export async function collect(config: AppConfig): Promise<Collected> {
  const { ctx, logs } = testContext();
  const output = await awsS3Collector.collect(onlyTarget(config), ctx);
  for (const obs of output.observations) S3_OBSERVATION_TYPES[obs.type as keyof typeof S3_OBSERVATION_TYPES].parse(obs.attributes);
  return { output, stats: ctx.stats, logs };
}

export function bucket(output: CollectionOutput, name: string): Observation<S3BucketAttributes> {
  const obs = output.observations.find((o) => o.type === 'aws.s3.bucket' && o.id === `arn:aws:s3:::${name}`);
  if (obs === undefined) throw new Error(`no bucket ${name}; have ${output.observations.map((o) => o.id).join(', ')}`);
  return obs as Observation<S3BucketAttributes>;
}

export function account(output: CollectionOutput): Observation<S3AccountAttributes> {
  const obs = output.observations.find((o) => o.type === 'aws.s3.account');
  if (obs === undefined) throw new Error('no aws.s3.account observation');
  return obs as Observation<S3AccountAttributes>;
}

export const bucketNames = (output: CollectionOutput): string[] =>
  output.observations.filter((o) => o.type === 'aws.s3.bucket').map((o) => (o.attributes as S3BucketAttributes).name);
