import { GetBucketEncryptionCommand, type S3Client } from '@aws-sdk/client-s3';
import { CallFailedError } from '../../src/sdk/aws-call.js';
import { readSetting } from './read.js';
import type { DefaultEncryptionValue } from './observations.js';

/** GetBucketEncryption: the default encryption rule. No configuration at all answers a 404 (`null`). */

export const OPERATION = 's3:GetBucketEncryption';

export async function getDefaultEncryption(client: S3Client, bucket: string): Promise<DefaultEncryptionValue | null> {
  const out = await readSetting(OPERATION, () => client.send(new GetBucketEncryptionCommand({ Bucket: bucket })), ['ServerSideEncryptionConfigurationNotFoundError']);
  if (out === null) return null;
  // S3 allows one rule; the first with a default algorithm is the one that applies.
  const rule = (out.ServerSideEncryptionConfiguration?.Rules ?? []).find((r) => r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm !== undefined);
  if (rule === undefined) return null;
  const byDefault = rule.ApplyServerSideEncryptionByDefault!;
  if (typeof byDefault.SSEAlgorithm !== 'string') throw new CallFailedError(OPERATION, `${OPERATION} returned a malformed response`, 'NoAlgorithm', undefined);
  return { algorithm: byDefault.SSEAlgorithm, kmsKeyId: byDefault.KMSMasterKeyID ?? null, bucketKeyEnabled: rule.BucketKeyEnabled ?? false };
}
