import { NO_OTHER_OBSERVATIONS, type ObservationLookup } from '../../../src/model/observation-types.js';
import { describe, expect, it } from 'vitest';
import { conformancePacksCompliant } from '../../../checks/aws-config/conformance-packs-compliant.js';
import { deliveryChannelExists } from '../../../checks/aws-config/delivery-channel-exists.js';
import { deliveryChannelHealthy } from '../../../checks/aws-config/delivery-channel-healthy.js';
import { recorderEnabledAllRegions } from '../../../checks/aws-config/recorder-enabled-all-regions.js';
import { rulesCompliant } from '../../../checks/aws-config/rules-compliant.js';
import type {
  ConfigRegionAttributes,
  ConformancePackAttributes,
  RuleEvaluationAttributes,
} from '../../../collectors/aws-config/observations.js';
import type { Observation } from '../../../src/model/observation.js';

const ctx = { now: new Date('2026-03-15T12:00:00Z'), params: {} as Record<string, never>, observations: NO_OTHER_OBSERVATIONS };
const obs = <A>(type: string, attributes: A): Observation<A> => ({ type, id: 'id', scope: 'aws:111111111111:eu-west-1', attributes, source: [] });
const denied = { $unknown: 'config:DescribeConfigurationRecorders denied: AccessDeniedException' };

const RECORDER = {
  name: 'default',
  allSupported: true,
  includeGlobalResourceTypes: true,
  resourceTypes: [],
  excludedResourceTypes: [],
  recordingStrategy: 'ALL_SUPPORTED_RESOURCE_TYPES',
  recordingFrequency: 'CONTINUOUS',
};
const STATUS = { name: 'default', recording: true, lastStatus: 'SUCCESS', lastErrorCode: null };
const CHANNEL = { name: 'default', s3BucketName: 'config-bucket', s3KeyPrefix: null, snsTopicArn: null, snapshotDeliveryFrequency: 'TwentyFour_Hours' };
const OK = { lastStatus: 'SUCCESS', lastErrorCode: null };
const CHANNEL_STATUS = { name: 'default', configHistory: OK, configSnapshot: OK };
const NOT_SET_UP = 'AWS Config is not set up in eu-west-1: no configuration recorder and no delivery channel';

function region(over: Partial<ConfigRegionAttributes> = {}) {
  return obs<ConfigRegionAttributes>('aws.config.region', {
    accountId: '111111111111',
    region: 'eu-west-1',
    recorders: [RECORDER],
    recorderStatuses: [STATUS],
    deliveryChannels: [CHANNEL],
    deliveryChannelStatuses: [CHANNEL_STATUS],
    ...over,
  });
}

describe('config.recorder_enabled_all_regions', () => {
  const run = (over: Partial<ConfigRegionAttributes>) => recorderEnabledAllRegions.evaluate(region(over), ctx);
  it('passes a recording, all-types recorder', () => {
    expect(run({})).toEqual({ status: 'pass', reason: 'recorder default is recording all supported resource types in eu-west-1 (including global resource types)' });
  });
  it('fails a region with no recorder (a real fail, not an error); with no channel either, says Config is not set up', () => {
    expect(run({ recorders: [], recorderStatuses: [] })).toEqual({ status: 'fail', reason: 'no AWS Config configuration recorder in eu-west-1' });
    expect(run({ recorders: [], recorderStatuses: [], deliveryChannels: [], deliveryChannelStatuses: [] })).toEqual({ status: 'fail', reason: NOT_SET_UP });
  });
  it('fails a stopped recorder, a selective one, an excluding one and a failing one', () => {
    expect(run({ recorderStatuses: [{ ...STATUS, recording: false }] }).reason).toBe('recorder default is not recording in eu-west-1');
    expect(run({ recorders: [{ ...RECORDER, allSupported: false, resourceTypes: ['AWS::S3::Bucket'] }] })).toMatchObject({
      status: 'fail',
      reason: 'recorder default records only 1 selected resource type(s), not all supported types in eu-west-1',
    });
    expect(run({ recorders: [{ ...RECORDER, excludedResourceTypes: ['AWS::EC2::Instance'] }] }).status).toBe('fail');
    expect(run({ recorderStatuses: [{ ...STATUS, lastStatus: 'FAILURE', lastErrorCode: 'AccessDenied' }] }).reason).toBe(
      "recorder default's last recording attempt failed (AccessDenied) in eu-west-1",
    );
  });
  it('errors, never passes, when the recorders or their status are Unknown', () => {
    expect(run({ recorders: denied })).toEqual({ status: 'error', reason: `configuration recorders could not be collected: ${denied.$unknown}` });
    expect(run({ recorderStatuses: denied }).status).toBe('error');
  });
  it('does not need the delivery channel', () => {
    expect(run({ deliveryChannels: denied }).status).toBe('pass');
  });
});

