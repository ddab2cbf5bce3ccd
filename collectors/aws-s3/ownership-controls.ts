import { GetBucketOwnershipControlsCommand, type S3Client } from '@aws-sdk/client-s3';
import { CallFailedError } from '../../src/sdk/aws-call.js';
import { readSetting } from './read.js';
import type { OwnershipValue } from './observations.js';

/** GetBucketOwnershipControls; OwnershipControlsNotFoundError = no controls, ACLs in force (`null`). */

export const OPERATION = 's3:GetBucketOwnershipControls';

/** The ObjectOwnership values S3 defines; anything else is a malformed answer (from S3 or from AWS Config). */
export const KNOWN_OWNERSHIP: ReadonlySet<string> = new Set(['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter']);

export async function getOwnershipControls(client: S3Client, bucket: string): Promise<OwnershipValue | null> {
  const out = await readSetting(OPERATION, () => client.send(new GetBucketOwnershipControlsCommand({ Bucket: bucket })), ['OwnershipControlsNotFoundError']);
  if (out === null) return null;
  const ownership = out.OwnershipControls?.Rules?.[0]?.ObjectOwnership;
  if (ownership === undefined || !KNOWN_OWNERSHIP.has(ownership)) {
    throw new CallFailedError(OPERATION, `${OPERATION} returned a malformed response`, 'UnknownObjectOwnership', undefined);
  }
  return ownership as OwnershipValue;
}
