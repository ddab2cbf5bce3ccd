import type { EstateConfigRegion } from '../estate/config-schema.js';
import { resolveDate } from '../estate/dates.js';
import type { EstateAwsAccount } from '../estate/schema.js';
import type { EstateS3Bucket, EstateS3Grant } from '../estate/s3-schema.js';
import { JsonError, type JsonObject, type JsonValue } from './aws-json.js';
import { bucketRegion } from './s3.js';
import { canonicalUserId } from './s3-xml.js';

/**
 * SelectResourceConfig for the fake: a deliberately tiny matcher, not a SQL engine. It understands
 * exactly one shape — `SELECT <field>, … WHERE resourceType = '<type>'` over the top-level fields below —
 * which is what src/aws/config-advanced-query.ts sends. Anything else answers
 * InvalidExpressionException, so a collector that starts sending other queries fails loudly in tests
 * instead of being answered with something made up.
 *
 * Configuration items are derived from the estate's S3 buckets (`aws.accounts[].s3`) — the same settings
 * src/demo/fakes/s3.ts answers the S3 API from — in the shapes AWS Config records for AWS::S3::Bucket
 * (field names per awslabs/aws-config-resource-schema, `AWS::S3::Bucket.properties.json`; AccessControlList
 * is itself a JSON string inside the item, as Config stores it). So a bucket reads the same whichever way
 * it is read. A bucket's `deny:` does not reach these items: it limits the demo's credentials, while Config
 * records with its own service-linked role.
 */

const SELECTABLE = new Set(['resourceId', 'resourceName', 'resourceType', 'awsRegion', 'accountId', 'arn', 'configuration', 'supplementaryConfiguration']);

const QUERY = /^SELECT\s+(.+?)\s+WHERE\s+resourceType\s*=\s*'([A-Za-z0-9:]+)'$/i;

export interface ParsedSelect {
  readonly fields: string[];
  readonly resourceType: string;
}

export function parseSelect(expression: string): ParsedSelect {
  const match = QUERY.exec(expression.trim().replace(/\s+/g, ' '));
  if (match === null) throw new JsonError(400, 'InvalidExpressionException', `The fake supports only SELECT <fields> WHERE resourceType = '<type>'; got: ${expression}`);
  const fields = match[1]!.split(',').map((f) => f.trim());
  const bad = fields.filter((f) => !SELECTABLE.has(f));
  if (bad.length > 0) throw new JsonError(400, 'InvalidExpressionException', `Unsupported select field(s): ${bad.join(', ')}`);
  return { fields, resourceType: match[2]! };
}

/** Config records S3 permissions by the Java SDK's enum names, not the API's (FULL_CONTROL → FullControl). */
const CONFIG_PERMISSION: Readonly<Record<EstateS3Grant['permission'], string>> = {
  FULL_CONTROL: 'FullControl',
  READ: 'Read',
  WRITE: 'Write',
  READ_ACP: 'ReadAcp',
  WRITE_ACP: 'WriteAcp',
};

function accessControlList(bucket: EstateS3Bucket, owner: string): string {
  // Group grantees are recorded by name (AllUsers), canonical users as {id, displayName}; the owner's grant comes first, as in S3.
  const grant = (grantee: JsonValue, permission: string): JsonValue => ({ grantee, permission, referenceId: null });
  const grantList: JsonValue[] = [
    grant({ id: owner, displayName: null }, 'FullControl'),
    ...bucket.acl.map((g) => grant(typeof g.grantee === 'string' ? g.grantee : { id: g.grantee.canonical_user, displayName: null }, CONFIG_PERMISSION[g.permission])),
  ];
  return JSON.stringify({ grantSet: null, grantList, owner: { displayName: null, id: owner }, isRequesterCharged: false });
}

function supplementaryConfiguration(bucket: EstateS3Bucket, owner: string): JsonObject {
  const v = bucket.versioning;
  const out: JsonObject = {
    AccessControlList: accessControlList(bucket, owner),
    BucketAccelerateConfiguration: { status: null },
    BucketLoggingConfiguration: { destinationBucketName: bucket.logging?.target_bucket ?? null, logFilePrefix: bucket.logging?.target_prefix ?? null },
    BucketNotificationConfiguration: { configurations: {} },
    BucketPolicy: { policyText: bucket.policy !== undefined ? JSON.stringify(bucket.policy) : null },
    // `Off` = never enabled; isMfaDeleteEnabled is null until MFA delete was configured (S3 then omits MfaDelete too).
    BucketVersioningConfiguration: { status: v?.status ?? 'Off', isMfaDeleteEnabled: v?.mfa_delete === true ? true : null },
    IsRequesterPaysEnabled: false,
  };
  // Config records these entries only when the bucket has the setting at all.
  const e = bucket.encryption;
  if (e !== undefined) {
    out.ServerSideEncryptionConfiguration = {
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: e.algorithm, kmsMasterKeyID: e.kms_key_id ?? null }, bucketKeyEnabled: e.bucket_key }],
    };
  }
  if (bucket.ownership !== undefined) {
    out.BucketOwnershipControls = { bucketName: bucket.name, ownershipControls: { rules: [{ objectOwnership: bucket.ownership }] } };
  }
  const p = bucket.public_access_block;
  if (p !== undefined) {
    out.PublicAccessBlockConfiguration = {
      blockPublicAcls: p.block_public_acls,
      ignorePublicAcls: p.ignore_public_acls,
      blockPublicPolicy: p.block_public_policy,
      restrictPublicBuckets: p.restrict_public_buckets,
    };
  }
  const lock = bucket.object_lock;
  if (lock !== undefined) {
    const r = lock.default_retention;
    out.ObjectLockConfiguration = {
      objectLockEnabled: 'Enabled',
      rule: r !== undefined ? { defaultRetention: { mode: r.mode, days: r.days ?? null, years: r.years ?? null } } : null,
    };
  }
  return out;
}

function bucketItem(bucket: EstateS3Bucket, account: EstateAwsAccount, region: string, now: Date): JsonObject {
  const owner = canonicalUserId(account.id);
  return {
    resourceId: bucket.name,
    resourceName: bucket.name,
    resourceType: 'AWS::S3::Bucket',
    awsRegion: region,
    accountId: account.id,
    arn: `arn:aws:s3:::${bucket.name}`,
    configuration: { name: bucket.name, owner: { displayName: null, id: owner }, creationDate: resolveDate(bucket.created, now).toISOString() },
    supplementaryConfiguration: supplementaryConfiguration(bucket, owner),
  };
}

/** Whether the region's recorder is recording AWS::S3::Bucket (otherwise Config holds no current items for it). */
export function recordsS3Buckets(region: EstateConfigRegion): boolean {
  const r = region.recorder;
  return r !== undefined && r.recording && (r.all_supported || r.resource_types.includes('AWS::S3::Bucket'));
}

/**
 * The rows an advanced query returns — each a JSON string holding only the selected fields — for the
 * account's S3 buckets in this region (Config is regional: a bucket is recorded in its own region only).
 */
export function selectRows(query: ParsedSelect, region: EstateConfigRegion, account: EstateAwsAccount, regionName: string, now: Date): string[] {
  if (query.resourceType !== 'AWS::S3::Bucket' || !recordsS3Buckets(region)) return [];
  return (account.s3?.buckets ?? [])
    .filter((bucket) => bucketRegion(bucket) === regionName)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((bucket) => {
      const item = bucketItem(bucket, account, regionName, now);
      return JSON.stringify(Object.fromEntries(query.fields.map((f) => [f, item[f] ?? null])));
    });
}
