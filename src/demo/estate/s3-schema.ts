import { z } from 'zod';
import { DateSpec } from './dates.js';

/**
 * The S3 part of an estate account: the account-level Block Public Access setting and the buckets, each
 * setting in the three states the S3 API can report — configured, not configured (S3 answers a 404
 * "…NotFound" error, which is a real answer), or unreadable (`deny:` makes the fake answer 403 AccessDenied).
 * Every object is strict, like the rest of the estate.
 */


/** The four Block Public Access flags; each defaults to on, so `{}` means "fully on". */
const PublicAccessBlock = z
  .object({
    block_public_acls: z.boolean().default(true),
    ignore_public_acls: z.boolean().default(true),
    block_public_policy: z.boolean().default(true),
    restrict_public_buckets: z.boolean().default(true),
  })
  .strict();

/** S3 bucket naming rules (the subset that matters here: 3–63 lowercase letters, digits, dots and hyphens). */
const BucketName = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)');

/** A region, or the legacy `EU` location constraint (eu-west-1), which GetBucketLocation still returns for old buckets. */
const BucketRegion = z.string().regex(/^([a-z]{2}(-[a-z]+)+-\d|EU)$/, 'an AWS region such as eu-west-1 (or the legacy EU)');

const Encryption = z
  .object({
    algorithm: z.enum(['AES256', 'aws:kms', 'aws:kms:dsse']),
    /** KMS only; absent → the AWS-managed key aws/s3. */
    kms_key_id: z.string().min(1).optional(),
    bucket_key: z.boolean().default(false),
  })
  .strict();

const Versioning = z
  .object({
    status: z.enum(['Enabled', 'Suspended']),
    mfa_delete: z.boolean().default(false),
  })
  .strict();

const Logging = z.object({ target_bucket: BucketName, target_prefix: z.string().default('') }).strict();

/** A bucket policy document, served verbatim as JSON, so any legal (or odd) shape can be declared. */
const PolicyDocument = z.record(z.string(), z.unknown());

/** ACL grantees: the two public groups, S3 log delivery, or another canonical user / account by id. */
const Grantee = z.union([
  z.enum(['AllUsers', 'AuthenticatedUsers', 'LogDelivery']),
  z.object({ canonical_user: z.string().regex(/^[0-9a-f]{64}$/, 'a 64-hex-digit canonical user id') }).strict(),
]);

const Grant = z
  .object({
    grantee: Grantee,
    permission: z.enum(['FULL_CONTROL', 'READ', 'WRITE', 'READ_ACP', 'WRITE_ACP']),
  })
  .strict();

const ObjectLock = z
  .object({
    /** Absent → Object Lock enabled without a default retention rule. */
    default_retention: z
      .object({ mode: z.enum(['GOVERNANCE', 'COMPLIANCE']), days: z.number().int().positive().optional(), years: z.number().int().positive().optional() })
      .strict()
      .refine((r) => (r.days === undefined) !== (r.years === undefined), { message: 'exactly one of days or years' })
      .optional(),
  })
  .strict();

/** The S3 API operations a bucket's `deny:` can name (the fake answers them 403 AccessDenied). */
export const S3_BUCKET_OPERATIONS = [
  'GetBucketLocation',
  'GetPublicAccessBlock',
  'GetBucketEncryption',
  'GetBucketVersioning',
  'GetBucketLogging',
  'GetBucketPolicy',
  'GetBucketPolicyStatus',
  'GetBucketAcl',
  'GetObjectLockConfiguration',
  'GetBucketOwnershipControls',
] as const;

const Bucket = z
  .object({
    name: BucketName,
    region: BucketRegion.default('us-east-1'),
    created: DateSpec,
    /** Absent → NoSuchPublicAccessBlockConfiguration. */
    public_access_block: PublicAccessBlock.optional(),
    /** Absent → ServerSideEncryptionConfigurationNotFoundError (buckets created before 2023 could have none). */
    encryption: Encryption.optional(),
    /** Absent → versioning never enabled (an empty VersioningConfiguration). */
    versioning: Versioning.optional(),
    /** Absent → server access logging off. */
    logging: Logging.optional(),
    /** Absent → NoSuchBucketPolicy. */
    policy: PolicyDocument.optional(),
    /** Grants beyond the owner's FULL_CONTROL, which every bucket has. */
    acl: z.array(Grant).default([]),
    /** Absent → ObjectLockConfigurationNotFoundError. */
    object_lock: ObjectLock.optional(),
    /** Absent → OwnershipControlsNotFoundError (ACLs in force, the pre-2023 default). */
    ownership: z.enum(['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter']).optional(),
    /** Operations the demo's credentials may not call on this bucket (403 AccessDenied). */
    deny: z.array(z.enum(S3_BUCKET_OPERATIONS)).default([]),
  })
  .strict();

export const S3AccountEstate = z
  .object({
    /** Absent → the account has no Block Public Access configuration (NoSuchPublicAccessBlockConfiguration). */
    public_access_block: PublicAccessBlock.optional(),
    buckets: z.array(Bucket).default([]),
  })
  .strict()
  .superRefine((s3, ctx) => {
    const names = new Set<string>();
    s3.buckets.forEach((b, i) => {
      if (names.has(b.name)) ctx.addIssue({ code: 'custom', path: ['buckets', i, 'name'], message: `${b.name} is declared twice` });
      names.add(b.name);
    });
  });

export type EstateS3Account = z.infer<typeof S3AccountEstate>;
export type EstateS3Bucket = z.infer<typeof Bucket>;
export type EstateS3PublicAccessBlock = z.infer<typeof PublicAccessBlock>;
export type EstateS3Grant = z.infer<typeof Grant>;
