import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { awsConfigCollector } from '../../../collectors/aws-config/collector.js';
import { CONFIG_OBSERVATION_TYPES } from '../../../collectors/aws-config/observations.js';
import { parseEstate } from '../../../src/demo/estate/load.js';
import type { Estate } from '../../../src/demo/estate/schema.js';
import type { FakeAws } from '../../../src/demo/fakes/server.js';
import { estateAccount } from '../aws-iam/harness.js';
import { find, ids, indentYaml, regionalHarness, type RegionalOptions } from '../aws-regional-harness.js';

/** Set-up for the AWS Config collector: the real collector and SDK client over HTTP against the protocol fake. */

export { NOW, PROD, SANDBOX, demoEstate, startDemoFake } from '../aws-iam/harness.js';

export type ConfigOptions = RegionalOptions;

const harness = regionalHarness(awsConfigCollector, 'config', CONFIG_OBSERVATION_TYPES);
export const { configFor, targetFor, collect, validate } = harness;
export { find, ids };

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

/**
 * A one-account estate with the given Config part (YAML under `config:`) and, optionally, an S3 part (YAML
 * under `s3:`; the advanced query's items are derived from its buckets), for focused tests.
 */
export function configEstate(configYaml: string, s3Yaml?: string): Estate {
  const indent = indentYaml;
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
