import { z } from 'zod';
import { maybe } from '../../src/model/unknown.js';

/**
 * What the AWS S3 collector emits. Every attribute a failed call would have filled is `Maybe<…>` (an
 * Unknown with the reason); "not configured" answers (S3's 404 …NotFound errors) are real values, `null`.
 * The same shapes are produced from AWS Config's configuration items (`source: "aws-config"`, config-item.ts),
 * so checks never care where the state came from.
 */

/** Where the attributes came from: the S3 API itself, or AWS Config's recorded configuration. */
export const S3Source = z.enum(['s3-api', 'aws-config']);

/** The four Block Public Access flags (bucket- or account-level; same shape). */
export const PublicAccessBlock = z
  .object({
    blockPublicAcls: z.boolean(),
    ignorePublicAcls: z.boolean(),
    blockPublicPolicy: z.boolean(),
    restrictPublicBuckets: z.boolean(),
  })
  .strict();

/** `aws.s3.account`, id `arn:aws:s3::<account>:account` (S3 has no account ARN; this one is stable and unique). */
export const S3Account = z
  .object({
    source: S3Source,
    accountId: z.string().regex(/^\d{12}$/),
    /** S3 Control GetPublicAccessBlock; `null` = never configured (NoSuchPublicAccessBlockConfiguration). */
    publicAccessBlock: maybe(PublicAccessBlock.nullable()),
  })
  .strict();

/** Default encryption: SSE-S3 `AES256`, SSE-KMS `aws:kms`, DSSE-KMS `aws:kms:dsse` (kept as a string: S3 may add more). */
export const DefaultEncryption = z
  .object({
    algorithm: z.string().min(1),
    /** KMS only; `null` = the AWS-managed key aws/s3. */
    kmsKeyId: z.string().nullable(),
    bucketKeyEnabled: z.boolean(),
  })
  .strict();

export const Versioning = z
  .object({
    /** `null` = versioning was never enabled on the bucket. */
    status: z.enum(['Enabled', 'Suspended']).nullable(),
    /** `null` = MFA delete was never configured. */
    mfaDelete: z.enum(['Enabled', 'Disabled']).nullable(),
  })
  .strict();

export const Logging = z.object({ targetBucket: z.string().min(1), targetPrefix: z.string() }).strict();

/** A bucket policy document as S3 returned it (JSON, parsed). Shapes vary, so it is kept loose. */
export const PolicyDocument = z.record(z.string(), z.unknown());

const StatementRef = z.string().min(1);

/**
 * The bucket policy, read once by collectors/aws-s3/policy.ts so every check and every source agrees on
 * what "public", "TLS enforced" and "cross-account" mean.
 */
export const PolicyAnalysis = z
  .object({
    /** A Deny for every principal on all S3 actions on the bucket and its objects when aws:SecureTransport is false. */
    denyInsecureTransport: z.boolean(),
    /** The version a Deny on `NumericLessThan[IfExists] s3:TlsVersion` requires, if any. */
    minimumTlsVersion: z.string().nullable(),
    /** Allow statements open to everyone ("*", {"AWS": "*"}, or NotPrincipal) with no restricting condition. */
    publicStatements: z.array(
      z
        .object({
          statement: StatementRef,
          via: z.enum(['Principal "*"', 'NotPrincipal']),
          actions: z.array(z.string()).nullable(),
          notActions: z.array(z.string()).nullable(),
        })
        .strict(),
    ),
    /**
     * Allow statements open to everyone but pinned by a restricting condition (the keys that pin them, sorted):
     * not public by this analysis. When S3's own policy status cannot be read, a statement pinned by
     * aws:SourceIp alone is where this analysis and S3 may disagree (how broad a range S3 calls public is S3's
     * judgement), so the checks do not rest a pass on it (checks/lib/s3.ts).
     */
    pinnedStatements: z.array(
      z
        .object({
          statement: StatementRef,
          via: z.enum(['Principal "*"', 'NotPrincipal']),
          keys: z.array(z.string()),
        })
        .strict(),
    ),
    /**
     * AWS principals of Allow statements outside the bucket's account: named principals, and account ids a
     * wildcard statement is pinned to by aws:PrincipalAccount / aws:SourceAccount. `accountId` null = the
     * principal names no account (e.g. a unique id left behind by a deleted role).
     */
    crossAccountPrincipals: z.array(z.object({ statement: StatementRef, principal: z.string(), accountId: z.string().nullable() }).strict()),
    /** Every statement with its effect and condition keys, for reasons and reviews. */
    statements: z.array(z.object({ statement: StatementRef, effect: z.string(), conditionKeys: z.array(z.string()) }).strict()),
  })
  .strict();

