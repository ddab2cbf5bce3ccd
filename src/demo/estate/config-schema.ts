import { z } from 'zod';

/**
 * The AWS Config part of an estate account (`aws.accounts[].config`): per region, the configuration
 * recorder (or none), its status, the delivery channel and its last deliveries, the Config rules with
 * their per-resource evaluations, conformance packs, and whether advanced query (SelectResourceConfig)
 * answers there. A configured account region that is absent here has AWS Config switched off entirely.
 * Compliance summaries are not declared: the fake derives them from the evaluations, as AWS does, so the
 * estate cannot contradict itself.
 */

const Region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-west-1');
const RuleName = z.string().regex(/^[\w-]{1,128}$/, 'a Config rule name (letters, digits, - and _)');
const ResourceType = z.string().regex(/^AWS::[A-Za-z0-9]*::[A-Za-z0-9]+$/, 'a resource type such as AWS::S3::Bucket');

const Recorder = z
  .object({
    name: z.string().min(1).default('default'),
    /** recordingGroup.allSupported: every supported resource type is recorded. */
    all_supported: z.boolean().default(true),
    include_global_resource_types: z.boolean().default(true),
    /** The types recorded when all_supported is false (recordingStrategy INCLUSION_BY_RESOURCE_TYPES). */
    resource_types: z.array(ResourceType).default([]),
    recording_frequency: z.enum(['CONTINUOUS', 'DAILY']).default('CONTINUOUS'),
    /** DescribeConfigurationRecorderStatus */
    recording: z.boolean().default(true),
    last_status: z.enum(['Pending', 'Success', 'Failure']).default('Success'),
    last_error_code: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (!r.all_supported && r.resource_types.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['resource_types'], message: 'a recorder that is not all_supported must list the resource types it records' });
    }
  });

const DeliveryStatus = z.enum(['Success', 'Failure', 'Not_Applicable']);

const DeliveryChannel = z
  .object({
    name: z.string().min(1).default('default'),
    s3_bucket: z.string().min(3),
    s3_key_prefix: z.string().min(1).optional(),
    sns_topic: z.string().startsWith('arn:').optional(),
    snapshot_frequency: z.enum(['One_Hour', 'Three_Hours', 'Six_Hours', 'Twelve_Hours', 'TwentyFour_Hours']).default('TwentyFour_Hours'),
    /** DescribeDeliveryChannelStatus: the last configuration-history and snapshot deliveries. */
    history_status: DeliveryStatus.default('Success'),
    snapshot_status: DeliveryStatus.default('Success'),
    /** Reported with a Failure, e.g. NoSuchBucket or AccessDenied. */
    last_error_code: z.string().min(1).optional(),
  })
  .strict();

const Evaluation = z
  .object({
    resource_type: ResourceType,
    resource_id: z.string().min(1),
    compliance: z.enum(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE']),
    annotation: z.string().min(1).max(256).optional(),
  })
  .strict();

const Rule = z
  .object({
    name: RuleName,
    owner: z.enum(['AWS', 'CUSTOM_LAMBDA', 'CUSTOM_POLICY']).default('AWS'),
    /** The managed rule identifier (owner AWS, e.g. S3_BUCKET_VERSIONING_ENABLED) or the Lambda ARN. */
    identifier: z.string().min(1),
    state: z.enum(['ACTIVE', 'DELETING', 'DELETING_RESULTS', 'EVALUATING']).default('ACTIVE'),
    /** No evaluations → AWS Config reports the rule INSUFFICIENT_DATA. */
    evaluations: z.array(Evaluation).default([]),
  })
  .strict();

const ConformancePack = z
  .object({
    name: RuleName,
    /** Names of rules in this region's `rules` that the pack deployed (ConfigRule.CreatedBy is then set). */
    rules: z.array(RuleName).min(1),
  })
  .strict();

/** Advanced query (SelectResourceConfig) in the region. */
const AdvancedQuery = z
  .object({
    /** false → SelectResourceConfig answers AccessDeniedException, as with a policy that omits it. */
    available: z.boolean().default(true),
    // The items it answers are the account's S3 buckets in the region (its `s3:` part), while the recorder covers AWS::S3::Bucket.
  })
  .strict();

const ConfigRegion = z
  .object({
    /** Absent → no configuration recorder in the region. */
    recorder: Recorder.optional(),
    delivery_channel: DeliveryChannel.optional(),
    rules: z.array(Rule).default([]),
    conformance_packs: z.array(ConformancePack).default([]),
    advanced_query: AdvancedQuery.default({ available: true }),
  })
  .strict()
  .superRefine((region, ctx) => {
    const names = new Set<string>();
    region.rules.forEach((rule, i) => {
      if (names.has(rule.name)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'name'], message: `rule ${rule.name} is declared twice` });
      names.add(rule.name);
    });
    const packed = new Set<string>();
    region.conformance_packs.forEach((pack, i) =>
      pack.rules.forEach((rule, j) => {
        if (!names.has(rule)) ctx.addIssue({ code: 'custom', path: ['conformance_packs', i, 'rules', j], message: `no rule named ${rule} in this region` });
        if (packed.has(rule)) ctx.addIssue({ code: 'custom', path: ['conformance_packs', i, 'rules', j], message: `rule ${rule} already belongs to another pack` });
        packed.add(rule);
      }),
    );
  });

export const ConfigAccountEstate = z
  .object({
    /** Region → AWS Config state there. */
    regions: z.record(Region, ConfigRegion),
  })
  .strict();

export type EstateConfigAccount = z.infer<typeof ConfigAccountEstate>;
export type EstateConfigRegion = z.infer<typeof ConfigRegion>;
export type EstateConfigRule = z.infer<typeof Rule>;
export type EstateConfigRecorder = z.infer<typeof Recorder>;
export type EstateConfigDeliveryChannel = z.infer<typeof DeliveryChannel>;
export type EstateConfigConformancePack = z.infer<typeof ConformancePack>;
