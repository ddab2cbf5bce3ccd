import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { awsConfigCollector } from '../../../collectors/aws-config/collector.js';
import type { AwsTarget } from '../../../src/sdk/aws-collector.js';
import { CONFIG_OBSERVATION_TYPES } from '../../../collectors/aws-config/observations.js';
import { ConfigSchema, type AppConfig } from '../../../src/config/schema.js';
import { parseEstate } from '../../../src/demo/estate/load.js';
import type { Estate } from '../../../src/demo/estate/schema.js';
import type { FakeAws } from '../../../src/demo/fakes/server.js';
import type { CollectionOutput } from '../../../src/model/collector.js';
import type { Observation } from '../../../src/model/observation.js';
import { estateAccount, testContext } from '../aws-iam/harness.js';

/** Set-up for the AWS Config collector: the real collector and SDK client over HTTP against the protocol fake. */

export { NOW, PROD, SANDBOX, demoEstate, startDemoFake } from '../aws-iam/harness.js';

export interface ConfigOptions {
  readonly maxAttempts?: number;
  readonly regions?: string[];
}

export function configFor(estate: Estate, fake: FakeAws, accountId: string, o: ConfigOptions = {}): AppConfig {
  const account = estateAccount(estate, accountId);
  return ConfigSchema.parse({
    version: 1,
    aws: {
      accounts: [
        {
          id: accountId,
          regions: o.regions ?? ['eu-west-1'],
          credentials: { accessKeyId: account.credentials.access_key_id, secretAccessKey: account.credentials.secret_access_key },
        },
      ],
      // STS too: the skeleton proves the account with sts:GetCallerIdentity before collecting.
      endpoints: { config: fake.endpoints.config, sts: fake.endpoints.sts },
      retry: { mode: 'standard', maxAttempts: o.maxAttempts ?? 3 },
      requestTimeoutMs: 5_000,
    },
  });
}

export function targetFor(config: AppConfig, region = 'eu-west-1'): AwsTarget {
  const target = awsConfigCollector.targets(config.aws!).find((t) => t.region === region);
  if (target === undefined) throw new Error(`no target in ${region}`);
  return target;
}

export async function collect(config: AppConfig, region = 'eu-west-1') {
  const { ctx, logs } = testContext();
  const output = await awsConfigCollector.collect(targetFor(config, region), ctx);
  return { output, stats: ctx.stats, logs };
}

/** A real ConfigServiceClient for the account and region, pointed at the fake. */
export function configClient(estate: Estate, fake: FakeAws, accountId: string, region = 'eu-west-1', maxAttempts = 3): ConfigServiceClient {
  const account = estateAccount(estate, accountId);
  return new ConfigServiceClient({
    region,
    endpoint: fake.endpoints.config,
    credentials: { accessKeyId: account.credentials.access_key_id, secretAccessKey: account.credentials.secret_access_key },
    maxAttempts,
  });
}

/** Every observation must match the schema the collector declares for its type. */
export function validate(output: CollectionOutput): void {
  for (const obs of output.observations) CONFIG_OBSERVATION_TYPES[obs.type as keyof typeof CONFIG_OBSERVATION_TYPES].parse(obs.attributes);
}

export function find<A>(output: CollectionOutput, type: string, id: string): Observation<A> {
  const obs = output.observations.find((o) => o.type === type && o.id === id);
  if (obs === undefined) throw new Error(`no ${type} ${id}; have ${output.observations.map((o) => o.id).join(', ')}`);
  return obs as Observation<A>;
}

export const ids = (output: CollectionOutput, type: string): string[] => output.observations.filter((o) => o.type === type).map((o) => o.id);

/**
 * A one-account estate with the given Config part (YAML under `config:`) and, optionally, an S3 part (YAML
 * under `s3:`; the advanced query's items are derived from its buckets), for focused tests.
 */
export function configEstate(configYaml: string, s3Yaml?: string): Estate {
  const indent = (yaml: string) =>
    yaml
      .split('\n')
      .map((line) => (line.trim() === '' ? line : `        ${line}`))
      .join('\n');
  return parseEstate(
    `version: 1
aws:
  accounts:
    - id: "333333333333"
      name: test
      credentials: { access_key_id: AKIATESTCONFIG00001, secret_access_key: test-secret-not-real-0001 }
      root: { created: -400d, mfa: hardware }
      config:
${indent(configYaml)}
${s3Yaml !== undefined ? `      s3:\n${indent(s3Yaml)}\n` : ''}`,
    'test estate',
  );
}

export const TEST_ACCOUNT = '333333333333';
