import type { CollectorDefinition } from '../model/collector.js';

/**
 * The AWS IAM policies controlwatch needs, derived from what the collectors declare (never written by
 * hand): a test keeps config/aws-readonly-policy.json equal to `readOnlyPolicy(...)` and checks that
 * every SDK command the code can send maps to one of its actions.
 */

/** Calls made by the engine itself, from the controller's identity (not by collectors in member accounts). */
export const CONTROLLER_ACTIONS = {
  /** Assuming the read-only role in each account (src/sdk/aws-credentials.ts). */
  assumeRole: 'sts:AssumeRole',
  /** Organization account discovery (collectors/aws-organizations/). */
  listAccounts: 'organizations:ListAccounts',
} as const;

/** A read-only action's verb: anything else in a policy is a write and fails the least-privilege test. */
export const READ_ONLY_VERB = /^(Get|List|Describe|Select|Head|GenerateCredentialReport$)/;

/** The union of the AWS collectors' declared actions (each derived from its SDK commands, src/sdk/aws-collector.ts). */
export function awsCollectorActions(collectors: readonly CollectorDefinition[]): string[] {
  const actions = collectors.filter((c) => c.provider === 'aws').flatMap((c) => c.permissions);
  return [...new Set(actions)].sort();
}

/** Attached to the role (or user) controlwatch uses in every collected account. */
export function readOnlyPolicy(collectors: readonly CollectorDefinition[]) {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'ControlwatchReadOnly', Effect: 'Allow', Action: awsCollectorActions(collectors), Resource: '*' }],
  };
}

/** For the identity controlwatch runs as, when it assumes roles and discovers the organization's accounts. */
export function controllerPolicy(roleName: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AssumeControlwatchRole', Effect: 'Allow', Action: [CONTROLLER_ACTIONS.assumeRole], Resource: `arn:aws:iam::*:role/${roleName}` },
      { Sid: 'DiscoverAccounts', Effect: 'Allow', Action: [CONTROLLER_ACTIONS.listAccounts], Resource: '*' },
    ],
  };
}

/** Trust policy of the read-only role in each account: only the controller's account, only with the external id. */
export function roleTrustPolicy(controllerAccountId: string, externalId: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${controllerAccountId}:root` },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': externalId } },
      },
    ],
  };
}
