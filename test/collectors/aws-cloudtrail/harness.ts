import { awsCloudTrailCollector } from '../../../collectors/aws-cloudtrail/collector.js';
import type { AwsTarget } from '../../../src/sdk/aws-collector.js';
import { CLOUDTRAIL_OBSERVATION_TYPES } from '../../../collectors/aws-cloudtrail/observations.js';
import { ConfigSchema, type AppConfig } from '../../../src/config/schema.js';
import { parseEstate } from '../../../src/demo/estate/load.js';
import type { Estate } from '../../../src/demo/estate/schema.js';
import type { FakeAws } from '../../../src/demo/fakes/server.js';
import type { CollectionOutput } from '../../../src/model/collector.js';
import type { Observation } from '../../../src/model/observation.js';
import { estateAccount, testContext } from '../aws-iam/harness.js';

/** Set-up for the AWS CloudTrail collector: the real collector and SDK client over HTTP against the protocol fake. */

export { NOW, PROD, SANDBOX, startDemoFake } from '../aws-iam/harness.js';

export interface TrailOptions {
  readonly maxAttempts?: number;
  readonly regions?: string[];
  /** Credentials other than the account's own (e.g. another account's, to test the account proof). */
  readonly credentials?: { accessKeyId: string; secretAccessKey: string };
}

export function cloudtrailConfig(estate: Estate, fake: FakeAws, accountId: string, o: TrailOptions = {}): AppConfig {
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
      endpoints: { cloudtrail: fake.endpoints.cloudtrail, sts: fake.endpoints.sts },
      retry: { mode: 'standard', maxAttempts: o.maxAttempts ?? 3 },
      requestTimeoutMs: 5_000,
    },
  });
}

export function targetFor(config: AppConfig, region = 'eu-west-1'): AwsTarget {
  const target = awsCloudTrailCollector.targets(config.aws!).find((t) => t.region === region);
  if (target === undefined) throw new Error(`no target in ${region}`);
  return target;
}

export async function collect(config: AppConfig, region = 'eu-west-1') {
  const { ctx, logs } = testContext();
  const output = await awsCloudTrailCollector.collect(targetFor(config, region), ctx);
  return { output, stats: ctx.stats, logs };
}

/** Every observation must match the schema the collector declares for its type. */
export function validate(output: CollectionOutput): void {
  for (const obs of output.observations) CLOUDTRAIL_OBSERVATION_TYPES[obs.type as keyof typeof CLOUDTRAIL_OBSERVATION_TYPES].parse(obs.attributes);
}

export function find<A>(output: CollectionOutput, type: string, id: string): Observation<A> {
  const obs = output.observations.find((o) => o.type === type && o.id === id);
  if (obs === undefined) throw new Error(`no ${type} ${id}; have ${output.observations.map((o) => o.id).join(', ')}`);
  return obs as Observation<A>;
}

export const ids = (output: CollectionOutput, type: string): string[] => output.observations.filter((o) => o.type === type).map((o) => o.id);

export const TEST_ACCOUNT = '333333333333';

/** A one-account estate with the given CloudTrail part (YAML under `cloudtrail:`), for focused tests. */
export function cloudtrailEstate(cloudtrailYaml: string): Estate {
  const indented = cloudtrailYaml
    .split('\n')
    .map((line) => (line.trim() === '' ? line : `        ${line}`))
    .join('\n');
  return parseEstate(
    `version: 1
aws:
  accounts:
    - id: "${TEST_ACCOUNT}"
      name: test
      credentials: { access_key_id: AKIATESTTRAIL000001, secret_access_key: test-secret-not-real-0001 }
      root: { created: -400d, mfa: hardware }
      cloudtrail:
${indented}
    - id: "444444444444"
      name: other
      credentials: { access_key_id: AKIATESTOTHER000002, secret_access_key: test-secret-not-real-0002 }
      root: { created: -400d, mfa: hardware }
      cloudtrail:
        regions:
          eu-west-1:
            trails:
              - { name: other-trail, s3_bucket: other-logs, latest_delivery: -1h }
`,
    'test estate',
  );
}
