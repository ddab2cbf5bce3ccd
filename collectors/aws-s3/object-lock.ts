import { GetObjectLockConfigurationCommand, type S3Client } from '@aws-sdk/client-s3';
import { readSetting } from './read.js';
import type { ObjectLockValue } from './observations.js';

/** GetObjectLockConfiguration; ObjectLockConfigurationNotFoundError = Object Lock not enabled (`null`). */

export const OPERATION = 's3:GetObjectLockConfiguration';

export async function getObjectLock(client: S3Client, bucket: string): Promise<ObjectLockValue | null> {
  const out = await readSetting(OPERATION, () => client.send(new GetObjectLockConfigurationCommand({ Bucket: bucket })), ['ObjectLockConfigurationNotFoundError']);
  const config = out?.ObjectLockConfiguration;
  if (config === undefined) return null;
  const retention = config.Rule?.DefaultRetention;
  return {
    enabled: config.ObjectLockEnabled === 'Enabled',
    defaultRetention: retention === undefined ? null : { mode: retention.Mode ?? '', days: retention.Days ?? null, years: retention.Years ?? null },
  };
}
