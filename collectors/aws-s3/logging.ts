import { GetBucketLoggingCommand, type S3Client } from '@aws-sdk/client-s3';
import { call } from '../../src/sdk/aws-call.js';
import type { LoggingValue } from './observations.js';

/** GetBucketLogging: server access logging; no LoggingEnabled element means logging is off (`null`). */

export const OPERATION = 's3:GetBucketLogging';

export async function getLogging(client: S3Client, bucket: string): Promise<LoggingValue | null> {
  const out = await call(OPERATION, () => client.send(new GetBucketLoggingCommand({ Bucket: bucket })));
  const target = out.LoggingEnabled?.TargetBucket;
  return target === undefined || target === '' ? null : { targetBucket: target, targetPrefix: out.LoggingEnabled?.TargetPrefix ?? '' };
}
