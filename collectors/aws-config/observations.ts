import { z } from 'zod';
import { maybe } from '../../src/model/unknown.js';

/**
 * What the AWS Config collector emits. Every attribute a failed call would have filled is `Maybe<…>`:
 * an Unknown with the reason, never an empty list.
 *
 * Deliberately absent: every timestamp AWS Config reports (lastStatusChangeTime, lastAttemptTime,
 * ResultRecordedTime, ConfigRuleInvokedTime, …). They move on every evaluation or delivery, so keeping them
 * would make an unchanged region or rule hash differently every day and defeat the evidence store's
 * dedupe — and no check needs them: the verdicts rest on statuses, which AWS keeps current.
 */

export const COMPLIANCE_TYPES = ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE', 'INSUFFICIENT_DATA'] as const;
export const ComplianceType = z.enum(COMPLIANCE_TYPES);

export const Recorder = z
  .object({
    name: z.string(),
    /** recordingGroup.allSupported */
    allSupported: z.boolean(),
    includeGlobalResourceTypes: z.boolean(),
    /** Recorded types when allSupported is false (sorted). */
    resourceTypes: z.array(z.string()),
    /** exclusionByResourceTypes (sorted). */
    excludedResourceTypes: z.array(z.string()),
    /** recordingStrategy.useOnly, e.g. ALL_SUPPORTED_RESOURCE_TYPES. */
    recordingStrategy: z.string().nullable(),
    /** recordingMode.recordingFrequency: CONTINUOUS or DAILY. */
    recordingFrequency: z.string().nullable(),
  })
  .strict();

export const RecorderStatus = z
  .object({
    name: z.string(),
    recording: z.boolean(),
    /** Upper-cased: PENDING, SUCCESS or FAILURE. */
    lastStatus: z.string().nullable(),
    lastErrorCode: z.string().nullable(),
  })
  .strict();

export const DeliveryChannel = z
  .object({
    name: z.string(),
    s3BucketName: z.string().nullable(),
    s3KeyPrefix: z.string().nullable(),
    snsTopicArn: z.string().nullable(),
    snapshotDeliveryFrequency: z.string().nullable(),
  })
  .strict();

export const DeliveryInfo = z
  .object({
    /** Upper-cased: SUCCESS, FAILURE or NOT_APPLICABLE. */
    lastStatus: z.string().nullable(),
    lastErrorCode: z.string().nullable(),
  })
  .strict();

export const DeliveryChannelStatus = z
  .object({
    name: z.string(),
    configHistory: DeliveryInfo.nullable(),
    configSnapshot: DeliveryInfo.nullable(),
  })
  .strict();

/** `aws.config.region`, id `arn:aws:config:<region>:<account>:recorder`: AWS Config's own set-up in one region. */
export const ConfigRegion = z
  .object({
    accountId: z.string(),
    region: z.string(),
    /** DescribeConfigurationRecorders; `[]` = no recorder (a real answer). */
    recorders: maybe(z.array(Recorder)),
    /** DescribeConfigurationRecorderStatus */
    recorderStatuses: maybe(z.array(RecorderStatus)),
    /** DescribeDeliveryChannels */
    deliveryChannels: maybe(z.array(DeliveryChannel)),
    /** DescribeDeliveryChannelStatus */
    deliveryChannelStatuses: maybe(z.array(DeliveryChannelStatus)),
  })
  .strict();

export const RuleCompliance = z
  .object({
    type: ComplianceType,
    /** Non-compliant resources (as DescribeComplianceByConfigRule's CappedCount: at most 100); null unless NON_COMPLIANT. */
    nonCompliantResources: z.number().int().nullable(),
    capExceeded: z.boolean(),
  })
  .strict();

/** `aws.config.rule`, id = rule ARN. */
export const ConfigRule = z
  .object({
    name: z.string(),
    arn: z.string(),
    /** ACTIVE, EVALUATING, DELETING, DELETING_RESULTS */
    state: z.string().nullable(),
    /** AWS, CUSTOM_LAMBDA or CUSTOM_POLICY */
    sourceOwner: z.string().nullable(),
    sourceIdentifier: z.string().nullable(),
    /** sourceIdentifier when the owner is AWS (e.g. S3_BUCKET_VERSIONING_ENABLED), else null. */
    managedRuleIdentifier: z.string().nullable(),
    /** ConfigRule.CreatedBy: the service principal that created it (config-conforms.amazonaws.com for a pack). */
    createdBy: z.string().nullable(),
    /** The conformance pack whose compliance lists the rule, null when none does. */
    conformancePack: maybe(z.string().nullable()),
    /** The rule's overall compliance, summarised from its evaluations (normalize.ts ruleCompliance). */
    compliance: maybe(RuleCompliance),
  })
  .strict();

/**
 * `aws.config.rule_evaluation`, id `<ruleArn>/<resourceType>/<resourceId>`: AWS Config's verdict on one
 * resource. A rule with no evaluation results at all yields one `<ruleArn>/not-evaluated` observation with
 * INSUFFICIENT_DATA, so a rule that never ran is visible instead of silently contributing nothing.
 */
export const RuleEvaluation = z
  .object({
    ruleName: z.string(),
    ruleArn: z.string(),
    managedRuleIdentifier: z.string().nullable(),
    resourceType: z.string().nullable(),
    resourceId: z.string().nullable(),
    /** The ARN our own collectors use for the resource, where derivable (S3 bucket, account root), else null. */
    resourceArn: z.string().nullable(),
    complianceType: ComplianceType,
    annotation: z.string().nullable(),
  })
  .strict();

export const PackRuleCompliance = z.object({ ruleName: z.string(), complianceType: ComplianceType }).strict();

/** `aws.config.conformance_pack`, id = pack ARN. */
export const ConformancePack = z
  .object({
    name: z.string(),
    arn: z.string(),
    /** DescribeConformancePackCompliance, per rule (sorted by rule name). */
    rules: maybe(z.array(PackRuleCompliance)),
    /** Derived: NON_COMPLIANT if any rule is, COMPLIANT if every rule is, else INSUFFICIENT_DATA. */
    compliance: maybe(ComplianceType),
    nonCompliantRules: maybe(z.array(z.string())),
  })
  .strict();

export const CONFIG_OBSERVATION_TYPES = {
  'aws.config.region': ConfigRegion,
  'aws.config.rule': ConfigRule,
  'aws.config.rule_evaluation': RuleEvaluation,
  'aws.config.conformance_pack': ConformancePack,
} as const;

export type ComplianceTypeValue = z.infer<typeof ComplianceType>;
export type RecorderValue = z.infer<typeof Recorder>;
export type RecorderStatusValue = z.infer<typeof RecorderStatus>;
export type DeliveryChannelValue = z.infer<typeof DeliveryChannel>;
export type DeliveryChannelStatusValue = z.infer<typeof DeliveryChannelStatus>;
export type DeliveryInfoValue = z.infer<typeof DeliveryInfo>;
export type ConfigRegionAttributes = z.infer<typeof ConfigRegion>;
export type ConfigRuleAttributes = z.infer<typeof ConfigRule>;
export type RuleEvaluationAttributes = z.infer<typeof RuleEvaluation>;
export type ConformancePackAttributes = z.infer<typeof ConformancePack>;

// Registers these types with the model, so `defineCheck({ observes: … })` infers attributes from the schemas above.
type Produced = import('../../src/model/observation-types.js').ProducedTypes<typeof CONFIG_OBSERVATION_TYPES>;
declare module '../../src/model/observation-types.js' {
  interface ObservationTypeMap extends Produced {}
}
