import { ConfigSchema, type AppConfig } from '../../src/config/schema.js';
import type { Estate } from '../../src/demo/estate/schema.js';
import type { FakeAws, FakeAwsEndpoints } from '../../src/demo/fakes/server.js';
import type { CollectionOutput, CollectorDefinition } from '../../src/model/collector.js';
import type { Observation } from '../../src/model/observation.js';
import type { AwsConfig } from '../../src/config/schema.js';
import type { AwsTarget } from '../../src/sdk/aws-collector.js';
import type { z } from 'zod';
import { estateAccount, testContext } from './aws-iam/harness.js';

/**
 * The set-up every regional AWS collector test shares (AWS Config, CloudTrail): a one-account config pointed at
 * the protocol fake's endpoint for the service (plus STS, which the skeleton's account proof calls), the
 * collector's target in a region, one collection with a test context, and the observation helpers.
 */

export interface RegionalOptions {
  readonly maxAttempts?: number;
  readonly regions?: string[];
  /** Credentials other than the account's own (e.g. another account's, to test the account proof). */
  readonly credentials?: { accessKeyId: string; secretAccessKey: string };
}

export function regionalHarness(
  collector: CollectorDefinition<AwsTarget, AwsConfig>,
  service: keyof FakeAwsEndpoints,
  produces: Readonly<Record<string, z.ZodType>>,
) {
  function configFor(estate: Estate, fake: FakeAws, accountId: string, o: RegionalOptions = {}): AppConfig {
    const account = estateAccount(estate, accountId);
    return ConfigSchema.parse({
      version: 1,
      aws: {
        accounts: [
          {
            id: accountId,
            regions: o.regions ?? ['eu-west-1'],
            credentials: o.credentials ?? { accessKeyId: account.credentials.access_key_id, secretAccessKey: account.credentials.secret_access_key },
          },
        ],
        // STS too: the skeleton proves the account with sts:GetCallerIdentity before collecting.
        endpoints: { [service]: fake.endpoints[service], sts: fake.endpoints.sts },
        retry: { mode: 'standard', maxAttempts: o.maxAttempts ?? 3 },
        requestTimeoutMs: 5_000,
      },
    });
  }

  function targetFor(config: AppConfig, region = 'eu-west-1'): AwsTarget {
    const target = collector.targets(config.aws!).find((t) => t.region === region);
    if (target === undefined) throw new Error(`no target in ${region}`);
    return target;
  }

  async function collect(config: AppConfig, region = 'eu-west-1') {
    const { ctx, logs } = testContext();
    const output = await collector.collect(targetFor(config, region), ctx);
    return { output, stats: ctx.stats, logs };
  }

  /** Every observation must match the schema the collector declares for its type. */
  function validate(output: CollectionOutput): void {
    for (const obs of output.observations) produces[obs.type]!.parse(obs.attributes);
  }

  return { configFor, targetFor, collect, validate };
}

export function find<A>(output: CollectionOutput, type: string, id: string): Observation<A> {
  const obs = output.observations.find((o) => o.type === type && o.id === id);
  if (obs === undefined) throw new Error(`no ${type} ${id}; have ${output.observations.map((o) => o.id).join(', ')}`);
  return obs as Observation<A>;
}

export const ids = (output: CollectionOutput, type: string): string[] => output.observations.filter((o) => o.type === type).map((o) => o.id);

/** YAML nested under an account's service key in a test estate. */
export const indentYaml = (yaml: string) =>
  yaml
    .split('\n')
    .map((line) => (line.trim() === '' ? line : `        ${line}`))
    .join('\n');
