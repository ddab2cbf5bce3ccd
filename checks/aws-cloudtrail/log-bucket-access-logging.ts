import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { isUnknown } from '../../src/model/unknown.js';
import { CannotEvaluate, unknownsAsError } from '../lib/known.js';
import { trailLogBucket } from '../lib/s3.js';

/**
 * The S3 bucket the trail delivers to has server access logging on (CIS AWS Foundations 4.4): who read or
 * deleted the audit logs is itself recorded. Joined with this run's `aws.s3.bucket` observation of the bucket,
 * as cloudtrail.log_bucket_not_public is; a bucket this run did not observe is an error, never a pass.
 * Logging into the bucket itself fails (no independent record), as in s3.bucket_access_logging_enabled.
 */
export const logBucketAccessLogging = defineCheck({
  id: 'cloudtrail.log_bucket_access_logging',
  observes: 'aws.cloudtrail.trail',
  parameters: z.object({}).strict(),
  evaluate: unknownsAsError((obs, ctx) => {
    const { name } = obs.attributes;
    const { bucketName: s3BucketName, bucket } = trailLogBucket(ctx.observations, obs.attributes, 'whether it logs access');
    const logging = bucket.logging;
    if (isUnknown(logging)) throw new CannotEvaluate(`server access logging of log bucket ${s3BucketName} could not be collected: ${logging.$unknown}`);
    if (logging === null) return { status: 'fail', reason: `log bucket ${s3BucketName} of trail ${name} has server access logging off` };
    if (logging.targetBucket === s3BucketName) return { status: 'fail', reason: `log bucket ${s3BucketName} of trail ${name} delivers its access logs to itself` };
    return { status: 'pass', reason: `log bucket ${s3BucketName} of trail ${name} logs access to ${logging.targetBucket}/${logging.targetPrefix}` };
  }),
});
