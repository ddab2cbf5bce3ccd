import { compareText } from '../../src/util/compare.js';
import { CannotEvaluate } from '../../src/model/cannot-evaluate.js';
import type { CollectionOutput } from '../../src/model/collector.js';
import type { Observation, PopulationGap } from '../../src/model/observation.js';
import { unknown, type Maybe } from '../../src/model/unknown.js';
import type { Outcome } from '../../src/sdk/aws-call.js';
import { OPERATION as CONFIG_SELECT } from '../aws-config/s3-advanced-query.js';
import { OPERATION as ACL } from './acl.js';
import { OPERATION as LOCATION } from './bucket-location.js';
import { POLICY_OPERATION, STATUS_OPERATION } from './bucket-policy.js';
import { OPERATION as ENCRYPTION } from './encryption.js';
import { OPERATION as LIST } from './list-buckets.js';
import { OPERATION as LOGGING } from './logging.js';
import { OPERATION as OBJECT_LOCK } from './object-lock.js';
import type {
  AclValue,
  DefaultEncryptionValue,
  LoggingValue,
  ObjectLockValue,
  OwnershipValue,
  PolicyAnalysisValue,
  PublicAccessBlockValue,
  S3AccountAttributes,
  S3BucketAttributes,
  S3SourceValue,
  VersioningValue,
} from './observations.js';
import { OPERATION as OWNERSHIP } from './ownership-controls.js';
import { analyseBucketPolicy } from './policy.js';
import { ACCOUNT_OPERATION, BUCKET_OPERATION } from './public-access-block.js';
import { OPERATION as VERSIONING } from './versioning.js';

/**
 * Pure normalizers: raw S3 answers (or the reasons they are missing) → observations. No I/O, no clock: the
 * same answers always give the same observations in the same order, so an unchanged estate hashes alike.
 */

/** Each per-bucket concern: its value (null = not configured) or why it is unknown. */
export interface BucketRaw {
  readonly name: string;
  readonly createdAt: string | null;
  /** `s3-api`: each concern read by its own S3 call; `aws-config`: from AWS Config's configuration item (config-item.ts). */
  readonly source: S3SourceValue;
  readonly region: Outcome<string>;
  readonly publicAccessBlock: Outcome<PublicAccessBlockValue | null>;
  readonly encryption: Outcome<DefaultEncryptionValue | null>;
  readonly versioning: Outcome<VersioningValue>;
  readonly logging: Outcome<LoggingValue | null>;
  readonly policy: Outcome<Record<string, unknown> | null>;
  readonly policyIsPublic: Outcome<boolean | null>;
  readonly acl: Outcome<AclValue>;
  readonly objectLock: Outcome<ObjectLockValue | null>;
  readonly ownershipControls: Outcome<OwnershipValue | null>;
}

export interface S3RawState {
  readonly accountId: string;
  readonly scope: string;
  readonly accountPublicAccessBlock: Outcome<PublicAccessBlockValue | null>;
  /** The ListBuckets population with each bucket's concerns, or why it could not be listed. */
  readonly buckets: Outcome<BucketRaw[]>;
}

/** The per-bucket concerns, in attribute order, with the operation that supplies each. */
type Concern = Exclude<keyof BucketRaw, 'name' | 'createdAt' | 'source' | 'region'>;
export const BUCKET_CONCERNS: Readonly<Record<Concern, string>> = {
  publicAccessBlock: BUCKET_OPERATION,
  encryption: ENCRYPTION,
  versioning: VERSIONING,
  logging: LOGGING,
  policy: POLICY_OPERATION,
  policyIsPublic: STATUS_OPERATION,
  acl: ACL,
  objectLock: OBJECT_LOCK,
  ownershipControls: OWNERSHIP,
};


const known = <T>(o: Outcome<T>): Maybe<T> => (o.ok ? o.value : unknown(o.reason));

export function accountObservationId(accountId: string): string {
  return `arn:aws:s3::${accountId}:account`;
}

function analysis(b: BucketRaw, accountId: string): Maybe<PolicyAnalysisValue | null> {
  if (!b.policy.ok) return unknown(b.policy.reason);
  if (b.policy.value === null) return null;
  try {
    return analyseBucketPolicy(b.policy.value, b.name, accountId);
  } catch (error) {
    // A document S3 accepted but we cannot read is evidence we cannot use: Unknown, never "not public".
    if (error instanceof CannotEvaluate) return unknown(`bucket policy could not be analysed: ${error.reason}`);
    throw error;
  }
}

/** The operations whose answers the bucket's observation holds. */
function provenance(b: BucketRaw, raw: S3RawState): string[] {
  const ops = [LIST];
  if (b.source === 'aws-config') {
    // Everything but the policy status came from Config's item; the status was read from S3 unless Config said "no policy".
    ops.push(CONFIG_SELECT);
    if (b.policyIsPublic.ok && !(b.policy.ok && b.policy.value === null)) ops.push(STATUS_OPERATION);
  } else {
    if (b.region.ok) ops.push(LOCATION);
    ops.push(...(Object.keys(BUCKET_CONCERNS) as Concern[]).filter((c) => b[c].ok).map((c) => BUCKET_CONCERNS[c]));
  }
  if (raw.accountPublicAccessBlock.ok) ops.push(ACCOUNT_OPERATION);
  return [...new Set(ops)].sort(compareText);
}

function bucketObservation(b: BucketRaw, raw: S3RawState): Observation<S3BucketAttributes> {
  const arn = `arn:aws:s3:::${b.name}`;
  return {
    type: 'aws.s3.bucket',
    id: arn,
    scope: raw.scope,
    attributes: {
      source: b.source,
      name: b.name,
      arn,
      region: known(b.region),
      createdAt: b.createdAt,
      accountPublicAccessBlock: known(raw.accountPublicAccessBlock),
      publicAccessBlock: known(b.publicAccessBlock),
      encryption: known(b.encryption),
      versioning: known(b.versioning),
      logging: known(b.logging),
      policy: known(b.policy),
      policyAnalysis: analysis(b, raw.accountId),
      policyIsPublic: known(b.policyIsPublic),
      acl: known(b.acl),
      objectLock: known(b.objectLock),
      ownershipControls: known(b.ownershipControls),
    },
    source: provenance(b, raw),
  };
}

/** All observations and population gaps for one account. */
export function normalizeS3(raw: S3RawState): CollectionOutput {
  const account: Observation<S3AccountAttributes> = {
    type: 'aws.s3.account',
    id: accountObservationId(raw.accountId),
    scope: raw.scope,
    attributes: { source: 's3-api', accountId: raw.accountId, publicAccessBlock: known(raw.accountPublicAccessBlock) },
    source: raw.accountPublicAccessBlock.ok ? [ACCOUNT_OPERATION] : [],
  };
  const observations: Observation[] = [account];
  const gaps: PopulationGap[] = [];
  if (raw.buckets.ok) {
    observations.push(...[...raw.buckets.value].sort((a, b) => compareText(a.name, b.name)).map((b) => bucketObservation(b, raw)));
  } else {
    // "No buckets" would be a lie: the population is unknown, so every bucket check errors for the scope.
    gaps.push({ type: 'aws.s3.bucket', reason: raw.buckets.reason });
  }
  return { observations, gaps };
}
