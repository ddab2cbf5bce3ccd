import type { z } from 'zod';
import { OPERATION as SELECT, type ConfigS3Bucket } from '../../src/aws/config-advanced-query.js';
import type { Grant } from '../../src/aws/s3-configuration-item.js';
import type { Outcome } from '../../src/sdk/aws-call.js';
import { aclValue } from './acl.js';
import { parsePolicyDocument, policyStatusNeeded } from './bucket-policy.js';
import type { ListedBucket } from './list-buckets.js';
import type { BucketRaw } from './normalize.js';
import type { AclValue, DefaultEncryptionValue, LoggingValue, ObjectLockValue, OwnershipValue, PublicAccessBlockValue, VersioningValue } from './observations.js';
import { KNOWN_OWNERSHIP } from './ownership-controls.js';

/**
 * Pure: one AWS Config configuration item (AWS::S3::Bucket, from the advanced query) → the same BucketRaw
 * the direct S3 reads build, value for value, so a bucket's observation does not depend on which path
 * read it (only `source` says). Config's shapes differ from the API's (camelCase members, `Off` for a
 * bucket whose versioning was never enabled, group grantees by name, `FullControl`-style permissions);
 * each is translated here to the API's form.
 *
 * An entry Config records only when the bucket has the setting (public access block, default encryption,
 * ownership controls, object lock) is "not configured" (`null`) when absent, as S3's 404 answers are.
 * An entry Config always records (ACL, versioning, logging, policy) that is missing, or any entry in an
 * unexpected form, makes that one setting Unknown — never a guess that could let a check pass.
 */

type Supplementary = ConfigS3Bucket['supplementaryConfiguration'];

const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
const missing = (entry: string): Outcome<never> => ({ ok: false, reason: `${SELECT} returned no ${entry} for the bucket` });
const malformed = (entry: string): Outcome<never> => ({ ok: false, reason: `${SELECT} returned a malformed ${entry}` });

const GROUP_URIS: Readonly<Record<string, string>> = {
  AllUsers: 'http://acs.amazonaws.com/groups/global/AllUsers',
  AuthenticatedUsers: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
  LogDelivery: 'http://acs.amazonaws.com/groups/s3/LogDelivery',
};

/** Config records S3 permissions by the Java SDK's enum names (`FullControl`, `ReadAcp`); the API says FULL_CONTROL, READ_ACP. */
export function apiPermission(permission: string): string {
  return permission.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}

type Grantee = z.infer<typeof Grant>['grantee'];

/** A Config grantee as the API names it: group URI, canonical user id or e-mail address; undefined when unrecognisable. */
function apiGrantee(g: Grantee): { type: string; grantee: string } | undefined {
  if (typeof g === 'string') {
    if (Object.hasOwn(GROUP_URIS, g)) return { type: 'Group', grantee: GROUP_URIS[g]! };
    return g.startsWith('http://acs.amazonaws.com/groups/') ? { type: 'Group', grantee: g } : undefined;
  }
  const kind = g.typeIdentifier ?? (g.id !== undefined && g.id !== null ? 'id' : undefined);
  const value = kind === 'id' ? (g.id ?? g.identifier) : g.identifier;
  if (value === undefined || value === null || value === '') return undefined;
  if (kind === 'id') return { type: 'CanonicalUser', grantee: value };
  if (kind === 'emailAddress') return { type: 'AmazonCustomerByEmail', grantee: value };
  if (kind === 'uri') return { type: 'Group', grantee: value };
  return undefined;
}

function acl(s: Supplementary, item: ConfigS3Bucket): Outcome<AclValue> {
  const list = s.AccessControlList;
  if (list === undefined) return missing('AccessControlList');
  const grants: AclValue['grants'] = [];
  for (const g of list.grantList ?? []) {
    const grantee = apiGrantee(g.grantee);
    // An unreadable grantee could be a public one: the whole ACL is Unknown rather than partly read.
    if (grantee === undefined) return malformed('AccessControlList');
    grants.push({ ...grantee, permission: apiPermission(g.permission) });
  }
  return ok(aclValue(list.owner?.id ?? item.configuration.owner?.id ?? null, grants));
}

function publicAccessBlock(s: Supplementary): Outcome<PublicAccessBlockValue | null> {
  const p = s.PublicAccessBlockConfiguration;
  if (p === undefined) return ok(null);
  return ok({ blockPublicAcls: p.blockPublicAcls, ignorePublicAcls: p.ignorePublicAcls, blockPublicPolicy: p.blockPublicPolicy, restrictPublicBuckets: p.restrictPublicBuckets });
}

