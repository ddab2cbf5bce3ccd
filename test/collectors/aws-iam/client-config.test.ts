import { GetAccountSummaryCommand, IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../../src/config/schema.js';
import type { FakeAws } from '../../../src/demo/fakes/server.js';
import { attachCallStats, awsClientConfig, operationName } from '../../../src/sdk/aws.js';
import { CallStats } from '../../../src/sdk/call-stats.js';
import { estateAccount, PROD, startDemoFake } from './harness.js';

/** src/sdk/aws.ts: the client configuration factory and the per-attempt call counting. */

function awsSection(extra: Record<string, unknown> = {}) {
  const config = ConfigSchema.parse({
    version: 1,
    aws: {
      accounts: [
        { id: '123456789012', regions: ['eu-central-1'], credentials: { accessKeyId: 'AKIAEXAMPLE000000001', secretAccessKey: 'secret-example-0001', sessionToken: 'tok' } },
        { id: '210987654321' },
      ],
      ...extra,
    },
  });
  return config.aws!;
}

describe('awsClientConfig', () => {
  it('sets region, retry, timeouts and static credentials, and no endpoint unless configured', () => {
    const aws = awsSection({ retry: { mode: 'adaptive', maxAttempts: 7 }, requestTimeoutMs: 1234 });
    const config = awsClientConfig({ aws, account: aws.accounts[0]!, region: 'eu-central-1', service: 'iam' });
    expect(config).toEqual({
      region: 'eu-central-1',
      credentials: { accessKeyId: 'AKIAEXAMPLE000000001', secretAccessKey: 'secret-example-0001', sessionToken: 'tok' },
      retryMode: 'adaptive',
      maxAttempts: 7,
      requestHandler: { requestTimeout: 1234, connectionTimeout: 1234, throwOnRequestTimeout: true },
    });
    expect('endpoint' in config).toBe(false);
    expect('forcePathStyle' in config).toBe(false);
  });

  it('uses the default credential chain when no credentials are configured', () => {
    const aws = awsSection();
    const config = awsClientConfig({ aws, account: aws.accounts[1]!, region: 'us-east-1', service: 'sts' });
    expect('credentials' in config).toBe(false);
  });

  it('applies an endpoint override only to its own service, and path style only to s3', () => {
    const aws = awsSection({ endpoints: { s3: 'http://127.0.0.1:9000' }, s3ForcePathStyle: true });
    const s3 = awsClientConfig({ aws, account: aws.accounts[0]!, region: 'eu-central-1', service: 's3' });
    expect(s3.endpoint).toBe('http://127.0.0.1:9000');
    expect(s3.forcePathStyle).toBe(true);
    const iam = awsClientConfig({ aws, account: aws.accounts[0]!, region: 'eu-central-1', service: 'iam' });
    expect('endpoint' in iam).toBe(false);
  });

  it('names operations with the service prefix and command name', () => {
    expect(operationName({ clientName: 'IAMClient', commandName: 'GetAccountSummaryCommand' })).toBe('iam:GetAccountSummary');
    expect(operationName({ clientName: 'ConfigServiceClient', commandName: 'DescribeConfigRulesCommand' })).toBe('config:DescribeConfigRules');
    expect(operationName({ clientName: 'S3Client', commandName: 'GetBucketPolicyCommand' }, 's3')).toBe('s3:GetBucketPolicy');
  });
});

describe('attachCallStats over HTTP', () => {
  let fake: FakeAws;
  let client: IAMClient;
  let stats: CallStats;

  beforeAll(async () => {
    const started = await startDemoFake();
    fake = started.fake;
    const account = estateAccount(started.estate, PROD);
    client = new IAMClient({
      region: 'us-east-1',
      endpoint: fake.endpoints.iam,
      credentials: { accessKeyId: account.credentials.access_key_id, secretAccessKey: account.credentials.secret_access_key },
      maxAttempts: 4,
    });
    stats = new CallStats();
    attachCallStats(client, stats);
  });
  afterAll(async () => {
    client.destroy();
    await fake.close();
  });

  it('counts every attempt, retries included, and the throttled ones', async () => {
    fake.faults.inject({ service: 'iam', operation: 'GetAccountSummary', kind: 'Throttling', times: 1 });
    fake.faults.inject({ service: 'iam', operation: 'GetAccountSummary', kind: 'ServiceUnavailable', times: 1 });
    const out = await client.send(new GetAccountSummaryCommand({}));
    expect(out.SummaryMap?.AccountMFAEnabled).toBe(1);
    expect(out.$metadata.attempts).toBe(3);
    expect(stats.byOperation).toEqual({ 'iam:GetAccountSummary': 3 });
    expect(stats.calls).toBe(3);
    // The 503 is a retry but not a throttle.
    expect(stats.throttles).toBe(1);
  });
});
