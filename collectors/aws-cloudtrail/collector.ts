import { defineAwsCollector } from '../../src/sdk/aws-collector.js';
import { CLOUDTRAIL_OBSERVATION_TYPES } from './observations.js';

/**
 * The AWS CloudTrail collector: one scope per configured account × region (trails are regional, and a
 * multi-region trail shows in every region as a shadow). It lists the trails that log the region, then asks
 * each one's status and event selectors. One failed call makes exactly what it fills Unknown. The skeleton
 * proves the account first and fails the scope on rejected credentials; trails naming another account still
 * fail it (a free consistency check on what CloudTrail's endpoint answered).
 * What it does with the SDK is in collect.ts, loaded when it first collects.
 */

/** SDK command → the IAM action it needs: the least-privilege policy, and what tests hold the collector to. */
export const CLOUDTRAIL_ACTION_BY_OPERATION = {
  'CloudTrailClient.DescribeTrailsCommand': 'cloudtrail:DescribeTrails',
  'CloudTrailClient.GetTrailStatusCommand': 'cloudtrail:GetTrailStatus',
  'CloudTrailClient.GetEventSelectorsCommand': 'cloudtrail:GetEventSelectors',
} as const;

export const awsCloudTrailCollector = defineAwsCollector({
  id: 'aws-cloudtrail',
  title: 'AWS CloudTrail: trails per region, their logging status, event selectors and delivery',
  granularity: 'region',
  services: ['cloudtrail'],
  actions: CLOUDTRAIL_ACTION_BY_OPERATION,
  produces: CLOUDTRAIL_OBSERVATION_TYPES,
  implementation: async () => (await import('./collect.js')).IMPLEMENTATION,
});
