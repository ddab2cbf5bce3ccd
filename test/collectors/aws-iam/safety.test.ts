import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { awsIamCollector } from '../../../collectors/aws-iam/collector.js';
import type { Estate } from '../../../src/demo/estate/schema.js';
import type { FakeAws } from '../../../src/demo/fakes/server.js';
import { collect, configForAccount, estateAccount, iamConfig, onlyTarget, PROD, SANDBOX, startDemoFake, testContext } from './harness.js';

describe('aws-iam collector: credentials and identity', () => {
  let estate: Estate;
  let fake: FakeAws;

  beforeAll(async () => {
    ({ estate, fake } = await startDemoFake());
  });
  afterEach(() => fake.faults.clear());
  afterAll(() => fake.close());

  it('credentials for another account fail the scope, naming both account ids', async () => {
    const sandbox = estateAccount(estate, SANDBOX);
    const config = iamConfig({
      accountId: PROD,
      accessKeyId: sandbox.credentials.access_key_id,
      secretAccessKey: sandbox.credentials.secret_access_key,
      endpoint: fake.endpoints.iam,
      stsEndpoint: fake.endpoints.sts,
    });
    const { ctx, logs } = testContext();
    const error = await awsIamCollector.collect(onlyTarget(config), ctx).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toContain(PROD);
    expect(error?.message).toContain(SANDBOX);
    expect(error?.message).not.toContain(sandbox.credentials.secret_access_key);
    expect(logs.join('')).not.toContain(sandbox.credentials.secret_access_key);
  });

  it('an unknown access key fails the whole collection with a clear error and no secret', async () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzSECRETzz';
    const config = iamConfig({ accountId: PROD, accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: secret, endpoint: fake.endpoints.iam, stsEndpoint: fake.endpoints.sts });
    const { ctx, logs } = testContext();
    const error = await awsIamCollector.collect(onlyTarget(config), ctx).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    // The skeleton's account proof is the first call, so it is the one that names the rejection.
    expect(error?.message).toBe('aws-iam: AWS rejected the credentials for account 111111111111 (sts:GetCallerIdentity: InvalidClientTokenId)');
    expect(error?.message).not.toContain(secret);
    expect(String(error?.stack)).not.toContain(secret);
    expect(logs.join('')).not.toContain(secret);
  });

  it('partial failures log the reason but never the secret access key', async () => {
    fake.faults.inject({ service: 'iam', operation: 'GetAccountSummary', kind: 'AccessDenied' });
    fake.faults.inject({ service: 'iam', operation: 'ListVirtualMFADevices', kind: 'Malformed' });
    const config = configForAccount(estate, fake, PROD);
    const { logs, output } = await collect(config);
    const secret = estateAccount(estate, PROD).credentials.secret_access_key;
    expect(logs.length).toBeGreaterThanOrEqual(2);
    expect(logs.join('')).not.toContain(secret);
    expect(JSON.stringify(output)).not.toContain(secret);
  });

  describe('AWS_ENDPOINT_URL_IAM', () => {
    const saved = process.env.AWS_ENDPOINT_URL_IAM;
    afterEach(() => {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_IAM;
      else process.env.AWS_ENDPOINT_URL_IAM = saved;
    });

    it('is used when the config sets no IAM endpoint', async () => {
      process.env.AWS_ENDPOINT_URL_IAM = fake.endpoints.iam;
      const account = estateAccount(estate, SANDBOX);
      const config = iamConfig({ accountId: SANDBOX, accessKeyId: account.credentials.access_key_id, secretAccessKey: account.credentials.secret_access_key, stsEndpoint: fake.endpoints.sts });
      expect(onlyTarget(config).clientConfig('iam', 'eu-west-1')).not.toHaveProperty('endpoint');
      const before = fake.requests.length;
      const { output } = await collect(config);
      expect(fake.requests.length).toBeGreaterThan(before);
      expect(output.observations.map((o) => o.id)).toContain('arn:aws:iam::222222222222:user/dana');
    });
  });
});
