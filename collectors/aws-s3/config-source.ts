import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import type { Logger } from 'pino';
import { selectS3BucketConfigurations, type ConfigS3Bucket } from '../../src/aws/config-advanced-query.js';
import { recorderReads, type RecorderReads } from '../../src/aws/config-recorders.js';
import { CallFailedError, CredentialsRejectedError } from '../../src/sdk/aws-call.js';
import type { Attributed } from '../../src/sdk/call-stats.js';

/**
 * Which buckets AWS Config can describe: for each configured region, the advanced query's items, by bucket
 * name. A region where Config cannot answer (no recorder, not recording S3, query denied) or where the query
 * fails contributes nothing, so its buckets are read with the S3 APIs — Config only ever saves calls, it
 * never decides which buckets exist (ListBuckets does) nor loses one.
 */

/** How the S3 collector reads bucket settings for one account. */
export type BucketSource =
  /** Config's advanced query in these regions where it covers a bucket, the S3 APIs for the rest. */
  | { readonly kind: 'auto'; readonly regions: readonly string[] }
  /** Always the S3 APIs: as configured, or (with `why`, logged) because Config cannot describe these buckets. */
  | { readonly kind: 's3-api'; readonly why?: string };

/** A bucket Config describes: its item and the Config calls that produced it (its region's recorder checks and query). */
export interface CoveredBucket {
  readonly item: ConfigS3Bucket;
  readonly operations: readonly string[];
}

/** Runs work and reports the operations counted while it ran (CallStats.attribute). */
export type Attribute = <T>(run: () => Promise<T>) => Promise<Attributed<T>>;

/** Config items for the buckets Config records in the given regions (first region wins on a duplicate name). */
export async function configCoverage(
  configClient: (region: string) => ConfigServiceClient,
  regions: readonly string[],
  log: Logger,
  attribute: Attribute,
  /** The region's recorder reads (shared with the AWS Config collector in a run); default: read here. */
  recorders: (client: ConfigServiceClient, region: string) => RecorderReads = (client) => recorderReads(client),
): Promise<Map<string, CoveredBucket>> {
  const covered = new Map<string, CoveredBucket>();
  // One region after another: Config's API rate limits are low, and it is one query (a few pages) per region.
  for (const region of regions) {
    const { value: items, operations } = await attribute(() => {
      const client = configClient(region);
      return regionItems(client, region, log, recorders(client, region));
    });
    for (const item of items) {
      if (!covered.has(item.bucketName)) covered.set(item.bucketName, { item, operations });
    }
  }
  return covered;
}

async function regionItems(client: ConfigServiceClient, region: string, log: Logger, recorders: RecorderReads): Promise<ConfigS3Bucket[]> {
  const fallback = 'its buckets are read with the S3 APIs';
  try {
    const result = await selectS3BucketConfigurations(client, { recorders });
    if (!result.available) {
      // An expected state (Config off, not recording S3, query not granted), not a fault.
      log.info({ region, reason: result.reason }, `AWS Config cannot supply S3 bucket settings in ${region}; ${fallback}`);
      return [];
    }
    if (result.recordingFrequency === 'DAILY') {
      log.info({ region }, `AWS Config records ${region} daily: bucket settings from it can be up to a day old`);
    }
    log.debug({ region, buckets: result.buckets.length }, `AWS Config supplied S3 bucket settings in ${region}`);
    return result.buckets;
  } catch (error) {
    if (error instanceof CallFailedError) {
      log.warn({ region, operation: error.operation, code: error.code, status: error.status }, `${error.reason}; ${fallback}`);
      return [];
    }
    // Config rejecting the credentials (e.g. an endpoint override that only fakes S3) must not fail the scope:
    // the S3 calls that follow decide whether the credentials are good. Only the operation and code are logged.
    if (error instanceof CredentialsRejectedError) {
      log.warn({ region, operation: error.operation, code: error.code }, `AWS Config rejected the credentials; ${fallback}`);
      return [];
    }
    throw error;
  }
}
