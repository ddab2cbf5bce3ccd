import { z } from 'zod';
import { maybe } from '../../src/model/unknown.js';

/**
 * What the IAM Access Analyzer collector emits: one observation per account × region with the region's
 * analyzers, or why they are unknown. No timestamps (createdAt, lastResourceAnalyzedAt): they would make an
 * unchanged region hash differently, and no check needs them.
 */

export const Analyzer = z
  .object({
    name: z.string().min(1),
    arn: z.string().startsWith('arn:'),
    /** ACCOUNT / ORGANIZATION (external access), …_UNUSED_ACCESS, …_INTERNAL_ACCESS; kept as a string: AWS adds types. */
    type: z.string().min(1),
    /** ACTIVE, CREATING, DISABLED or FAILED. */
    status: z.string().min(1),
    /** statusReason.code (why it is not ACTIVE), or null. */
    statusReason: z.string().nullable(),
  })
  .strict();

/** `aws.accessanalyzer.region`, id `arn:aws:access-analyzer:<region>:<account>:analyzers`. */
export const AccessAnalyzerRegion = z
  .object({
    accountId: z.string(),
    region: z.string(),
    /** ListAnalyzers, sorted by name; `[]` = no analyzer in the region (a real answer). */
    analyzers: maybe(z.array(Analyzer)),
  })
  .strict();

export const ACCESS_ANALYZER_OBSERVATION_TYPES = {
  'aws.accessanalyzer.region': AccessAnalyzerRegion,
} as const;

export type AnalyzerValue = z.infer<typeof Analyzer>;
export type AccessAnalyzerRegionAttributes = z.infer<typeof AccessAnalyzerRegion>;

// Registers these types with the model, so `defineCheck({ observes: … })` infers attributes from the schemas above.
type Produced = import('../../src/model/observation-types.js').ProducedTypes<typeof ACCESS_ANALYZER_OBSERVATION_TYPES>;
declare module '../../src/model/observation-types.js' {
  interface ObservationTypeMap extends Produced {}
}
