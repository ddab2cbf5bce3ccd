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

/** The roles a configuration makes controlwatch assume: each account's `assumeRole`, and the organisation's role name. */
export interface ControllerRoles {
  /** `aws.accounts[].assumeRole.roleArn`, exactly. */
  readonly roleArns: readonly string[];
  /** `aws.organizations.roleName` (assumed in every discovered account); null → no discovery. */
  readonly organizationRoleName: string | null;
}

/**
 * For the identity controlwatch runs as: sts:AssumeRole on exactly the roles the configuration names (the
 * organisation's role name in any account, when discovery is on) and organizations:ListAccounts only for
 * discovery. Null when the configuration assumes no role: the identity then needs no controller policy.
 */
export function controllerPolicy(roles: ControllerRoles) {
  const resources = [...(roles.organizationRoleName !== null ? [`arn:aws:iam::*:role/${roles.organizationRoleName}`] : []), ...new Set(roles.roleArns)];
  if (resources.length === 0) return null;
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AssumeControlwatchRole', Effect: 'Allow', Action: [CONTROLLER_ACTIONS.assumeRole], Resource: resources.length === 1 ? resources[0]! : resources },
      ...(roles.organizationRoleName !== null ? [{ Sid: 'DiscoverAccounts', Effect: 'Allow', Action: [CONTROLLER_ACTIONS.listAccounts], Resource: '*' }] : []),
    ],
  };
}

/** AWS's documentation account id, printed in examples: never a real controller account. */
export const EXAMPLE_ACCOUNT_ID = '123456789012';

/** An external id someone left as written in an example (`<your external id>`): angle brackets never belong in one. */
export function isPlaceholder(value: string): boolean {
  return /[<>]/.test(value);
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
