import { z } from 'zod';
import { maybe } from '../../src/model/unknown.js';

/**
 * What the AWS CloudTrail collector emits. Every attribute a failed call would have filled is `Maybe<…>`:
 * an Unknown with the reason. "Not configured" is a real value (`kmsKeyId: null`, no management events), never
 * an Unknown.
 *
 * One deliberate timestamp: `latestDeliveryTime`. CloudTrail moves it every few minutes, so a trail's
 * observation changes on every run (one small blob per trail per run), unlike the other collectors'
 * observations. It is kept because "the trail is still delivering" cannot be judged without it, and the judging
 * belongs in a check (against the run's time), not in the collector.
 */

/** Which management events a trail records (from its basic or advanced event selectors). */
export const ManagementEvents = z
  .object({
    /** Read-only management events (Describe*, Get*, List*). */
    read: z.boolean(),
    /** Management events that change something. */
    write: z.boolean(),
    /** Event sources left out (ExcludeManagementEventSources, or an advanced selector's eventSource NotEquals), sorted. */
    excludedSources: z.array(z.string()),
    /** `basic` (EventSelectors) or `advanced` (AdvancedEventSelectors). */
    selectors: z.enum(['basic', 'advanced']),
  })
  .strict();

/** Which S3 object-level data events a trail records (CIS 4.8 write, 4.9 read), for every bucket or for some. */
export const S3DataEvents = z
  .object({
    /** Object reads (GetObject, …) of every bucket, current and future. */
    allBucketsRead: z.boolean(),
    /** Object writes (PutObject, DeleteObject, …) of every bucket, current and future. */
    allBucketsWrite: z.boolean(),
    /** Buckets or ARN prefixes a narrower selector names (sorted); not "every bucket". */
    someBuckets: z.array(z.string()),
    selectors: z.enum(['basic', 'advanced']),
  })
  .strict();

/** `aws.cloudtrail.trail`, id = trail ARN: one trail, judged once per run (see `isShadow`). */
export const CloudTrailTrail = z
  .object({
    name: z.string(),
    arn: z.string(),
    /** The region the trail was created in. */
    homeRegion: z.string(),
    /**
     * The region it was collected in differs from its home region. A trail is observed in its home region when
     * that region is collected, and otherwise once, in the first configured region that sees its shadow, so
     * every trail is judged exactly once per account and run.
     */
    isShadow: z.boolean(),
    multiRegion: z.boolean(),
    isOrganizationTrail: z.boolean(),
    includeGlobalServiceEvents: z.boolean(),
    /** Where log files go; null when AWS reports none. */
    s3BucketName: z.string().nullable(),
    s3KeyPrefix: z.string().nullable(),
    logFileValidationEnabled: z.boolean(),
    /** SSE-KMS key for the log files; null = S3-managed encryption only. */
    kmsKeyId: z.string().nullable(),
    cloudWatchLogsLogGroupArn: z.string().nullable(),
    /** GetTrailStatus IsLogging. */
    logging: maybe(z.boolean()),
    /** GetTrailStatus LatestDeliveryTime (UTC ISO-8601); null = never delivered. */
    latestDeliveryTime: maybe(z.string().nullable()),
    /** GetTrailStatus LatestDeliveryError (an S3 error code); null = the latest delivery did not fail. */
    latestDeliveryError: maybe(z.string().nullable()),
    /** GetEventSelectors. */
    managementEvents: maybe(ManagementEvents),
  })
  .strict();

/** One trail as it covers a region: what "is this region logged" needs. */
export const RegionTrail = z
  .object({
    name: z.string(),
    arn: z.string(),
    homeRegion: z.string(),
    multiRegion: z.boolean(),
    isOrganizationTrail: z.boolean(),
    logging: maybe(z.boolean()),
    managementEvents: maybe(ManagementEvents),
    /** GetEventSelectors: S3 object-level data events. */
    s3DataEvents: maybe(S3DataEvents),
  })
  .strict();

/** `aws.cloudtrail.region`, id `arn:aws:cloudtrail:<region>:<account>:trails`: the trails that log one region. */
export const CloudTrailRegion = z
  .object({
    accountId: z.string(),
    region: z.string(),
    /** DescribeTrails (shadows included), sorted by ARN; `[]` = no trail logs this region (a real answer). */
    trails: maybe(z.array(RegionTrail)),
  })
  .strict();

export const CLOUDTRAIL_OBSERVATION_TYPES = {
  'aws.cloudtrail.trail': CloudTrailTrail,
  'aws.cloudtrail.region': CloudTrailRegion,
} as const;

export type ManagementEventsValue = z.infer<typeof ManagementEvents>;
export type S3DataEventsValue = z.infer<typeof S3DataEvents>;
export type RegionTrailValue = z.infer<typeof RegionTrail>;
export type CloudTrailTrailAttributes = z.infer<typeof CloudTrailTrail>;
export type CloudTrailRegionAttributes = z.infer<typeof CloudTrailRegion>;

// Registers these types with the model's observation-type map, so lookups and checks get the attribute types.
type Produced = import('../../src/model/observation-types.js').ProducedTypes<typeof CLOUDTRAIL_OBSERVATION_TYPES>;
declare module '../../src/model/observation-types.js' {
  interface ObservationTypeMap extends Produced {}
}
