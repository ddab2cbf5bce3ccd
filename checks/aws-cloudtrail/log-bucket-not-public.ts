import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { CannotEvaluate, unknownsAsError } from '../lib/known.js';
import { publicFindings, trailLogBucket } from '../lib/s3.js';

/**
 * The S3 bucket the trail delivers to is not public. The bucket is not read again: its `aws.s3.bucket`
 * observation from this run's S3 collection is joined by ARN, and "public" is decided exactly as
 * s3.bucket_not_public decides it (checks/lib/s3.ts). A bucket this run did not observe — it lives in an account
 * outside the scope, or its collection failed — is an error, never a pass. No allow-list: a public log bucket is
 * never acceptable.
 */
export const logBucketNotPublic = defineCheck({
  id: 'cloudtrail.log_bucket_not_public',
  observes: 'aws.cloudtrail.trail',
  parameters: z.object({}).strict(),
  evaluate: unknownsAsError((obs, ctx) => {
    const { name } = obs.attributes;
    const { bucketName: s3BucketName, bucket } = trailLogBucket(ctx.observations, obs.attributes, 'whether it is public');
    const { findings, missing, fallbacks } = publicFindings(bucket);
    if (findings.length > 0) return { status: 'fail', reason: `log bucket ${s3BucketName} of trail ${name} is public: ${findings.join('; ')}` };
    if (missing.length > 0) throw new CannotEvaluate(`log bucket ${s3BucketName} of trail ${name}: ${missing.join('; ')}`);
    const how = fallbacks.length > 0 ? ` (${fallbacks.join('; ')})` : '';
    return { status: 'pass', reason: `log bucket ${s3BucketName} of trail ${name} has no public ACL grant and no public bucket policy${how}` };
  }),
});
