import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';
import { bucketListed, BucketNameList } from '../lib/s3.js';

const Params = z
  .object({
    /** Buckets that must have MFA delete (`*` wildcards); the others are not applicable. Default: every bucket (CIS 3.1.2). */
    buckets: BucketNameList,
  })
  .strict();

/**
 * MFA delete is enabled (it requires versioning: deleting a version or suspending versioning then needs the
 * root user's MFA code). Buckets outside `buckets` are not applicable.
 */
export const bucketMfaDeleteEnabled = defineCheck({
  id: 's3.bucket_mfa_delete_enabled',
  observes: 'aws.s3.bucket',
  parameters: Params,
  evaluate: unknownsAsError((obs, ctx) => {
    const a = obs.attributes;
    if (!bucketListed(a.name, ctx.params.buckets)) return { status: 'not_applicable', reason: 'bucket is not among the buckets that require MFA delete' };
    const versioning = requireKnown(a.versioning, 'bucket versioning');
    if (versioning.mfaDelete === 'Enabled') {
      return versioning.status === 'Enabled'
        ? { status: 'pass', reason: 'MFA delete is enabled on the versioned bucket' }
        : { status: 'fail', reason: `MFA delete is enabled but versioning is ${versioning.status ?? 'not enabled'}, so no version is protected` };
    }
    return { status: 'fail', reason: versioning.mfaDelete === 'Disabled' ? 'MFA delete is disabled' : 'MFA delete was never configured' };
  }),
});