describe('config.delivery_channel_healthy', () => {
  const run = (over: Partial<ConfigRegionAttributes>) => deliveryChannelHealthy.evaluate(region(over), ctx);
  it('passes a channel whose last deliveries did not fail', () => {
    expect(run({})).toEqual({ status: 'pass', reason: 'delivery channel default → s3://config-bucket: last history and snapshot deliveries did not fail' });
    expect(run({ deliveryChannelStatuses: [{ ...CHANNEL_STATUS, configSnapshot: { lastStatus: 'NOT_APPLICABLE', lastErrorCode: null } }] }).status).toBe('pass');
  });
  it('fails a failed history or snapshot delivery, naming the error code', () => {
    expect(run({ deliveryChannelStatuses: [{ ...CHANNEL_STATUS, configHistory: { lastStatus: 'FAILURE', lastErrorCode: 'NoSuchBucket' } }] })).toEqual({
      status: 'fail',
      reason: 'last configuration history delivery by default failed (NoSuchBucket)',
    });
    expect(run({ deliveryChannelStatuses: [{ ...CHANNEL_STATUS, configSnapshot: { lastStatus: 'FAILURE', lastErrorCode: null } }] }).reason).toBe(
      'last configuration snapshot delivery by default failed',
    );
  });
  it('fails a region without a channel, with or without a recorder (neither: Config is not set up — a fail, not n/a)', () => {
    expect(run({ deliveryChannels: [], deliveryChannelStatuses: [] })).toEqual({ status: 'fail', reason: 'no AWS Config delivery channel in eu-west-1' });
    expect(run({ recorders: [], recorderStatuses: [], deliveryChannels: [], deliveryChannelStatuses: [] })).toEqual({ status: 'fail', reason: NOT_SET_UP });
    expect(run({ recorders: denied, deliveryChannels: [] })).toEqual({ status: 'fail', reason: 'no AWS Config delivery channel in eu-west-1' });
  });
  it('errors on Unknown channels or status', () => {
    expect(run({ deliveryChannels: denied }).status).toBe('error');
    expect(run({ deliveryChannelStatuses: denied }).status).toBe('error');
  });
});

describe('config.delivery_channel_exists', () => {
  const bucketIn = (account: string): ObservationLookup => ({
    get: (type, id) => (type === 'aws.s3.bucket' && id === 'arn:aws:s3:::config-bucket' ? ({ type, id, scope: `aws:${account}`, attributes: {}, source: [] } as never) : undefined),
  });
  const run = (over: Partial<ConfigRegionAttributes>, observations: ObservationLookup = NO_OTHER_OBSERVATIONS) => deliveryChannelExists.evaluate(region(over), { ...ctx, observations });
  it('passes a channel to a bucket of this account', () => {
    expect(run({}, bucketIn('111111111111'))).toEqual({ status: 'pass', reason: 'AWS Config delivery channel in eu-west-1: default → s3://config-bucket (in this account)' });
  });
  it('notes, never fails, a target bucket in another account or one the run did not observe', () => {
    expect(run({}, bucketIn('999999999999'))).toEqual({
      status: 'pass',
      reason: 'AWS Config delivery channel in eu-west-1: default → s3://config-bucket (cross-account, in account 999999999999: noted, not failed)',
    });
    expect(run({})).toEqual({
      status: 'pass',
      reason: 'AWS Config delivery channel in eu-west-1: default → s3://config-bucket (not among the buckets this run observed (another account, e.g. a log archive, or S3 not collected): noted, not judged)',
    });
  });
  it('fails a region without a channel: with a recorder, and with neither (not set up)', () => {
    expect(run({ deliveryChannels: [], deliveryChannelStatuses: [] })).toEqual({ status: 'fail', reason: 'no AWS Config delivery channel in eu-west-1 although a configuration recorder exists' });
    expect(run({ recorders: [], recorderStatuses: [], deliveryChannels: [], deliveryChannelStatuses: [] })).toEqual({ status: 'fail', reason: NOT_SET_UP });
    expect(run({ recorders: denied, deliveryChannels: [] })).toEqual({ status: 'fail', reason: 'no AWS Config delivery channel in eu-west-1' });
    expect(run({ deliveryChannels: [{ ...CHANNEL, s3BucketName: null }] })).toEqual({ status: 'fail', reason: 'AWS Config delivery channel default in eu-west-1 names no S3 bucket' });
  });
  it('errors on Unknown channels; does not need their status', () => {
    expect(run({ deliveryChannels: denied })).toEqual({ status: 'error', reason: `delivery channels could not be collected: ${denied.$unknown}` });
    expect(run({ deliveryChannelStatuses: denied }).status).toBe('pass');
  });
});

