import type { AwsAccountConfig, AwsConfig } from '../../src/config/schema.js';
import type { BucketSource } from './config-source.js';

/** The collector's per-account settings: where bucket settings come from, and how many buckets are read at once (`aws.s3BucketConcurrency`). */
export interface S3Settings {
  readonly source: BucketSource;
  readonly bucketConcurrency: number;
}

export function s3Settings(aws: AwsConfig, account: AwsAccountConfig): S3Settings {
  return { source: bucketSource(aws, account), bucketConcurrency: aws.s3BucketConcurrency };
}

/**
 * `auto` asks Config in the account's regions — unless S3 is sent to an overridden endpoint and Config is
 * not: Config describes AWS's buckets, and a same-named bucket on another S3 endpoint is not one of them.
 */
function bucketSource(aws: AwsConfig, account: AwsAccountConfig): BucketSource {
  if (aws.s3BucketSource === 's3-api') return { kind: 's3-api' };
  if (aws.endpoints.s3 !== undefined && aws.endpoints.config === undefined) {
    return { kind: 's3-api', why: 'aws.endpoints.s3 is overridden and aws.endpoints.config is not, so AWS Config does not describe those buckets' };
  }
  return { kind: 'auto', regions: [...account.regions] };
}