export const PUBLIC_GROUPS = ['AllUsers', 'AuthenticatedUsers'] as const;

export const Acl = z
  .object({
    /** The owner's canonical user id. */
    ownerId: z.string().nullable(),
    /** Grants to the AllUsers / AuthenticatedUsers groups: public access through the ACL. */
    publicGrants: z.array(z.object({ grantee: z.enum(PUBLIC_GROUPS), permission: z.string() }).strict()),
    /** Every grant: grantee is a group URI, a canonical user id or an e-mail address. */
    grants: z.array(z.object({ type: z.string(), grantee: z.string(), permission: z.string() }).strict()),
  })
  .strict();

export const ObjectLock = z
  .object({
    enabled: z.boolean(),
    /** `null` = Object Lock without a default retention rule (each object must set its own). */
    defaultRetention: z
      .object({ mode: z.string(), days: z.number().int().nullable(), years: z.number().int().nullable() })
      .strict()
      .nullable(),
  })
  .strict();

/** `aws.s3.bucket`, id `arn:aws:s3:::<name>`. */
export const S3Bucket = z
  .object({
    source: S3Source,
    name: z.string().min(1),
    arn: z.string().startsWith('arn:'),
    /** GetBucketLocation, normalised (empty → us-east-1, `EU` → eu-west-1). Unknown → every per-bucket read is too. */
    region: maybe(z.string().min(1)),
    createdAt: z.string().nullable(),
    /** The account-level setting, repeated so a bucket check can say "blocked by the account setting". */
    accountPublicAccessBlock: maybe(PublicAccessBlock.nullable()),
    /** `null` = not configured on the bucket. */
    publicAccessBlock: maybe(PublicAccessBlock.nullable()),
    /** `null` = no default encryption configuration. */
    encryption: maybe(DefaultEncryption.nullable()),
    versioning: maybe(Versioning),
    /** `null` = server access logging off. */
    logging: maybe(Logging.nullable()),
    /** `null` = no bucket policy. */
    policy: maybe(PolicyDocument.nullable()),
    /** `null` = no bucket policy; Unknown when the policy could not be read or is malformed. */
    policyAnalysis: maybe(PolicyAnalysis.nullable()),
    /** GetBucketPolicyStatus IsPublic (S3's own analysis); `null` = no bucket policy. */
    policyIsPublic: maybe(z.boolean().nullable()),
    acl: maybe(Acl),
    /** `null` = Object Lock not enabled (ObjectLockConfigurationNotFoundError). */
    objectLock: maybe(ObjectLock.nullable()),
    /** ObjectOwnership; `null` = no ownership controls (ACLs in force). */
    ownershipControls: maybe(z.enum(['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter']).nullable()),
  })
  .strict();

export const S3_OBSERVATION_TYPES = {
  'aws.s3.account': S3Account,
  'aws.s3.bucket': S3Bucket,
} as const;

export type S3SourceValue = z.infer<typeof S3Source>;
export type S3AccountAttributes = z.infer<typeof S3Account>;
export type S3BucketAttributes = z.infer<typeof S3Bucket>;
export type PublicAccessBlockValue = z.infer<typeof PublicAccessBlock>;
export type DefaultEncryptionValue = z.infer<typeof DefaultEncryption>;
export type VersioningValue = z.infer<typeof Versioning>;
export type LoggingValue = z.infer<typeof Logging>;
export type PolicyAnalysisValue = z.infer<typeof PolicyAnalysis>;
export type AclValue = z.infer<typeof Acl>;
export type ObjectLockValue = z.infer<typeof ObjectLock>;
export type OwnershipValue = NonNullable<Exclude<S3BucketAttributes['ownershipControls'], { $unknown: string }>>;

// Registers these types with the model, so `defineCheck({ observes: … })` infers attributes from the schemas above.
type Produced = import('../../src/model/observation-types.js').ProducedTypes<typeof S3_OBSERVATION_TYPES>;
declare module '../../src/model/observation-types.js' {
  interface ObservationTypeMap extends Produced {}
}
