import { describe, expect, it } from 'vitest';
import type { EvaluationResult } from '@aws-sdk/client-config-service';
import { normalizeConfig, type ConfigRawState } from '../../../collectors/aws-config/normalize.js';
import type { ConfigRuleAttributes } from '../../../collectors/aws-config/observations.js';
import type { Traced } from '../../../src/sdk/aws-call.js';

// A rule's summary compliance is derived from its evaluations as DescribeComplianceByConfigRule summarises them
// (issue 15: that call is no longer made). These pin AWS's rules: NON_COMPLIANT if any resource is, with the count
// capped at 100; COMPLIANT if some is and none is not; INSUFFICIENT_DATA otherwise; each resource counted once.

const ARN = 'arn:aws:config:eu-west-1:111111111111:config-rule/config-rule-1';
const ok = <T>(value: T, operations = ['config:GetComplianceDetailsByConfigRule']): Traced<T> => ({ ok: true, value, operations });
const evaluation = (id: string, type: string): EvaluationResult =>
  ({ EvaluationResultIdentifier: { EvaluationResultQualifier: { ConfigRuleName: 'r', ResourceType: 'AWS::S3::Bucket', ResourceId: id } }, ComplianceType: type }) as EvaluationResult;

function compliance(evaluations: Traced<EvaluationResult[]>): { compliance: ConfigRuleAttributes['compliance']; source: readonly string[] } {
  const raw: ConfigRawState = {
    accountId: '111111111111',
    region: 'eu-west-1',
    scope: 'aws:111111111111:eu-west-1',
    proof: ['sts:GetCallerIdentity'],
    recorders: ok([], ['config:DescribeConfigurationRecorders']),
    recorderStatus: ok([], ['config:DescribeConfigurationRecorderStatus']),
    channels: ok([], ['config:DescribeDeliveryChannels']),
    channelStatus: ok([], ['config:DescribeDeliveryChannelStatus']),
    rules: ok([{ ConfigRuleName: 'r', ConfigRuleArn: ARN, Source: { Owner: 'AWS', SourceIdentifier: 'X' } }], ['config:DescribeConfigRules']),
    evaluations: new Map([['r', evaluations]]),
    packs: ok([], ['config:DescribeConformancePacks']),
    packCompliance: new Map(),
  };
  const rule = normalizeConfig(raw).observations.find((o) => o.type === 'aws.config.rule')!;
  return { compliance: (rule.attributes as ConfigRuleAttributes).compliance, source: rule.source };
}

describe("aws-config: a rule's summary compliance, derived from its evaluations", () => {
  it('NON_COMPLIANT with the count of non-compliant resources, each resource once (its first-listed, latest, evaluation)', () => {
    const got = compliance(ok([evaluation('a', 'NON_COMPLIANT'), evaluation('b', 'COMPLIANT'), evaluation('c', 'NON_COMPLIANT'), evaluation('a', 'NON_COMPLIANT'), evaluation('b', 'NON_COMPLIANT')]));
    expect(got.compliance).toEqual({ type: 'NON_COMPLIANT', nonCompliantResources: 2, capExceeded: false });
    expect(got.source).toEqual(['config:DescribeConfigRules', 'config:DescribeConformancePacks', 'config:GetComplianceDetailsByConfigRule', 'sts:GetCallerIdentity']);
  });

  it('the count is capped at 100, as CappedCount, with capExceeded', () => {
    const many = Array.from({ length: 101 }, (_, i) => evaluation(`b${i}`, 'NON_COMPLIANT'));
    expect(compliance(ok(many)).compliance).toEqual({ type: 'NON_COMPLIANT', nonCompliantResources: 100, capExceeded: true });
    expect(compliance(ok(many.slice(1))).compliance).toEqual({ type: 'NON_COMPLIANT', nonCompliantResources: 100, capExceeded: false });
  });

  it('COMPLIANT when some resource complies and none does not; INSUFFICIENT_DATA when nothing (or only not-applicable) was evaluated', () => {
    expect(compliance(ok([evaluation('a', 'COMPLIANT'), evaluation('b', 'NOT_APPLICABLE')])).compliance).toEqual({ type: 'COMPLIANT', nonCompliantResources: null, capExceeded: false });
    expect(compliance(ok([evaluation('b', 'NOT_APPLICABLE')])).compliance).toEqual({ type: 'INSUFFICIENT_DATA', nonCompliantResources: null, capExceeded: false });
    expect(compliance(ok([])).compliance).toEqual({ type: 'INSUFFICIENT_DATA', nonCompliantResources: null, capExceeded: false });
  });

  it('evaluations that could not be read make it Unknown with their reason, never a verdict', () => {
    const failed: Traced<EvaluationResult[]> = { ok: false, reason: 'config:GetComplianceDetailsByConfigRule denied: AccessDeniedException', operations: ['config:GetComplianceDetailsByConfigRule'] };
    expect(compliance(failed).compliance).toEqual({ $unknown: 'config:GetComplianceDetailsByConfigRule denied: AccessDeniedException' });
  });
});
