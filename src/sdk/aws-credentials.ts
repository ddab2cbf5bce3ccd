import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { boundedRequestHandler } from './aws-bounded-handler.js';
import { memoizeIdentityProvider, isIdentityExpired, doesIdentityRequireRefresh } from '@smithy/core';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { AssumeRoleConfig, AwsAccountConfig, AwsConfig } from '../config/schema.js';

/**
 * Credentials for one account's clients: static keys, an assumed role, or (undefined) the SDK's
 * default chain.
 *
 * AssumeRole sessions are shared: the SDK memoizes credentials per client, but every collector builds
 * its own clients (and S3/Config one per region), which would each call STS. One memoized provider per
 * account and configuration keeps it to one AssumeRole per account until the session nears expiry.
 */

export type AccountCredentials = AwsCredentialIdentity | AwsCredentialIdentityProvider;

/** AssumeRole failed: the account cannot be collected at all (its collections record `error`). */
export class AssumeRoleFailedError extends Error {
  /** Read by src/sdk/aws-call.ts's classifier: a credential failure fails the whole scope. */
  readonly Code = 'AssumeRoleFailed';
  constructor(
    readonly roleArn: string,
    readonly stsCode: string,
    /** The SDK's error, kept so the classifier can find a network cause (DNS, refused) behind it. */
    cause?: unknown,
  ) {
    super(`could not assume ${roleArn}: ${stsCode}`, cause === undefined ? undefined : { cause });
    this.name = 'AssumeRoleFailed';
  }
}

/**
 * How long a failed AssumeRole is remembered: every collector and region of the account gets the same
 * failure without asking STS again (a refused role, an unreachable STS: retrying per collector only
 * multiplies the wait). Long enough for one run, short enough that the next scheduled run tries again.
 */
export const ASSUME_ROLE_FAILURE_TTL_MS = 10 * 60_000;

const sessions = new WeakMap<AwsConfig, Map<string, AwsCredentialIdentityProvider>>();

function staticIdentity(c: NonNullable<AwsConfig['credentials']>): AwsCredentialIdentity {
  return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, ...(c.sessionToken !== undefined ? { sessionToken: c.sessionToken } : {}) };
}

/** The credentials the account's own calls (and its AssumeRole) start from. */
export function baseCredentials(aws: AwsConfig, account?: AwsAccountConfig): AwsCredentialIdentity | undefined {
  const c = account?.credentials ?? aws.credentials;
  return c === undefined ? undefined : staticIdentity(c);
}

export function accountCredentials(aws: AwsConfig, account: AwsAccountConfig): AccountCredentials | undefined {
  const role = account.assumeRole;
  if (role === undefined) return baseCredentials(aws, account);
  let perAccount = sessions.get(aws);
  if (perAccount === undefined) sessions.set(aws, (perAccount = new Map()));
  const key = `${account.id}|${role.roleArn}|${role.externalId ?? ''}|${role.sessionName}`;
  let provider = perAccount.get(key);
  if (provider === undefined) {
    provider = assumeRoleProvider(aws, account, role, () => perAccount.delete(key));
    perAccount.set(key, provider);
  }
  return provider;
}

function assumeRoleProvider(aws: AwsConfig, account: AwsAccountConfig, role: AssumeRoleConfig, forget: () => void): AwsCredentialIdentityProvider {
  const sts = fromTemporaryCredentials({
    params: {
      RoleArn: role.roleArn,
      RoleSessionName: role.sessionName,
      DurationSeconds: role.durationSeconds,
      ...(role.externalId !== undefined ? { ExternalId: role.externalId } : {}),
    },
    ...(baseCredentials(aws, account) !== undefined ? { masterCredentials: baseCredentials(aws, account)! } : {}),
    clientConfig: {
      region: account.regions[0] ?? 'us-east-1',
      ...(aws.endpoints.sts !== undefined ? { endpoint: aws.endpoints.sts } : {}),
      retryMode: aws.retry.mode,
      maxAttempts: aws.retry.maxAttempts,
      // Bounded like every collector client: a slow-drip STS must not hang the scope's credentials.
      requestHandler: boundedRequestHandler(
        { requestTimeout: aws.requestTimeoutMs, connectionTimeout: Math.min(aws.requestTimeoutMs, 10_000), throwOnRequestTimeout: true },
        { deadlineMs: aws.requestTimeoutMs },
      ),
    },
  });
  let failed: { error: AssumeRoleFailedError; at: number } | undefined;
  const guarded: AwsCredentialIdentityProvider = async (props) => {
    // Tried once per run per account: a recent failure is answered again without calling STS.
    if (failed !== undefined && Date.now() - failed.at < ASSUME_ROLE_FAILURE_TTL_MS) throw failed.error;
    try {
      return await sts(props);
    } catch (error) {
      const e = error as { name?: string; Code?: string };
      failed = { error: new AssumeRoleFailedError(role.roleArn, e.Code ?? e.name ?? 'Error', error), at: Date.now() };
      // Past the TTL the provider is dropped, so a later run (or a retry after a fix) asks STS again.
      setTimeout(forget, ASSUME_ROLE_FAILURE_TTL_MS).unref();
      throw failed.error;
    }
  };
  return memoizeIdentityProvider(guarded, isIdentityExpired, doesIdentityRequireRefresh)!;
}
