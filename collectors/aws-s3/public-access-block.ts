import { GetPublicAccessBlockCommand, type PublicAccessBlockConfiguration, type S3Client } from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand, type S3ControlClient } from '@aws-sdk/client-s3-control';
import { readSetting } from './read.js';
import type { PublicAccessBlockValue } from './observations.js';

/**
 * Block Public Access, bucket-level (S3 GetPublicAccessBlock) and account-level (S3 Control
 * GetPublicAccessBlock — the same command name in another client). NoSuchPublicAccessBlockConfiguration
 * means "never configured": `null`, a real answer.
 */

export const BUCKET_OPERATION = 's3:GetPublicAccessBlock';
export const ACCOUNT_OPERATION = 's3control:GetPublicAccessBlock';

const NOT_CONFIGURED = ['NoSuchPublicAccessBlockConfiguration'];

/** An absent flag is off: S3 leaves out flags that were never set. */
export function publicAccessBlock(c: PublicAccessBlockConfiguration | undefined): PublicAccessBlockValue {
  return {
    blockPublicAcls: c?.BlockPublicAcls ?? false,
    ignorePublicAcls: c?.IgnorePublicAcls ?? false,
    blockPublicPolicy: c?.BlockPublicPolicy ?? false,
    restrictPublicBuckets: c?.RestrictPublicBuckets ?? false,
  };
}

export async function getBucketPublicAccessBlock(client: S3Client, bucket: string): Promise<PublicAccessBlockValue | null> {
  const out = await readSetting(BUCKET_OPERATION, () => client.send(new GetPublicAccessBlockCommand({ Bucket: bucket })), NOT_CONFIGURED);
  return out === null ? null : publicAccessBlock(out.PublicAccessBlockConfiguration);
}

export async function getAccountPublicAccessBlock(client: S3ControlClient, accountId: string): Promise<PublicAccessBlockValue | null> {
  const out = await readSetting(ACCOUNT_OPERATION, () => client.send(new GetAccountPublicAccessBlockCommand({ AccountId: accountId })), NOT_CONFIGURED);
  return out === null ? null : publicAccessBlock(out.PublicAccessBlockConfiguration);
}