function encryption(s: Supplementary): Outcome<DefaultEncryptionValue | null> {
  const rules = s.ServerSideEncryptionConfiguration?.rules ?? [];
  // As on the API path: the first rule with a default algorithm is the one that applies.
  const rule = rules.find((r) => r.applyServerSideEncryptionByDefault?.sseAlgorithm !== undefined);
  const byDefault = rule?.applyServerSideEncryptionByDefault;
  if (rule === undefined || byDefault === undefined || byDefault === null) return ok(null);
  if (byDefault.sseAlgorithm === '') return malformed('ServerSideEncryptionConfiguration');
  return ok({ algorithm: byDefault.sseAlgorithm, kmsKeyId: byDefault.kmsMasterKeyID ?? null, bucketKeyEnabled: rule.bucketKeyEnabled ?? false });
}

function versioning(s: Supplementary): Outcome<VersioningValue> {
  const v = s.BucketVersioningConfiguration;
  if (v === undefined) return missing('BucketVersioningConfiguration');
  // `Off` is Config's word for a bucket that never had versioning (the API answers no Status at all).
  if (v.status !== 'Off' && v.status !== 'Enabled' && v.status !== 'Suspended') return malformed('BucketVersioningConfiguration');
  const mfaDelete = v.isMfaDeleteEnabled === true ? 'Enabled' : v.isMfaDeleteEnabled === false ? 'Disabled' : null;
  return ok({ status: v.status === 'Off' ? null : v.status, mfaDelete });
}

function logging(s: Supplementary): Outcome<LoggingValue | null> {
  const l = s.BucketLoggingConfiguration;
  if (l === undefined) return missing('BucketLoggingConfiguration');
  const target = l.destinationBucketName;
  return ok(target === undefined || target === null || target === '' ? null : { targetBucket: target, targetPrefix: l.logFilePrefix ?? '' });
}

function policy(s: Supplementary): Outcome<Record<string, unknown> | null> {
  const p = s.BucketPolicy;
  if (p === undefined) return missing('BucketPolicy');
  if (p.policyText === undefined || p.policyText === null || p.policyText === '') return ok(null);
  const parsed = parsePolicyDocument(p.policyText);
  // A policy we cannot read is Unknown (its checks error), never "no policy".
  return parsed === undefined ? { ok: false, reason: `${SELECT} returned a bucket policy that is not a JSON object` } : ok(parsed);
}

function objectLock(s: Supplementary): Outcome<ObjectLockValue | null> {
  const l = s.ObjectLockConfiguration;
  if (l === undefined) return ok(null);
  const r = l.rule?.defaultRetention;
  return ok({
    enabled: l.objectLockEnabled === 'Enabled',
    defaultRetention: r === undefined || r === null ? null : { mode: r.mode ?? '', days: r.days ?? null, years: r.years ?? null },
  });
}

function ownershipControls(s: Supplementary): Outcome<OwnershipValue | null> {
  const o = s.BucketOwnershipControls;
  const rules = o?.ownershipControls?.rules;
  if (rules === undefined || rules.length === 0) return ok(null);
  const value = rules[0]!.objectOwnership;
  return KNOWN_OWNERSHIP.has(value) ? ok(value as OwnershipValue) : malformed('BucketOwnershipControls');
}

/**
 * Does the bucket need the one direct call Config cannot replace, GetBucketPolicyStatus (S3's own "is it
 * public" verdict)? Not when Config recorded that there is no policy: the answer is then `null`, as S3's is.
 */
export function needsPolicyStatus(item: ConfigS3Bucket): boolean {
  return policyStatusNeeded(policy(item.supplementaryConfiguration));
}

/**
 * The bucket's raw state from Config's item. `listed` is the ListBuckets entry (the population and the
 * creation date stay ListBuckets'); `policyIsPublic` is GetBucketPolicyStatus's outcome, or `null` when
 * needsPolicyStatus said no call was needed.
 */
export function bucketRawFromConfigItem(item: ConfigS3Bucket, listed: ListedBucket, policyIsPublic: Outcome<boolean | null>): BucketRaw {
  const s = item.supplementaryConfiguration;
  return {
    name: listed.name,
    createdAt: listed.createdAt,
    source: 'aws-config',
    region: ok(item.region),
    publicAccessBlock: publicAccessBlock(s),
    encryption: encryption(s),
    versioning: versioning(s),
    logging: logging(s),
    policy: policy(s),
    policyIsPublic,
    acl: acl(s, item),
    objectLock: objectLock(s),
    ownershipControls: ownershipControls(s),
  };
}
