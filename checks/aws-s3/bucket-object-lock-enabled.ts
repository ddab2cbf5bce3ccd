import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';
import { bucketListed, BucketNameList } from '../lib/s3.js';

const Params = z
  .object({
    /** The backup, audit-log and evidence buckets that must be immutable; other buckets are not applicable. */
    designated_buckets: BucketNameList,
  })
  .strict();

/** Designated buckets have Object Lock enabled with a default retention rule, so every new object is locked. */
export const bucketObjectLockEnabled = defineCheck({
  id: 's3.bucket_object_lock_enabled',
  observes: 'aws.s3.bucket',
  parameters: Params,
  evaluate: unknownsAsError((obs, ctx) => {
    const a = obs.attributes;
    if (!bucketListed(a.name, ctx.params.designated_buckets)) return { status: 'not_applicable', reason: 'bucket is not in designated_buckets' };
    const lock = requireKnown(a.objectLock, 'Object Lock configuration');
    if (lock === null || !lock.enabled) return { status: 'fail', reason: 'Object Lock is not enabled' };
    const r = lock.defaultRetention;
    if (r === null) return { status: 'fail', reason: 'Object Lock is enabled without a default retention rule' };
    const period = r.years !== null ? `${r.years} year${r.years === 1 ? '' : 's'}` : `${r.days ?? 0} day${r.days === 1 ? '' : 's'}`;
    return { status: 'pass', reason: `Object Lock is enabled with default ${r.mode} retention of ${period}` };
  }),
});