describe('config.rules_compliant', () => {
  const evaluation = (over: Partial<RuleEvaluationAttributes>) =>
    rulesCompliant.evaluate(
      obs<RuleEvaluationAttributes>('aws.config.rule_evaluation', {
        ruleName: 's3-bucket-versioning-enabled',
        ruleArn: 'arn:aws:config:eu-west-1:111111111111:config-rule/config-rule-1',
        managedRuleIdentifier: 'S3_BUCKET_VERSIONING_ENABLED',
        resourceType: 'AWS::S3::Bucket',
        resourceId: 'b1',
        resourceArn: 'arn:aws:s3:::b1',
        complianceType: 'COMPLIANT',
        annotation: null,
        ...over,
      }),
      ctx,
    );
  it('maps each compliance type, never passing what was not evaluated', () => {
    expect(evaluation({})).toEqual({ status: 'pass', reason: 'AWS Config rule s3-bucket-versioning-enabled (S3_BUCKET_VERSIONING_ENABLED) finds AWS::S3::Bucket b1 COMPLIANT' });
    expect(evaluation({ complianceType: 'NON_COMPLIANT', annotation: 'Versioning is off.' })).toEqual({
      status: 'fail',
      reason: 'AWS Config rule s3-bucket-versioning-enabled (S3_BUCKET_VERSIONING_ENABLED) finds AWS::S3::Bucket b1 NON_COMPLIANT: Versioning is off.',
    });
    expect(evaluation({ complianceType: 'NOT_APPLICABLE' }).status).toBe('not_applicable');
    expect(evaluation({ complianceType: 'INSUFFICIENT_DATA', resourceType: null, resourceId: null, resourceArn: null })).toEqual({
      status: 'error',
      reason: 'not evaluated by AWS Config: rule s3-bucket-versioning-enabled (S3_BUCKET_VERSIONING_ENABLED) has no evaluation results',
    });
  });
  it('names custom rules without a managed identifier', () => {
    expect(evaluation({ managedRuleIdentifier: null, complianceType: 'NON_COMPLIANT' }).reason).toBe(
      'AWS Config rule s3-bucket-versioning-enabled finds AWS::S3::Bucket b1 NON_COMPLIANT',
    );
  });
});

describe('config.conformance_packs_compliant', () => {
  const pack = (rules: ConformancePackAttributes['rules'], compliance: ConformancePackAttributes['compliance'], nonCompliantRules: ConformancePackAttributes['nonCompliantRules']) =>
    conformancePacksCompliant.evaluate(obs<ConformancePackAttributes>('aws.config.conformance_pack', { name: 'p', arn: 'arn:p', rules, compliance, nonCompliantRules }), ctx);
  it('passes an all-compliant pack and fails one with NON_COMPLIANT rules, naming them', () => {
    expect(pack([{ ruleName: 'a', complianceType: 'COMPLIANT' }], 'COMPLIANT', [])).toEqual({ status: 'pass', reason: 'conformance pack p: all 1 rules COMPLIANT' });
    expect(
      pack(
        [
          { ruleName: 'a', complianceType: 'NON_COMPLIANT' },
          { ruleName: 'b', complianceType: 'COMPLIANT' },
        ],
        'NON_COMPLIANT',
        ['a'],
      ),
    ).toEqual({ status: 'fail', reason: 'conformance pack p: 1 of 2 rules NON_COMPLIANT: a' });
  });
  it('errors on rules without data and on Unknown compliance', () => {
    expect(pack([{ ruleName: 'a', complianceType: 'INSUFFICIENT_DATA' }], 'INSUFFICIENT_DATA', [])).toEqual({
      status: 'error',
      reason: 'not evaluated by AWS Config: conformance pack p rules without data: a',
    });
    expect(pack([], 'INSUFFICIENT_DATA', []).status).toBe('error');
    expect(pack(denied, denied, denied)).toEqual({ status: 'error', reason: `conformance pack compliance could not be collected: ${denied.$unknown}` });
  });
});
