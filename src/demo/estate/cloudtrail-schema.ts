import { z } from 'zod';
import { DateSpec } from './dates.js';

/**
 * The AWS CloudTrail part of an estate account (`aws.accounts[].cloudtrail`): per region, the trails created
 * there (their home region). A multi-region trail is also served, as a shadow, in every other region, exactly
 * as DescribeTrails with includeShadowTrails answers; a single-region trail only in its own. A region nobody
 * lists and no multi-region trail reaches has no trail at all.
 */

const Region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-west-1');
const TrailName = z.string().regex(/^[A-Za-z0-9][\w.-]{2,127}$/, 'a trail name (3-128 letters, digits, . _ -, starting with a letter or digit)');

/** One advanced field selector, as in the API (Field plus its operators). */
const FieldSelector = z
  .object({
    field: z.string().min(1),
    equals: z.array(z.string()).optional(),
    starts_with: z.array(z.string()).optional(),
    ends_with: z.array(z.string()).optional(),
    not_equals: z.array(z.string()).optional(),
    not_starts_with: z.array(z.string()).optional(),
    not_ends_with: z.array(z.string()).optional(),
  })
  .strict();

const AdvancedSelector = z.object({ name: z.string().min(1).optional(), field_selectors: z.array(FieldSelector).min(1) }).strict();

const Trail = z
  .object({
    name: TrailName,
    multi_region: z.boolean().default(true),
    organization: z.boolean().default(false),
    include_global_service_events: z.boolean().default(true),
    /** The bucket log files go to (a bucket of any account's `s3:` part, or one outside the estate). */
    s3_bucket: z.string().min(3),
    s3_key_prefix: z.string().min(1).optional(),
    log_file_validation: z.boolean().default(true),
    /** A KMS key ARN; absent → S3-managed encryption only. */
    kms_key: z.string().startsWith('arn:').optional(),
    cloudwatch_log_group: z.string().startsWith('arn:').optional(),
    /** GetTrailStatus IsLogging. */
    logging: z.boolean().default(true),
    /** GetTrailStatus LatestDeliveryTime; absent → never delivered. `-0h` is the start of the fake's day. */
    latest_delivery: DateSpec.optional(),
    /** GetTrailStatus LatestDeliveryError, e.g. AccessDenied or NoSuchBucket. */
    latest_delivery_error: z.string().min(1).optional(),
    /** Basic selector: which management events (AWS's default for a new trail is All). Ignored with advanced selectors. */
    management_events: z.enum(['All', 'ReadOnly', 'WriteOnly', 'None']).default('All'),
    /** ExcludeManagementEventSources of the basic selector, e.g. [kms.amazonaws.com]. */
    exclude_management_event_sources: z.array(z.string().min(1)).default([]),
    /** Present → the trail uses advanced event selectors instead of the basic one (a trail has one kind). */
    advanced_event_selectors: z.array(AdvancedSelector).min(1).optional(),
  })
  .strict();

const CloudTrailRegion = z.object({ trails: z.array(Trail).default([]) }).strict();

export const CloudTrailAccountEstate = z
  .object({
    /** Home region → the trails created there. */
    regions: z.record(Region, CloudTrailRegion),
  })
  .strict()
  .superRefine((account, ctx) => {
    // Trail names are unique per account and region; a multi-region trail's name is then taken in every region.
    const multi = new Set<string>();
    for (const [region, { trails }] of Object.entries(account.regions)) {
      const seen = new Set<string>();
      trails.forEach((trail, i) => {
        if (seen.has(trail.name) || (trail.multi_region && multi.has(trail.name))) {
          ctx.addIssue({ code: 'custom', path: ['regions', region, 'trails', i, 'name'], message: `trail ${trail.name} is declared twice` });
        }
        seen.add(trail.name);
        if (trail.multi_region) multi.add(trail.name);
      });
    }
  });

export type EstateCloudTrailAccount = z.infer<typeof CloudTrailAccountEstate>;
export type EstateTrail = z.infer<typeof Trail>;
