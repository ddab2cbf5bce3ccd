import { defineAwsCollector } from '../../src/sdk/aws-collector.js';
import { IAM_OBSERVATION_TYPES } from './observations.js';
import { GET_POLICY, GET_POLICY_VERSION, LIST_SERVER_CERTIFICATES } from './operations.js';

/**
 * The AWS IAM collector: one scope per configured account (IAM is global; its client uses the account's first
 * region). Each API concern is isolated — one failed call makes exactly the attributes it fills Unknown. The
 * skeleton has already proved the account (sts:GetCallerIdentity) and fails the scope on rejected credentials.
 * What it does with the SDK is in collect.ts, loaded when it first collects.
 */

/** SDK command → the IAM action it needs (here the names agree). */
export const IAM_ACTION_BY_OPERATION = {
  'IAMClient.GenerateCredentialReportCommand': 'iam:GenerateCredentialReport',
  'IAMClient.GetCredentialReportCommand': 'iam:GetCredentialReport',
  'IAMClient.GetAccountSummaryCommand': 'iam:GetAccountSummary',
  'IAMClient.GetAccountPasswordPolicyCommand': 'iam:GetAccountPasswordPolicy',
  'IAMClient.GetAccountAuthorizationDetailsCommand': 'iam:GetAccountAuthorizationDetails',
  'IAMClient.ListVirtualMFADevicesCommand': 'iam:ListVirtualMFADevices',
  'IAMClient.GetPolicyCommand': GET_POLICY,
  'IAMClient.GetPolicyVersionCommand': GET_POLICY_VERSION,
  'IAMClient.ListServerCertificatesCommand': LIST_SERVER_CERTIFICATES,
} as const;

export const awsIamCollector = defineAwsCollector({
  id: 'aws-iam',
  title: 'AWS IAM: root user, password policy, users, groups, roles, policies, administrative access and server certificates',
  granularity: 'account',
  services: ['iam'],
  actions: IAM_ACTION_BY_OPERATION,
  produces: IAM_OBSERVATION_TYPES,
  // The administrators allow-list is recorded with each account's privileged population (never a secret).
  settings: (aws) => ({ users: [...aws.administrators.users], groups: [...aws.administrators.groups], roles: [...aws.administrators.roles] }),
  implementation: async () => (await import('./collect.js')).IMPLEMENTATION,
});
