import { paginateSelectResourceConfig, type ConfigServiceClient } from '@aws-sdk/client-config-service';
import { call, CallFailedError, classify } from '../sdk/aws-call.js';
import { recorderReads, type RecorderReads } from './config-recorders.js';
import { S3ConfigurationItemRow, type S3BucketConfigurationValue, type S3SupplementaryConfigurationValue } from './s3-configuration-item.js';

/**
 * S3 bucket configuration from AWS Config's advanced query (SelectResourceConfig): one paginated query
 * instead of ~10 S3 calls per bucket, for the S3 collector to use where Config records S3. It lives outside
 * collectors/ because it is shared AWS code, not one collector's: collectors never import each other. When Config
 * cannot answer for the region (denied, no recorder, not recording buckets) the answer says so —
 * `available: false` with the reason — so the caller falls back to the S3 APIs. Transient failures
 * (throttled after retries, 5xx, timeouts, a malformed answer) throw CallFailedError: the caller decides.
 */

export const OPERATION = 'config:SelectResourceConfig';

/** The exact query sent (the demo fake understands exactly this shape; see src/demo/fakes/config-select.ts). */
export const S3_BUCKET_QUERY =
  "SELECT resourceId, resourceName, awsRegion, configuration, supplementaryConfiguration WHERE resourceType = 'AWS::S3::Bucket'";

export interface ConfigS3Bucket {
  readonly bucketName: string;
  /** The bucket's region as Config recorded it (awsRegion). */
  readonly region: string;
  /** configuration: name, owner, creationDate. */
  readonly configuration: S3BucketConfigurationValue;
  /** Config's supplementaryConfiguration entries, parsed and typed (absent entry = no such setting recorded). */
  readonly supplementaryConfiguration: S3SupplementaryConfigurationValue;
}

export type S3AdvancedQueryResult =
  | {
      readonly available: true;
      readonly buckets: ConfigS3Bucket[];
      /** CONTINUOUS or DAILY: with DAILY, items can be up to a day behind the bucket. */
      readonly recordingFrequency: string | null;
    }
  | { readonly available: false; readonly reason: string };

/** Answers meaning "Config cannot serve this region", not "try again". */
const NOT_AVAILABLE = new Set(['AccessDenied', 'AccessDeniedException', 'NoAvailableConfigurationRecorderException', 'NoSuchConfigurationRecorderException']);

function notAvailable(error: unknown): S3AdvancedQueryResult | undefined {
  const failure = error instanceof CallFailedError ? error : undefined;
  return failure !== undefined && NOT_AVAILABLE.has(failure.code) ? { available: false, reason: failure.reason } : undefined;
}

/** Is a recorder recording AWS::S3::Bucket? Otherwise Config holds no current items for buckets. */
async function s3RecordingState(reads: RecorderReads): Promise<{ recording: true; frequency: string | null } | { recording: false; reason: string }> {
  const [recorders, statuses] = [await reads.recorders(), await reads.statuses()];
  for (const recorder of recorders) {
    const group = recorder.recordingGroup;
    const coversS3 = group?.allSupported === true || (group?.resourceTypes ?? []).includes('AWS::S3::Bucket');
    const excluded = (group?.exclusionByResourceTypes?.resourceTypes ?? []).includes('AWS::S3::Bucket');
    const recording = statuses.find((s) => s.name === recorder.name)?.recording === true;
    if (coversS3 && !excluded && recording) return { recording: true, frequency: recorder.recordingMode?.recordingFrequency ?? null };
  }
  return {
    recording: false,
    reason: recorders.length === 0 ? 'AWS Config has no configuration recorder in this region' : 'AWS Config is not recording AWS::S3::Bucket in this region',
  };
}

/**
 * Runs the advanced query for every S3 bucket Config records in the client's region (all pages).
 * `pageSize` is the Limit per page (1-100; default 100); `recorders` the region's recorder reads, when the run
 * shares them (recorderReads).
 */
export async function selectS3BucketConfigurations(client: ConfigServiceClient, options: { pageSize?: number; recorders?: RecorderReads } = {}): Promise<S3AdvancedQueryResult> {
  let state;
  try {
    state = await s3RecordingState(options.recorders ?? recorderReads(client));
  } catch (error) {
    const answer = notAvailable(error);
    if (answer !== undefined) return answer;
    throw error;
  }
  if (!state.recording) return { available: false, reason: state.reason };

  const rows: string[] = [];
  try {
    await call(OPERATION, async () => {
      for await (const page of paginateSelectResourceConfig({ client, pageSize: options.pageSize ?? 100 }, { Expression: S3_BUCKET_QUERY })) {
        rows.push(...(page.Results ?? []));
      }
    });
  } catch (error) {
    const answer = notAvailable(error);
    if (answer !== undefined) return answer;
    throw error;
  }
  return { available: true, buckets: rows.map(parseRow).sort((a, b) => (a.bucketName < b.bucketName ? -1 : a.bucketName > b.bucketName ? 1 : 0)), recordingFrequency: state.frequency };
}

function parseRow(text: string): ConfigS3Bucket {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw classify(OPERATION, error);
  }
  const row = S3ConfigurationItemRow.safeParse(json);
  if (!row.success) throw new CallFailedError(OPERATION, `${OPERATION} returned a malformed response`, 'MalformedConfigurationItem', undefined);
  return {
    bucketName: row.data.resourceName ?? row.data.resourceId,
    region: row.data.awsRegion,
    configuration: row.data.configuration,
    supplementaryConfiguration: row.data.supplementaryConfiguration ?? {},
  };
}
