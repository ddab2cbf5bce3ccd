import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';

/** ObjectOwnership is BucketOwnerEnforced: ACLs are disabled and access is governed by policies alone. */
export const bucketAclsDisabled = defineCheck({
  id: 's3.bucket_acls_disabled',
  observes: 'aws.s3.bucket',
  parameters: z.object({}).strict(),
  evaluate: unknownsAsError((obs) => {
    const ownership = requireKnown(obs.attributes.ownershipControls, 'ownership controls');
    if (ownership === 'BucketOwnerEnforced') return { status: 'pass', reason: 'ObjectOwnership is BucketOwnerEnforced (ACLs disabled)' };
    return { status: 'fail', reason: ownership === null ? 'no ownership controls, so ACLs are in force' : `ObjectOwnership is ${ownership}, so ACLs are in force` };
  }),
});
