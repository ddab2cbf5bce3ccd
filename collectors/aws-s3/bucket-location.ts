import { GetBucketLocationCommand, type S3Client } from '@aws-sdk/client-s3';
import { call } from '../../src/sdk/aws-call.js';

/**
 * GetBucketLocation: the region every other call for the bucket must be signed for. S3 reports us-east-1
 * as an empty constraint and old Ireland buckets as the legacy `EU`.
 */

export const OPERATION = 's3:GetBucketLocation';

export function regionOfConstraint(constraint: string | null | undefined): string {
  if (constraint === undefined || constraint === null || constraint === '') return 'us-east-1';
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}

export async function getBucketRegion(client: S3Client, bucket: string): Promise<string> {
  const out = await call(OPERATION, () => client.send(new GetBucketLocationCommand({ Bucket: bucket })));
  return regionOfConstraint(out.LocationConstraint);
}
