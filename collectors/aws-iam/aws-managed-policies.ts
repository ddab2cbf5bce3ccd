import { GetPolicyCommand, GetPolicyVersionCommand, type IAMClient } from '@aws-sdk/client-iam';
import { call, CallFailedError } from '../../src/sdk/aws-call.js';
import type { SharedCache } from '../../src/model/run-cache.js';
import type { Attributed } from '../../src/sdk/call-stats.js';
import { decodePolicyDocument } from './policy-document.js';
import { GET_POLICY, GET_POLICY_VERSION } from './operations.js';

/**
 * The documents of the AWS-managed policies attached in an account (AdministratorAccess, ReadOnlyAccess, …).
 * GetAccountAuthorizationDetails names them by ARN only (its AWSManagedPolicy filter would return every
 * attached AWS-managed document, all versions, in every account's pages). AWS-managed documents are AWS's and
 * identical in every account, so each is read once per run — GetPolicy for its default version, then
 * GetPolicyVersion — by whichever account needs it first, through the run's shared cache, and decoded once.
 * Two calls per distinct policy per run, whatever the number of accounts.
 */


export interface AwsManagedDocument {
  readonly arn: string;
  readonly versionId: string;
  /** Parsed document. */
  readonly document: Record<string, unknown>;
  /** The calls that read it (made by whichever scope read it first): the observations' `source` names them. */
  readonly operations: readonly string[];
}

/** `arn:<partition>:iam::aws:policy/…`: a policy AWS owns. */
export function isAwsManagedPolicyArn(arn: string): boolean {
  return /^arn:[a-z-]+:iam::aws:policy\//.test(arn);
}

async function read(client: IAMClient, arn: string): Promise<Omit<AwsManagedDocument, 'operations'>> {
  const policy = await call(GET_POLICY, () => client.send(new GetPolicyCommand({ PolicyArn: arn })));
  const versionId = policy.Policy?.DefaultVersionId;
  if (versionId === undefined) throw new CallFailedError(GET_POLICY, `${GET_POLICY} returned no default version for ${arn}`, 'NoDefaultVersion', undefined);
  const version = await call(GET_POLICY_VERSION, () => client.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId })));
  const document = decodePolicyDocument(version.PolicyVersion?.Document);
  if (document === undefined) {
    throw new CallFailedError(GET_POLICY_VERSION, `${GET_POLICY_VERSION} returned a document for ${arn} that is not URL-encoded JSON`, 'MalformedDocument', undefined);
  }
  return { arn, versionId, document };
}

/**
 * The document of one AWS-managed policy, from the run's cache when another account already read it.
 * `attribute` counts the calls of a fresh read (they are this scope's calls); a cached answer carries the
 * operations of the read that made it.
 */
export async function awsManagedDocument(
  client: IAMClient,
  arn: string,
  cache: SharedCache,
  attribute: <T>(run: () => Promise<T>) => Promise<Attributed<T>>,
): Promise<AwsManagedDocument> {
  return cache.once(`aws-managed-policy:${arn}`, async () => {
    const { value, operations } = await attribute(() => read(client, arn));
    return { ...value, operations };
  });
}
