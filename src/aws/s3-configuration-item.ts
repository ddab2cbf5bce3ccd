import { z } from 'zod';

/**
 * The S3 bucket configuration item as AWS Config records it (resource type AWS::S3::Bucket), in Config's
 * own field names — property paths per awslabs/aws-config-resource-schema
 * (config/properties/resource-types/AWS::S3::Bucket.properties.json); AccessControlList, BucketPolicy and
 * BucketOwnershipControls are recorded but not indexed for queries, and their shapes follow configuration
 * items AWS publishes. Objects are loose (unknown members kept) because Config adds members over time, but
 * every member read here is typed, and a wrong type makes the item malformed rather than silently absent.
 *
 * Supplementary entries are absent when the bucket has no such setting (no bucket-level public access
 * block, no object lock); Config may deliver an entry as a JSON string (AccessControlList always is one),
 * so each is parsed before it is validated.
 */

/** Accepts an entry either as an object or as the JSON string Config sometimes stores it as. */
function jsonEncoded<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value; // the schema then rejects it as malformed
    }
  }, schema);
}

export const PublicAccessBlockConfiguration = z.looseObject({
  blockPublicAcls: z.boolean(),
  ignorePublicAcls: z.boolean(),
  blockPublicPolicy: z.boolean(),
  restrictPublicBuckets: z.boolean(),
});

export const ServerSideEncryptionConfiguration = z.looseObject({
  rules: z.array(
    z.looseObject({
      applyServerSideEncryptionByDefault: z.looseObject({ sseAlgorithm: z.string(), kmsMasterKeyID: z.string().nullish() }).nullish(),
      bucketKeyEnabled: z.boolean().nullish(),
    }),
  ),
});

export const BucketVersioningConfiguration = z.looseObject({
  /** Off (never enabled), Enabled or Suspended. */
  status: z.string(),
  isMfaDeleteEnabled: z.boolean().nullish(),
});

export const BucketLoggingConfiguration = z.looseObject({
  destinationBucketName: z.string().nullish(),
  logFilePrefix: z.string().nullish(),
});

export const BucketPolicy = z.looseObject({
  /** The policy document as a JSON string; null when the bucket has no policy. */
  policyText: z.string().nullish(),
});

/** A grantee is a canonical user `{id, displayName}` or a group name such as `AllUsers` / `AuthenticatedUsers`. */
export const Grant = z.looseObject({
  grantee: z.union([
    z.string(),
    /** typeIdentifier, when present, says what `identifier` is: `id` (canonical user), `emailAddress` or `uri` (group). */
    z.looseObject({ id: z.string().nullish(), displayName: z.string().nullish(), identifier: z.string().nullish(), typeIdentifier: z.string().nullish() }),
  ]),
  /** FullControl, Read, Write, ReadAcp, WriteAcp */
  permission: z.string(),
});

export const AccessControlList = z.looseObject({
  grantList: z.array(Grant).nullish(),
  owner: z.looseObject({ id: z.string().nullish(), displayName: z.string().nullish() }).nullish(),
  isRequesterCharged: z.boolean().nullish(),
});

export const BucketOwnershipControls = z.looseObject({
  bucketName: z.string().nullish(),
  ownershipControls: z
    .looseObject({
      /** objectOwnership: BucketOwnerEnforced, BucketOwnerPreferred or ObjectWriter. */
      rules: z.array(z.looseObject({ objectOwnership: z.string() })),
    })
    .nullish(),
});

export const ObjectLockConfiguration = z.looseObject({
  objectLockEnabled: z.string().nullish(),
  rule: z
    .looseObject({
      defaultRetention: z.looseObject({ mode: z.string().nullish(), days: z.number().int().nullish(), years: z.number().int().nullish() }).nullish(),
    })
    .nullish(),
});

export const S3SupplementaryConfiguration = z.looseObject({
  PublicAccessBlockConfiguration: jsonEncoded(PublicAccessBlockConfiguration).optional(),
  ServerSideEncryptionConfiguration: jsonEncoded(ServerSideEncryptionConfiguration).optional(),
  BucketVersioningConfiguration: jsonEncoded(BucketVersioningConfiguration).optional(),
  BucketLoggingConfiguration: jsonEncoded(BucketLoggingConfiguration).optional(),
  BucketPolicy: jsonEncoded(BucketPolicy).optional(),
  AccessControlList: jsonEncoded(AccessControlList).optional(),
  BucketOwnershipControls: jsonEncoded(BucketOwnershipControls).optional(),
  ObjectLockConfiguration: jsonEncoded(ObjectLockConfiguration).optional(),
  IsRequesterPaysEnabled: jsonEncoded(z.boolean()).optional(),
});

export const S3BucketConfiguration = z.looseObject({
  name: z.string(),
  owner: z.looseObject({ id: z.string().nullish(), displayName: z.string().nullish() }).nullish(),
  creationDate: z.string().nullish(),
});

/** One row of the advanced query in config-advanced-query.ts. */
export const S3ConfigurationItemRow = z.object({
  resourceId: z.string().min(1),
  resourceName: z.string().nullish(),
  awsRegion: z.string().min(1),
  configuration: jsonEncoded(S3BucketConfiguration),
  supplementaryConfiguration: jsonEncoded(S3SupplementaryConfiguration).nullish(),
});

export type S3SupplementaryConfigurationValue = z.infer<typeof S3SupplementaryConfiguration>;
export type S3BucketConfigurationValue = z.infer<typeof S3BucketConfiguration>;
