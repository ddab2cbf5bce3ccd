import { GetBucketPolicyCommand, GetBucketPolicyStatusCommand, type S3Client } from '@aws-sdk/client-s3';
import { CallFailedError, type Outcome } from '../../src/sdk/aws-call.js';
import { readSetting } from './read.js';

/**
 * GetBucketPolicy (the JSON document) and GetBucketPolicyStatus (S3's own "is it public" verdict).
 * NoSuchBucketPolicy means the bucket has no policy: `null` for both.
 */

export const POLICY_OPERATION = 's3:GetBucketPolicy';
export const STATUS_OPERATION = 's3:GetBucketPolicyStatus';

const NO_POLICY = ['NoSuchBucketPolicy'];

/** A policy document's text as a JSON object, or undefined when it is not one (shared with the AWS Config path). */
export function parsePolicyDocument(text: string): Record<string, unknown> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
}

export async function getBucketPolicy(client: S3Client, bucket: string): Promise<Record<string, unknown> | null> {
  const out = await readSetting(POLICY_OPERATION, () => client.send(new GetBucketPolicyCommand({ Bucket: bucket })), NO_POLICY);
  if (out === null) return null;
  const parsed = parsePolicyDocument(out.Policy ?? '');
  if (parsed === undefined) throw new CallFailedError(POLICY_OPERATION, `${POLICY_OPERATION} returned a policy that is not a JSON object`, 'MalformedPolicy', undefined);
  return parsed;
}

/**
 * Is S3's own verdict worth a call? Not when the bucket has no policy (a known `null`): S3 would answer
 * NoSuchBucketPolicy, i.e. `null`, so the call is skipped and the answer is the same. A policy that could not be
 * read still gets the call: S3's verdict may say "public" where the document is unknown. Shared by both paths.
 */
export function policyStatusNeeded(policy: Outcome<Record<string, unknown> | null>): boolean {
  return !(policy.ok && policy.value === null);
}

export async function getPolicyIsPublic(client: S3Client, bucket: string): Promise<boolean | null> {
  const out = await readSetting(STATUS_OPERATION, () => client.send(new GetBucketPolicyStatusCommand({ Bucket: bucket })), NO_POLICY);
  if (out === null) return null;
  const isPublic = out.PolicyStatus?.IsPublic;
  if (typeof isPublic !== 'boolean') throw new CallFailedError(STATUS_OPERATION, `${STATUS_OPERATION} returned a malformed response`, 'NoIsPublic', undefined);
  return isPublic;
}
