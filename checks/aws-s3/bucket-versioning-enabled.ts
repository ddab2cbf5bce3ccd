import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';

/** Versioning is Enabled (Suspended or never enabled fails): overwritten and deleted objects stay recoverable. */
export const bucketVersioningEnabled = defineCheck({
  id: 's3.bucket_versioning_enabled',
  observes: 'aws.s3.bucket',
  parameters: z.object({}).strict(),
  evaluate: unknownsAsError((obs) => {
    const v = requireKnown(obs.attributes.versioning, 'versioning');
    if (v.status === 'Enabled') return { status: 'pass', reason: `versioning is Enabled${v.mfaDelete === 'Enabled' ? ' with MFA delete' : ''}` };
    return { status: 'fail', reason: v.status === 'Suspended' ? 'versioning is Suspended' : 'versioning was never enabled' };
  }),
});
