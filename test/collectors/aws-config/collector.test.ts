import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsConfigCollector } from '../../../collectors/aws-config/collector.js';
import type {
  ConfigRegionAttributes,
  ConfigRuleAttributes,
  ConformancePackAttributes,
  RuleEvaluationAttributes,
} from '../../../collectors/aws-config/observations.js';
import type { Estate } from '../../../src/demo/estate/schema.js';
import { startFakeAws, type FakeAws } from '../../../src/demo/fakes/server.js';
import { collect, configFor, find, ids, NOW, PROD, SANDBOX, startDemoFake, validate } from './harness.js';

const PROD_REGION = 'arn:aws:config:eu-west-1:111111111111:recorder';
const VERSIONING_RULE = 'arn:aws:config:eu-west-1:111111111111:config-rule/config-rule-9b1385';
const S3_PACK = 'arn:aws:config:eu-west-1:111111111111:conformance-pack/operational-best-practices-for-s3/conformance-pack-4a2dd5';

describe('aws-config collector against the demo estate', () => {
  let estate: Estate;
  let fake: FakeAws;

  beforeAll(async () => {
    ({ estate, fake } = await startDemoFake());
  });
  afterAll(() => fake.close());

  it('one target per account × region, scoped aws:<account>:<region>, with credentials hidden behind a function', () => {
    const targets = awsConfigCollector.targets(configFor(estate, fake, SANDBOX, { regions: ['eu-west-1', 'us-east-1'] }).aws!);
    expect(targets.map((t) => t.scope)).toEqual(['aws:222222222222:eu-west-1', 'aws:222222222222:us-east-1']);
    expect(JSON.stringify(targets)).not.toContain('secret');
  });

  it('collects the region set-up, every rule, every evaluation and the packs', async () => {
    const { output, stats } = await collect(configFor(estate, fake, PROD));
    validate(output);
    expect(output.gaps).toEqual([]);

    const region = find<ConfigRegionAttributes>(output, 'aws.config.region', PROD_REGION);
    expect(region.scope).toBe('aws:111111111111:eu-west-1');
    expect(region.attributes.recorders).toEqual([
      {
        name: 'default',
        allSupported: true,
        includeGlobalResourceTypes: true,
        resourceTypes: [],
        excludedResourceTypes: [],
        recordingStrategy: 'ALL_SUPPORTED_RESOURCE_TYPES',
        recordingFrequency: 'CONTINUOUS',
      },
    ]);
    expect(region.attributes.recorderStatuses).toEqual([{ name: 'default', recording: true, lastStatus: 'SUCCESS', lastErrorCode: null }]);
    expect(region.attributes.deliveryChannels).toEqual([
      {
        name: 'default',
        s3BucketName: 'prod-config-history',
        s3KeyPrefix: null,
        snsTopicArn: 'arn:aws:sns:eu-west-1:111111111111:config-events',
        snapshotDeliveryFrequency: 'TwentyFour_Hours',
      },
    ]);
    expect(region.attributes.deliveryChannelStatuses).toEqual([
      { name: 'default', configHistory: { lastStatus: 'SUCCESS', lastErrorCode: null }, configSnapshot: { lastStatus: 'SUCCESS', lastErrorCode: null } },
    ]);

    expect(ids(output, 'aws.config.rule')).toHaveLength(6);
    const rule = find<ConfigRuleAttributes>(output, 'aws.config.rule', VERSIONING_RULE);
    expect(rule.attributes).toEqual({
      name: 's3-bucket-versioning-enabled',
      arn: VERSIONING_RULE,
      state: 'ACTIVE',
      sourceOwner: 'AWS',
      sourceIdentifier: 'S3_BUCKET_VERSIONING_ENABLED',
      managedRuleIdentifier: 'S3_BUCKET_VERSIONING_ENABLED',
      createdBy: 'config-conforms.amazonaws.com',
      conformancePack: 'operational-best-practices-for-s3',
      compliance: { type: 'NON_COMPLIANT', nonCompliantResources: 1, capExceeded: false },
    });

    const evaluation = find<RuleEvaluationAttributes>(output, 'aws.config.rule_evaluation', `${VERSIONING_RULE}/AWS::S3::Bucket/prod-tmp-scratch`);
    expect(evaluation.attributes).toEqual({
      ruleName: 's3-bucket-versioning-enabled',
      ruleArn: VERSIONING_RULE,
      managedRuleIdentifier: 'S3_BUCKET_VERSIONING_ENABLED',
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'prod-tmp-scratch',
      resourceArn: 'arn:aws:s3:::prod-tmp-scratch',
      complianceType: 'NON_COMPLIANT',
      annotation: 'Bucket versioning is not enabled.',
    });
    expect(evaluation.source).toEqual(['config:DescribeConfigRules', 'config:GetComplianceDetailsByConfigRule', 'sts:GetCallerIdentity']);
    // 4 + 3 + 3 + 1 + 1 evaluated resources (one of them the stale encryption verdict), plus the rule that evaluated nothing.
    expect(ids(output, 'aws.config.rule_evaluation')).toHaveLength(13);
    const account = output.observations.find((o) => o.id.endsWith('/AWS::::Account/111111111111'));
    expect((account?.attributes as RuleEvaluationAttributes).resourceArn).toBe('arn:aws:iam::111111111111:root');
    const notEvaluated = output.observations.filter((o) => o.id.endsWith('/not-evaluated'));
    expect(notEvaluated.map((o) => (o.attributes as RuleEvaluationAttributes).ruleName)).toEqual(['ec2-ebs-encryption-by-default']);

    const pack = find<ConformancePackAttributes>(output, 'aws.config.conformance_pack', S3_PACK);
    expect(pack.attributes.compliance).toBe('NON_COMPLIANT');
    expect(pack.attributes.nonCompliantRules).toEqual(['s3-bucket-level-public-access-prohibited', 's3-bucket-versioning-enabled']);
    expect(ids(output, 'aws.config.conformance_pack')).toHaveLength(2);

    // One call per listing, one per rule and one per pack: no call is repeated.
    expect(stats.byOperation['config:GetComplianceDetailsByConfigRule']).toBe(6);
    expect(stats.byOperation['config:DescribeConformancePackCompliance']).toBe(2);
    expect(stats.throttles).toBe(0);
  });

  it('a region with no recorder is a real answer (empty lists), not an Unknown', async () => {
    const { output } = await collect(configFor(estate, fake, SANDBOX, { regions: ['eu-west-1', 'us-east-1'] }), 'us-east-1');
    validate(output);
    const region = find<ConfigRegionAttributes>(output, 'aws.config.region', 'arn:aws:config:us-east-1:222222222222:recorder');
    expect(region.attributes.recorders).toEqual([]);
    expect(region.attributes.recorderStatuses).toEqual([]);
    expect(region.attributes.deliveryChannels).toEqual([]);
    expect(output.observations).toHaveLength(1);
    expect(output.gaps).toEqual([]);
  });

  it('keeps moving timestamps out: a collection a day later over the same estate is identical', async () => {
    const later = await startFakeAws({ estate, now: new Date(NOW.getTime() + 86_400_000 + 3_723_000) });
    try {
      const today = await collect(configFor(estate, fake, PROD));
      const tomorrow = await collect(configFor(estate, later, PROD));
      expect(tomorrow.output).toEqual(today.output);
      expect(JSON.stringify(today.output)).not.toMatch(/Time|\d{4}-\d\d-\d\dT/);
    } finally {
      await later.close();
    }
  });

  it('refuses a scope whose credentials answer for another account', async () => {
    const config = configFor(estate, fake, PROD);
    const target = { ...awsConfigCollector.targets(config.aws!)[0]!, accountId: '444444444444', scope: 'aws:444444444444:eu-west-1' };
    const { testContext } = await import('../aws-iam/harness.js');
    await expect(awsConfigCollector.collect(target, testContext().ctx)).rejects.toThrow(/belong to account 111111111111/);
  });
});
