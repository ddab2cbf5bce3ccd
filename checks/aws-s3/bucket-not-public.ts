import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import type { S3BucketAttributes } from '../../collectors/aws-s3/observations.js';
import { isUnknown } from '../../src/model/unknown.js';
import { CannotEvaluate, unknownsAsError } from '../lib/known.js';
import { bucketListed, BucketNameList } from '../lib/s3.js';

const Params = z.object({ public_bucket_allowlist: BucketNameList }).strict();

/**
 * Neither the ACL (grants to AllUsers / AuthenticatedUsers) nor the bucket policy (S3's IsPublic, or a statement
 * open to everyone without a restricting condition) makes the bucket public. Any one public finding fails; with
 * no finding, every source must have been read — an unreadable ACL is an error, never "not public".
 */
export const bucketNotPublic = defineCheck<S3BucketAttributes, z.infer<typeof Params>>({
  id: 's3.bucket_not_public',
  observationType: 'aws.s3.bucket',
  parameters: Params,
  evaluate: unknownsAsError((obs, ctx) => {
    const a = obs.attributes;
    if (bucketListed(a.name, ctx.params.public_bucket_allowlist)) return { status: 'not_applicable', reason: 'bucket is on public_bucket_allowlist' };
    const findings: string[] = [];
    const missing: string[] = [];
    if (isUnknown(a.acl)) missing.push(`bucket ACL could not be collected: ${a.acl.$unknown}`);
    else for (const g of a.acl.publicGrants) findings.push(`ACL grants ${g.permission} to ${g.grantee}`);
    if (isUnknown(a.policyIsPublic)) missing.push(`bucket policy status could not be collected: ${a.policyIsPublic.$unknown}`);
    else if (a.policyIsPublic === true) findings.push('S3 reports the bucket policy as public');
    if (isUnknown(a.policyAnalysis)) missing.push(`bucket policy could not be collected: ${a.policyAnalysis.$unknown}`);
    else for (const s of a.policyAnalysis?.publicStatements ?? []) findings.push(`bucket policy ${s.statement} allows ${s.via} without a restricting condition`);

    if (findings.length > 0) return { status: 'fail', reason: `bucket is public: ${findings.join('; ')}` };
    if (missing.length > 0) throw new CannotEvaluate(missing.join('; '));
    return { status: 'pass', reason: a.policy === null ? 'no public ACL grants and no bucket policy' : 'no public ACL grants and the bucket policy is not public' };
  }),
});
