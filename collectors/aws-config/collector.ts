import { defineAwsCollector } from '../../src/sdk/aws-collector.js';
import { CONFIG_OBSERVATION_TYPES } from './observations.js';

/**
 * The AWS Config collector: one scope per configured account × region (Config is regional). It reads
 * Config's own set-up (recorder, delivery channel) and the verdicts of the organisation's Config rules and
 * conformance packs, so those count as evidence beside our own checks. Each API concern is isolated — one
 * failed call makes exactly what it fills Unknown (or a population gap). The skeleton proves the account
 * first; ARNs naming another account in Config's answers still fail the scope (a free consistency check on
 * what Config's endpoint answered).
 * What it does with the SDK is in collect.ts, loaded when it first collects.
 */

/** SDK command → the IAM action it needs: the least-privilege policy, and what tests hold the collector to. */
export const CONFIG_ACTION_BY_OPERATION = {
  'ConfigServiceClient.DescribeConfigurationRecordersCommand': 'config:DescribeConfigurationRecorders',
  'ConfigServiceClient.DescribeConfigurationRecorderStatusCommand': 'config:DescribeConfigurationRecorderStatus',
  'ConfigServiceClient.DescribeDeliveryChannelsCommand': 'config:DescribeDeliveryChannels',
  'ConfigServiceClient.DescribeDeliveryChannelStatusCommand': 'config:DescribeDeliveryChannelStatus',
  'ConfigServiceClient.DescribeConfigRulesCommand': 'config:DescribeConfigRules',
  'ConfigServiceClient.GetComplianceDetailsByConfigRuleCommand': 'config:GetComplianceDetailsByConfigRule',
  'ConfigServiceClient.DescribeConformancePacksCommand': 'config:DescribeConformancePacks',
  'ConfigServiceClient.DescribeConformancePackComplianceCommand': 'config:DescribeConformancePackCompliance',
} as const;

export const awsConfigCollector = defineAwsCollector({
  id: 'aws-config',
  title: 'AWS Config: recorders, delivery channels, rule and conformance-pack verdicts',
  granularity: 'region',
  services: ['config'],
  actions: CONFIG_ACTION_BY_OPERATION,
  produces: CONFIG_OBSERVATION_TYPES,
  implementation: async () => (await import('./collect.js')).IMPLEMENTATION,
});
