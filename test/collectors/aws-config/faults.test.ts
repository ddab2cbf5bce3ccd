import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigRegionAttributes, ConfigRuleAttributes, ConformancePackAttributes } from '../../../collectors/aws-config/observations.js';
import type { Estate } from '../../../src/demo/estate/schema.js';
import type { FakeAws } from '../../../src/demo/fakes/server.js';
import { collect, configFor, find, ids, PROD, startDemoFake } from './harness.js';

const REGION = 'arn:aws:config:eu-west-1:111111111111:recorder';
const VERSIONING_RULE = 'arn:aws:config:eu-west-1:111111111111:config-rule/config-rule-9b1385';
const S3_PACK = 'arn:aws:config:eu-west-1:111111111111:conformance-pack/operational-best-practices-for-s3/conformance-pack-4a2dd5';

describe('aws-config collector: one failed call makes exactly what it fills Unknown', () => {
  let estate: Estate;
  let fake: FakeAws;

  beforeAll(async () => {
    ({ estate, fake } = await startDemoFake());
  });
  afterEach(() => fake.faults.clear());
  afterAll(() => fake.close());

  it('throttled beyond the retry budget: Unknown "throttled after retries"', async () => {
    fake.faults.inject({ service: 'config', operation: 'DescribeConfigurationRecorders', kind: 'Throttling' });
    const { output, stats } = await collect(configFor(estate, fake, PROD, { maxAttempts: 2 }));
    expect(stats.byOperation['config:DescribeConfigurationRecorders']).toBe(2);
    const region = find<ConfigRegionAttributes>(output, 'aws.config.region', REGION);
    expect(region.attributes.recorders).toEqual({ $unknown: 'config:DescribeConfigurationRecorders throttled after retries: ThrottlingException' });
    // The rules and their per-resource verdicts come from other calls and are unaffected.
    expect(ids(output, 'aws.config.rule_evaluation')).toHaveLength(13);
  });

  it("a rule's evaluations denied: its summary compliance is Unknown for that reason (it is derived from them), the others are known", async () => {
    fake.faults.inject({ service: 'config', operation: 'GetComplianceDetailsByConfigRule', kind: 'AccessDenied', times: 1 });
    const { output } = await collect(configFor(estate, fake, PROD));
    const rules = output.observations.filter((o) => o.type === 'aws.config.rule').map((o) => (o.attributes as ConfigRuleAttributes).compliance);
    const unknownRules = rules.filter((c) => c !== null && typeof c === 'object' && '$unknown' in c);
    expect(unknownRules).toEqual([{ $unknown: 'config:GetComplianceDetailsByConfigRule denied: AccessDeniedException' }]);
    expect(rules.length - unknownRules.length).toBe(5);
    expect(output.gaps).toMatchObject([{ type: 'aws.config.rule_evaluation' }]);
  });

  it('GetComplianceDetailsByConfigRule denied once: that rule\'s evaluations become a gap, the others are kept', async () => {
    fake.faults.inject({ service: 'config', operation: 'GetComplianceDetailsByConfigRule', kind: 'AccessDenied', times: 1 });
    const { output } = await collect(configFor(estate, fake, PROD));
    expect(output.gaps).toHaveLength(1);
    expect(output.gaps[0]).toMatchObject({ type: 'aws.config.rule_evaluation' });
    expect(output.gaps[0]!.reason).toMatch(/^rule [\w-]+: config:GetComplianceDetailsByConfigRule denied: AccessDeniedException$/);
    expect(ids(output, 'aws.config.rule_evaluation').length).toBeGreaterThan(5);
  });

  it('DescribeConfigRules denied: rules and evaluations are population gaps, never empty lists', async () => {
    fake.faults.inject({ service: 'config', operation: 'DescribeConfigRules', kind: 'AccessDenied' });
    const { output } = await collect(configFor(estate, fake, PROD));
    const reason = 'config:DescribeConfigRules denied: AccessDeniedException';
    expect(output.gaps).toEqual([
      { type: 'aws.config.rule', reason },
      { type: 'aws.config.rule_evaluation', reason },
    ]);
    expect(ids(output, 'aws.config.rule')).toEqual([]);
    expect(ids(output, 'aws.config.conformance_pack')).toHaveLength(2);
  });

  it('pack compliance denied: the pack\'s compliance is Unknown and so is pack membership of its rules', async () => {
    fake.faults.inject({ service: 'config', operation: 'DescribeConformancePackCompliance', kind: 'AccessDenied' });
    const { output } = await collect(configFor(estate, fake, PROD));
    const reason = 'config:DescribeConformancePackCompliance denied: AccessDeniedException';
    const pack = find<ConformancePackAttributes>(output, 'aws.config.conformance_pack', S3_PACK);
    expect(pack.attributes.compliance).toEqual({ $unknown: reason });
    expect(pack.attributes.nonCompliantRules).toEqual({ $unknown: reason });
    expect(find<ConfigRuleAttributes>(output, 'aws.config.rule', VERSIONING_RULE).attributes.conformancePack).toEqual({ $unknown: reason });
  });

  it('a persistent 503: Unknown with the status after the SDK retried', async () => {
    fake.faults.inject({ service: 'config', operation: 'DescribeDeliveryChannels', kind: 'ServiceUnavailable' });
    const { output, stats } = await collect(configFor(estate, fake, PROD, { maxAttempts: 2 }));
    expect(stats.byOperation['config:DescribeDeliveryChannels']).toBe(2);
    const region = find<ConfigRegionAttributes>(output, 'aws.config.region', REGION);
    expect(region.attributes.deliveryChannels).toEqual({ $unknown: 'config:DescribeDeliveryChannels failed: ServiceUnavailableException (HTTP 503)' });
  });

  it('every call failing fails the scope with the reasons', async () => {
    for (const operation of [
      'DescribeConfigurationRecorders',
      'DescribeConfigurationRecorderStatus',
      'DescribeDeliveryChannels',
      'DescribeDeliveryChannelStatus',
      'DescribeConfigRules',
      'DescribeConformancePacks',
    ]) {
      fake.faults.inject({ service: 'config', operation, kind: 'AccessDenied' });
    }
    await expect(collect(configFor(estate, fake, PROD))).rejects.toThrow(
      /every AWS Config call failed for account 111111111111 in eu-west-1: config:DescribeConfigurationRecorders denied: AccessDeniedException; /,
    );
  });
});
