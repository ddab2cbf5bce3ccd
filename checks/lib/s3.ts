import { matchesPattern } from '../../src/util/glob.js';
import { z } from 'zod';
import type { AttributesOf } from '../../src/model/observation-types.js';
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
 */
export function publicFindings(a: AttributesOf<'aws.s3.bucket'>): { findings: string[]; missing: string[] } {
  const findings: string[] = [];
  const missing: string[] = [];
  if (isUnknown(a.acl)) missing.push(`bucket ACL could not be collected: ${a.acl.$unknown}`);
  else for (const g of a.acl.publicGrants) findings.push(`ACL grants ${g.permission} to ${g.grantee}`);
  if (isUnknown(a.policyIsPublic)) missing.push(`bucket policy status could not be collected: ${a.policyIsPublic.$unknown}`);
  else if (a.policyIsPublic === true) findings.push('S3 reports the bucket policy as public');
  if (isUnknown(a.policyAnalysis)) missing.push(`bucket policy could not be collected: ${a.policyAnalysis.$unknown}`);
  else for (const s of a.policyAnalysis?.publicStatements ?? []) findings.push(`bucket policy ${s.statement} allows ${s.via} without a restricting condition`);
  return { findings, missing };
}
