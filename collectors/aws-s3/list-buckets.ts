import { paginateListBuckets, type S3Client } from '@aws-sdk/client-s3';
import { call } from '../../src/sdk/aws-call.js';

/** ListBuckets, every page (`max-buckets` / `continuation-token`): the account's bucket population. */

export const OPERATION = 's3:ListBuckets';

export interface ListedBucket {
  readonly name: string;
  /** ISO-8601, or null when S3 left it out. */
  readonly createdAt: string | null;
}

export async function listBuckets(client: S3Client): Promise<ListedBucket[]> {
  return call(OPERATION, async () => {
    const out: ListedBucket[] = [];
    for await (const page of paginateListBuckets({ client, pageSize: 1000 }, {})) {
      for (const b of page.Buckets ?? []) {
        if (b.Name !== undefined) out.push({ name: b.Name, createdAt: b.CreationDate?.toISOString() ?? null });
      }
    }
    return out;
  });
}
