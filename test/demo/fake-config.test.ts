import {
  DescribeConfigRulesCommand,
  DescribeConformancePacksCommand,
  GetComplianceDetailsByConfigRuleCommand,
  SelectResourceConfigCommand,
} from '@aws-sdk/client-config-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Estate } from '../../src/demo/estate/schema.js';
import { startFakeAws, type FakeAws } from '../../src/demo/fakes/server.js';
import { configClient, configEstate, TEST_ACCOUNT } from '../collectors/aws-config/harness.js';

const NOW = new Date('2026-03-15T12:00:00.000Z');

const ESTATE = `regions:
  eu-west-1:
    recorder: {}
    rules:
      - { name: r1, identifier: S3_BUCKET_VERSIONING_ENABLED, evaluations: [{ resource_type: "AWS::S3::Bucket", resource_id: bk1, compliance: COMPLIANT }] }
      - { name: r2, identifier: S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED }
      - { name: r3, identifier: IAM_PASSWORD_POLICY }
`;

const S3 = `buckets:
  - { name: bk1, region: eu-west-1, created: -10d }
  - { name: bk2, region: us-east-1, created: -10d }
`;

/** The AWS Config fake at protocol level: AWS JSON 1.1 envelopes, errors the SDK understands, region from SigV4. */
describe('AWS Config fake', () => {
  let estate: Estate;
  let fake: FakeAws;

  beforeAll(async () => {
    estate = configEstate(ESTATE, S3);
    fake = await startFakeAws({ estate, now: NOW, pageSize: 2 });
  });
  afterAll(() => fake.close());

  it('answers by the region of the SigV4 scope: a region the estate does not mention has no rules', async () => {
    const west = configClient(estate, fake, TEST_ACCOUNT, 'eu-west-1');
    const east = configClient(estate, fake, TEST_ACCOUNT, 'us-east-1');
    const first = await west.send(new DescribeConfigRulesCommand({}));
    expect(first.ConfigRules?.map((r) => r.ConfigRuleName)).toEqual(['r1', 'r2']);
    expect(first.ConfigRules?.[0]?.ConfigRuleArn).toMatch(/^arn:aws:config:eu-west-1:333333333333:config-rule\/config-rule-[0-9a-f]{6}$/);
    const second = await west.send(new DescribeConfigRulesCommand({ NextToken: first.NextToken }));
    expect(second.ConfigRules?.map((r) => r.ConfigRuleName)).toEqual(['r3']);
    expect(second.NextToken).toBeUndefined();
    expect((await east.send(new DescribeConfigRulesCommand({}))).ConfigRules).toEqual([]);
    west.destroy();
    east.destroy();
  });

  it('errors are modelled exceptions with AWS codes and 400s', async () => {
    const client = configClient(estate, fake, TEST_ACCOUNT, 'eu-west-1', 1);
    const codeOf = (p: Promise<unknown>) => p.then(() => 'no error', (e: { name: string; $metadata?: { httpStatusCode?: number } }) => `${e.name} ${e.$metadata?.httpStatusCode}`);
    expect(await codeOf(client.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: 'nope' })))).toBe('NoSuchConfigRuleException 400');
    expect(await codeOf(client.send(new DescribeConfigRulesCommand({ NextToken: 'forged' })))).toBe('InvalidNextTokenException 400');
    expect(await codeOf(client.send(new DescribeConformancePacksCommand({ Limit: 50 })))).toBe('InvalidLimitException 400');
    expect(
      await codeOf(client.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: 'r1', ComplianceTypes: ['INSUFFICIENT_DATA'] }))),
    ).toBe('InvalidParameterValueException 400');
    expect(await codeOf(client.send(new SelectResourceConfigCommand({ Expression: 'SELECT * WHERE 1=1' })))).toBe('InvalidExpressionException 400');
    client.destroy();
  });

  it('answers only the documented advanced-query shape, with JSON-string rows of the selected fields', async () => {
    const client = configClient(estate, fake, TEST_ACCOUNT);
    const out = await client.send(new SelectResourceConfigCommand({ Expression: "SELECT resourceId, awsRegion WHERE resourceType = 'AWS::S3::Bucket'" }));
    // Only the account's buckets in the region the request is signed for (bk2 is in us-east-1).
    expect(out.Results?.map((r) => JSON.parse(r) as unknown)).toEqual([{ resourceId: 'bk1', awsRegion: 'eu-west-1' }]);
    expect(out.QueryInfo?.SelectFields).toEqual([{ Name: 'resourceId' }, { Name: 'awsRegion' }]);
    client.destroy();
  });

  it('rejects unknown credentials and requests without the JSON target header', async () => {
    const stranger = configClient(estate, fake, TEST_ACCOUNT);
    stranger.config.credentials = async () => ({ accessKeyId: 'AKIAUNKNOWNKEY000001', secretAccessKey: 'x'.repeat(40) });
    await expect(stranger.send(new DescribeConfigRulesCommand({}))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
    stranger.destroy();
    const raw = await fetch(fake.endpoints.config, { method: 'POST', body: '{}', headers: { 'content-type': 'application/x-amz-json-1.1' } });
    expect(raw.status).toBe(400);
    expect(raw.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(((await raw.json()) as { __type: string }).__type).toBe('UnknownOperationException');
  });

  it('records each request with its operation and account', () => {
    expect(fake.requests.filter((r) => r.service === 'config').map((r) => r.action)).toContain('DescribeConfigRules');
    expect(fake.requests.find((r) => r.service === 'config')?.accountId).toBe(TEST_ACCOUNT);
  });
});
