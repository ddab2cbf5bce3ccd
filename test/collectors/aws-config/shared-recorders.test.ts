import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsConfigCollector } from '../../../collectors/aws-config/collector.js';
import { awsS3Collector } from '../../../collectors/aws-s3/collector.js';
import { ConfigSchema, type AppConfig } from '../../../src/config/schema.js';
import type { Estate } from '../../../src/demo/estate/schema.js';
import type { FakeAws } from '../../../src/demo/fakes/server.js';
import { collectForTest } from '../../helpers/collect-for-test.js';
import { PROD, startDemoFake } from '../aws-iam/harness.js';

/**
 * Issue 15: the AWS Config collector and the S3 collector's advanced query both read a region's recorders and
 * their status; a run reads them once per account × region, and both collectors' evidence still names them.
 */

const REGIONS = ['eu-west-1', 'us-east-1'];

describe('Config recorder reads shared by aws-config and aws-s3 in one run', () => {
  let estate: Estate;
  let fake: FakeAws;
  beforeAll(async () => {
    ({ estate, fake } = await startDemoFake());
  });
  afterAll(() => fake.close());

  const config = (): AppConfig => {
    const prod = estate.aws!.accounts.find((a) => a.id === PROD)!;
    return ConfigSchema.parse({
      version: 1,
      aws: {
        accounts: [{ id: PROD, regions: REGIONS, credentials: { accessKeyId: prod.credentials.access_key_id, secretAccessKey: prod.credentials.secret_access_key } }],
        endpoints: { s3: fake.endpoints.s3, s3control: fake.endpoints.s3control, config: fake.endpoints.config, sts: fake.endpoints.sts },
        s3ForcePathStyle: true,
        retry: { mode: 'standard', maxAttempts: 1 },
        requestTimeoutMs: 5_000,
      },
    });
  };
  const run = (collectors: Parameters<typeof collectForTest>[0]) => collectForTest(collectors, config(), { now: new Date('2026-03-15T12:00:00Z'), concurrency: 2 });
  const count = (from: number, action: string) => fake.requests.slice(from).filter((r) => r.service === 'config' && r.action === action).length;

  it('one DescribeConfigurationRecorders and one …RecorderStatus per region for both collectors, with the same observations as each run alone', async () => {
    const from = fake.requests.length;
    const both = await run([awsS3Collector, awsConfigCollector]);
    expect(both.filter((c) => c.status === 'error').map((c) => c.error)).toEqual([]);
    expect(count(from, 'DescribeConfigurationRecorders')).toBe(REGIONS.length);
    expect(count(from, 'DescribeConfigurationRecorderStatus')).toBe(REGIONS.length);

    const apart = fake.requests.length;
    const s3Alone = await run([awsS3Collector]);
    const configAlone = await run([awsConfigCollector]);
    expect(count(apart, 'DescribeConfigurationRecorders')).toBe(2 * REGIONS.length);
    const observations = (scopes: typeof both) => scopes.flatMap((c) => c.observations);
    expect(observations(both)).toEqual([...observations(s3Alone), ...observations(configAlone)]);
    // The S3 buckets Config describes name the recorder reads, as the Config collector's observations do.
    expect(observations(both).some((o) => o.type.startsWith('aws.s3') && o.source.includes('config:DescribeConfigurationRecorders'))).toBe(true);
  });
});
