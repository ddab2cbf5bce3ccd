import { GetBucketVersioningCommand, type S3Client } from '@aws-sdk/client-s3';
import { call } from '../../src/sdk/aws-call.js';
import type { VersioningValue } from './observations.js';

/** GetBucketVersioning. A bucket that never had versioning answers an empty configuration (status `null`). */

export const OPERATION = 's3:GetBucketVersioning';

export async function getVersioning(client: S3Client, bucket: string): Promise<VersioningValue> {
  const out = await call(OPERATION, () => client.send(new GetBucketVersioningCommand({ Bucket: bucket })));
  const status = out.Status === 'Enabled' || out.Status === 'Suspended' ? out.Status : null;
  const mfaDelete = out.MFADelete === 'Enabled' || out.MFADelete === 'Disabled' ? out.MFADelete : null;
  return { status, mfaDelete };
}
