import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConformancePackAttributes, RuleEvaluationAttributes } from '../../../collectors/aws-config/observations.js';
import type { Estate } from '../../../src/demo/estate/schema.js';
import { startFakeAws, type FakeAws } from '../../../src/demo/fakes/server.js';
import { collect, configEstate, configFor, ids, NOW, TEST_ACCOUNT, validate } from './harness.js';

/** 7 rules × 5 evaluations and 3 packs, served 2 items a page: every listing takes several pages. */
function pagedEstate(): Estate {
  const rules = Array.from({ length: 7 }, (_, r) => {
    const evaluations = Array.from(
      { length: 5 },
      (_, e) => `          - { resource_type: "AWS::S3::Bucket", resource_id: bucket-${r}-${e}, compliance: ${e === 4 && r % 2 === 0 ? 'NON_COMPLIANT' : 'COMPLIANT'} }`,
    );
    return [`      - name: rule-${r}`, `        identifier: S3_BUCKET_VERSIONING_ENABLED`, `        evaluations:`, ...evaluations].join('\n');
  });
  const packs = ['[rule-0, rule-1]', '[rule-2, rule-3, rule-4]', '[rule-5, rule-6]'].map((list, i) => `      - { name: pack-${i}, rules: ${list} }`);
  return configEstate(['regions:', '  eu-west-1:', '    recorder: {}', '    rules:', ...rules, '    conformance_packs:', ...packs].join('\n'));
}

describe('aws-config collector: pagination', () => {
  let estate: Estate;
  let fake: FakeAws;

  beforeAll(async () => {
    estate = pagedEstate();
    fake = await startFakeAws({ estate, now: NOW, pageSize: 2 });
  });
  afterAll(() => fake.close());

  it('follows NextToken through every page of rules, compliance, evaluations and packs', async () => {
    const { output, stats } = await collect(configFor(estate, fake, TEST_ACCOUNT));
    validate(output);
    expect(output.gaps).toEqual([]);
    expect(ids(output, 'aws.config.rule')).toHaveLength(7);
    const evaluations = output.observations.filter((o) => o.type === 'aws.config.rule_evaluation');
    expect(evaluations).toHaveLength(35);
    expect(evaluations.filter((o) => (o.attributes as RuleEvaluationAttributes).complianceType === 'NON_COMPLIANT')).toHaveLength(4);
    expect(new Set(evaluations.map((o) => o.id)).size).toBe(35);
    const packs = output.observations.filter((o) => o.type === 'aws.config.conformance_pack');
    expect(packs.map((p) => (p.attributes as ConformancePackAttributes).compliance)).toEqual(['NON_COMPLIANT', 'NON_COMPLIANT', 'NON_COMPLIANT']);
    // ceil(7/2) pages of rules, ceil(5/2) per rule, ceil(3/2) of packs; each rule's summary compliance comes from
    // its evaluations, not from DescribeComplianceByConfigRule (issue 15: one call per region fewer).
    expect(stats.byOperation['config:DescribeConfigRules']).toBe(4);
    expect(stats.byOperation['config:DescribeComplianceByConfigRule']).toBeUndefined();
    expect(stats.byOperation['config:GetComplianceDetailsByConfigRule']).toBe(7 * 3);
    expect(stats.byOperation['config:DescribeConformancePacks']).toBe(2);
    expect(stats.byOperation['config:DescribeConformancePackCompliance']).toBe(1 + 2 + 1);
  });
});
