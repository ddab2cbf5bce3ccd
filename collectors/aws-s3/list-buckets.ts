import { paginateListBuckets, type S3Client } from '@aws-sdk/client-s3';
import { call } from '../../src/sdk/aws-call.js';
import { regionOfConstraint } from './bucket-location.js';

/**
 * ListBuckets, every page (`max-buckets` / `continuation-token`): the account's bucket population, and each
 * bucket's region (BucketRegion, answered since October 2024), which spares a GetBucketLocation per bucket.
 */

export const OPERATION = 's3:ListBuckets';

export interface ListedBucket {
  readonly name: string;
  /** ISO-8601, or null when S3 left it out. */
  readonly createdAt: string | null;
  /** BucketRegion (a region code; us-east-1 spelled out, unlike GetBucketLocation's empty constraint), or null when S3 left it out. */
  readonly region: string | null;
}

/** S3's largest max-buckets: an account holds at most 10,000 buckets by default, so one page lists them all. */
export const MAX_BUCKETS_PER_PAGE = 10_000;

export async function listBuckets(client: S3Client): Promise<ListedBucket[]> {
  return call(OPERATION, async () => {
    const out: ListedBucket[] = [];
    for await (const page of paginateListBuckets({ client, pageSize: MAX_BUCKETS_PER_PAGE }, {})) {
      for (const b of page.Buckets ?? []) {
        if (b.Name !== undefined) {
          // Normalised as GetBucketLocation's answer is, so `EU` or an empty value could never slip through as a region.
          const region = b.BucketRegion === undefined || b.BucketRegion === '' ? null : regionOfConstraint(b.BucketRegion);
          out.push({ name: b.Name, createdAt: b.CreationDate?.toISOString() ?? null, region });
        }
      }
    }
    return out;
  });
}
