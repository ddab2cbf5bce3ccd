import { defineAwsCollector } from '../../src/sdk/aws-collector.js';
import { S3_OBSERVATION_TYPES } from './observations.js';
import { s3Settings } from './settings.js';

/**
 * The AWS S3 collector: one scope per configured account (scope `aws:<account>`, as for IAM). It lists the
 * buckets, finds each bucket's region and reads its settings with a client for that region, a bounded number
 * of buckets at a time. Where AWS Config records a bucket (advanced query, in the account's regions) its
 * settings come from Config's item instead, in bulk. Either way GetBucketPolicyStatus is asked only of a bucket
 * that has a policy (or whose policy could not be read): a bucket with none is "not public by policy" without it.
 * One failed read makes exactly the attribute it fills Unknown; a failed listing makes the bucket population
 * a gap. The skeleton proves the account first (bucket ARNs name no account, so nothing else could).
 * What it does with the SDK is in collect.ts, loaded when it first collects.
 */

/**
 * SDK command (qualified by client, since S3 and S3 Control both have a GetPublicAccessBlockCommand) → the IAM
 * action that authorises it. The API and IAM names differ, e.g. GetBucketEncryption needs s3:GetEncryptionConfiguration.
 */
export const S3_ACTION_BY_OPERATION: Readonly<Record<string, string>> = {
  'S3Client.ListBucketsCommand': 's3:ListAllMyBuckets',
  'S3Client.GetBucketLocationCommand': 's3:GetBucketLocation',
  'S3Client.GetPublicAccessBlockCommand': 's3:GetBucketPublicAccessBlock',
  'S3Client.GetBucketEncryptionCommand': 's3:GetEncryptionConfiguration',
  'S3Client.GetBucketVersioningCommand': 's3:GetBucketVersioning',
  'S3Client.GetBucketLoggingCommand': 's3:GetBucketLogging',
  'S3Client.GetBucketPolicyCommand': 's3:GetBucketPolicy',
  'S3Client.GetBucketPolicyStatusCommand': 's3:GetBucketPolicyStatus',
  'S3Client.GetBucketAclCommand': 's3:GetBucketAcl',
  'S3Client.GetObjectLockConfigurationCommand': 's3:GetBucketObjectLockConfiguration',
  'S3Client.GetBucketOwnershipControlsCommand': 's3:GetBucketOwnershipControls',
  'S3ControlClient.GetPublicAccessBlockCommand': 's3:GetAccountPublicAccessBlock',
  // AWS Config's advanced query (src/aws/config-advanced-query.ts) and the recorder checks that precede it.
  'ConfigServiceClient.DescribeConfigurationRecordersCommand': 'config:DescribeConfigurationRecorders',
  'ConfigServiceClient.DescribeConfigurationRecorderStatusCommand': 'config:DescribeConfigurationRecorderStatus',
  'ConfigServiceClient.SelectResourceConfigCommand': 'config:SelectResourceConfig',
};

export const awsS3Collector = defineAwsCollector({
  id: 'aws-s3',
  title: 'AWS S3: account Block Public Access and every bucket’s exposure, encryption, versioning, logging and locks',
  granularity: 'account',
  services: ['s3', 's3control', 'config'],
  actions: S3_ACTION_BY_OPERATION,
  produces: S3_OBSERVATION_TYPES,
  settings: s3Settings,
  implementation: async () => (await import('./collect.js')).IMPLEMENTATION,
});
