import { compareText } from '../../src/util/compare.js';
import { CannotEvaluate } from '../../src/model/cannot-evaluate.js';
import type { CollectionOutput } from '../../src/model/collector.js';
import type { Observation, PopulationGap } from '../../src/model/observation.js';
import { unknown, type Maybe } from '../../src/model/unknown.js';
import type { Outcome, Traced } from '../../src/sdk/aws-call.js';
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
import { analyseBucketPolicy } from './policy.js';

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

/** One bucket's raw state and the operations made for it (its own reads, or the Config calls that described it). */
export interface TracedBucket {
  readonly raw: BucketRaw;
  readonly operations: readonly string[];
}

/** Each outcome carries the operations counted while it was read: an observation's `source` is their union. */
export interface S3RawState {
  readonly accountId: string;
  readonly scope: string;
  /** The scope-level calls every observation rests on (the account proof). */
  readonly proof: readonly string[];
  readonly accountPublicAccessBlock: Traced<PublicAccessBlockValue | null>;
  /** The calls that listed the bucket population (every bucket observation rests on them). */
  readonly listing: readonly string[];
  /** The ListBuckets population with each bucket's concerns, or why it could not be listed. */
  readonly buckets: Outcome<TracedBucket[]>;
}

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

/** The operations the bucket's observation rests on: the proof, the listing, the account-level setting it repeats, and its own. */
function provenance(b: TracedBucket, raw: S3RawState): string[] {
  return [...new Set([...raw.proof, ...raw.listing, ...raw.accountPublicAccessBlock.operations, ...b.operations])].sort(compareText);
}

function bucketObservation(traced: TracedBucket, raw: S3RawState): Observation<S3BucketAttributes> {
  const b = traced.raw;
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
    source: provenance(traced, raw),
  };
}

/** All observations and population gaps for one account. */
export function normalizeS3(raw: S3RawState): CollectionOutput {
  const account: Observation<S3AccountAttributes> = {
    type: 'aws.s3.account',
    id: accountObservationId(raw.accountId),
    scope: raw.scope,
    attributes: { source: 's3-api', accountId: raw.accountId, publicAccessBlock: known(raw.accountPublicAccessBlock) },
    source: [...new Set([...raw.proof, ...raw.accountPublicAccessBlock.operations])].sort(compareText),
  };
  const observations: Observation[] = [account];
  const gaps: PopulationGap[] = [];
  if (raw.buckets.ok) {
    observations.push(...[...raw.buckets.value].sort((a, b) => compareText(a.raw.name, b.raw.name)).map((b) => bucketObservation(b, raw)));
  } else {
    // "No buckets" would be a lie: the population is unknown, so every bucket check errors for the scope.
    gaps.push({ type: 'aws.s3.bucket', reason: raw.buckets.reason });
  }
  return { observations, gaps };
}
