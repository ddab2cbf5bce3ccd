import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { CannotEvaluate, unknownsAsError } from '../lib/known.js';
import { bucketListed, BucketNameList, publicFindings } from '../lib/s3.js';

const Params = z.object({ public_bucket_allowlist: BucketNameList }).strict();

/**
 * Neither the ACL (grants to AllUsers / AuthenticatedUsers) nor the bucket policy (S3's IsPublic, or a statement
 * open to everyone without a restricting condition) makes the bucket public. Any one public finding fails; with
 * no finding, every source must have been read — an unreadable ACL is an error, never "not public". A bucket with
 * no policy is not public by policy (no GetBucketPolicyStatus is made for it); when S3's status cannot be read
 * for a policy, controlwatch's own analysis judges and the reason says so (rules: checks/lib/s3.ts publicFindings).
 */
export const bucketNotPublic = defineCheck({
  id: 's3.bucket_not_public',
  observes: 'aws.s3.bucket',
  parameters: Params,
  evaluate: unknownsAsError((obs, ctx) => {
    const a = obs.attributes;
    if (bucketListed(a.name, ctx.params.public_bucket_allowlist)) return { status: 'not_applicable', reason: 'bucket is on public_bucket_allowlist' };
    const { findings, missing, fallbacks } = publicFindings(a);
    if (findings.length > 0) return { status: 'fail', reason: `bucket is public: ${findings.join('; ')}` };
    if (missing.length > 0) throw new CannotEvaluate(missing.join('; '));
    // Worded from the analysis the verdict rests on (known here), not from the raw policy document.
    if (a.policyAnalysis === null) return { status: 'pass', reason: 'no public ACL grants and no bucket policy' };
    return { status: 'pass', reason: `no public ACL grants and the bucket policy is not public${fallbacks.length > 0 ? ` (${fallbacks.join('; ')})` : ''}` };
  }),
});
