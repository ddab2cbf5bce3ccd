import { matchesPattern } from '../../src/util/glob.js';
import { z } from 'zod';
import type { AttributesOf, ObservationLookup } from '../../src/model/observation-types.js';
import { CannotEvaluate } from './known.js';
import { isUnknown } from '../../src/model/unknown.js';

/** Helpers shared by the S3 checks: bucket-name lists in parameters, reading Block Public Access flags, and "is it public". */

/** A parameter list of bucket names; `*` matches any run of characters (`logs-*`). */
export const BucketNameList = z.array(z.string().min(1).max(255));

export function bucketListed(name: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => matchesPattern(p, name));
}

export interface PublicAccessBlockFlags {
  readonly blockPublicAcls: boolean;
  readonly ignorePublicAcls: boolean;
  readonly blockPublicPolicy: boolean;
  readonly restrictPublicBuckets: boolean;
}

const FLAG_NAMES: readonly (keyof PublicAccessBlockFlags)[] = ['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'];

/** The names of the settings that are off (the API's names, e.g. `BlockPublicAcls`). */
export function flagsOff(pab: PublicAccessBlockFlags): string[] {
  return FLAG_NAMES.filter((f) => !pab[f]).map((f) => f.charAt(0).toUpperCase() + f.slice(1));
}

export function fullyOn(pab: PublicAccessBlockFlags | null): boolean {
  return pab !== null && flagsOff(pab).length === 0;
}

/**
 * What makes a bucket public — ACL grants to AllUsers / AuthenticatedUsers, S3's own policy status, policy
 * statements open to everyone without a restricting condition — and which of those sources could not be read.
 * Shared by s3.bucket_not_public and the checks that join a bucket (CloudTrail's log bucket), so "public" means
 * one thing everywhere.
 *
 * Two judges of the policy, and which wins:
 * - Both answered: "public" wins. S3's IsPublic true fails the bucket even when controlwatch's analysis finds no
 *   open statement (S3 knows its own condition semantics), and an open statement found by the analysis fails it
 *   even when S3 says not public (a second opinion that errs towards exposure).
 * - S3's status could not be read (GetBucketPolicyStatus failed) but the policy was: the analysis judges alone,
 *   and a pass says so (`fallbacks`). It does not pass a statement open to everyone that only aws:SourceIp pins
 *   — how broad a range S3 calls public is S3's call — so that case stays `missing` (an error with the reason).
 * - No policy (a known null): nothing for a policy to make public, whatever the status read did.
 */
export function publicFindings(a: AttributesOf<'aws.s3.bucket'>): { findings: string[]; missing: string[]; fallbacks: string[] } {
  const findings: string[] = [];
  const missing: string[] = [];
  const fallbacks: string[] = [];
  if (isUnknown(a.acl)) missing.push(`bucket ACL could not be collected: ${a.acl.$unknown}`);
  else for (const g of a.acl.publicGrants) findings.push(`ACL grants ${g.permission} to ${g.grantee}`);
  const analysis = a.policyAnalysis;
  if (isUnknown(analysis)) missing.push(`bucket policy could not be collected: ${analysis.$unknown}`);
  else for (const s of analysis?.publicStatements ?? []) findings.push(`bucket policy ${s.statement} allows ${s.via} without a restricting condition`);
  if (!isUnknown(a.policyIsPublic)) {
    if (a.policyIsPublic === true) findings.push('S3 reports the bucket policy as public');
  } else if (isUnknown(analysis)) {
    missing.push(`bucket policy status could not be collected: ${a.policyIsPublic.$unknown}`);
  } else if (analysis !== null) {
    const ipOnly = analysis.pinnedStatements.filter((p) => p.keys.length === 1 && p.keys[0] === 'aws:SourceIp').map((p) => p.statement);
    if (ipOnly.length > 0) {
      missing.push(
        `bucket policy status could not be collected (${a.policyIsPublic.$unknown}) and ${ipOnly.join(', ')} ${ipOnly.length === 1 ? 'opens' : 'open'} the bucket to everyone limited only by aws:SourceIp, which only S3's own status judges`,
      );
    } else {
      fallbacks.push(`judged by controlwatch's policy analysis because S3's policy status could not be collected (${a.policyIsPublic.$unknown})`);
    }
  }
  return { findings, missing, fallbacks };
}

/**
 * A CloudTrail trail's delivery bucket, joined from this run's `aws.s3.bucket` observation by ARN (the bucket is
 * never read again). No bucket, or one this run did not observe, cannot be judged: `question` says what would
 * have been decided ("whether it is public").
 */
export function trailLogBucket(
  lookup: ObservationLookup,
  trail: { readonly name: string; readonly s3BucketName: string | null },
  question: string,
): { readonly bucketName: string; readonly bucket: AttributesOf<'aws.s3.bucket'> } {
  if (trail.s3BucketName === null) throw new CannotEvaluate(`trail ${trail.name} reports no S3 bucket`);
  const bucket = lookup.get('aws.s3.bucket', `arn:aws:s3:::${trail.s3BucketName}`);
  if (bucket === undefined) {
    throw new CannotEvaluate(
      `log bucket ${trail.s3BucketName} of trail ${trail.name} was not observed in this run (an account outside the scope, or its S3 collection failed), so ${question} is unknown`,
    );
  }
  return { bucketName: trail.s3BucketName, bucket: bucket.attributes };
}
