import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';
import { bucketListed, BucketNameList } from '../lib/s3.js';

const Params = z
  .object({
    /** Buckets exempt, typically the log destinations themselves (covered instead by CloudTrail data events). */
    exempt_buckets: BucketNameList,
  })
  .strict();

/** Server access logging is on, delivering to a bucket other than the bucket itself. */
export const bucketAccessLoggingEnabled = defineCheck({
  id: 's3.bucket_access_logging_enabled',
  observes: 'aws.s3.bucket',
  parameters: Params,
  evaluate: unknownsAsError((obs, ctx) => {
    const a = obs.attributes;
    if (bucketListed(a.name, ctx.params.exempt_buckets)) return { status: 'not_applicable', reason: 'bucket is on exempt_buckets' };
    const logging = requireKnown(a.logging, 'server access logging');
    if (logging === null) return { status: 'fail', reason: 'server access logging is off' };
    // Logging into itself logs its own log deliveries, endlessly; AWS advises against it and it is no independent record.
    if (logging.targetBucket === a.name) return { status: 'fail', reason: 'server access logs are delivered to the bucket itself' };
    return { status: 'pass', reason: `server access logs go to ${logging.targetBucket}/${logging.targetPrefix}` };
  }),
});
