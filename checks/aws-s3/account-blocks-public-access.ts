import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';
import { flagsOff } from '../lib/s3.js';

/** All four account-level Block Public Access settings are on. No configuration at all is a real failure. */
export const accountBlocksPublicAccess = defineCheck({
  id: 's3.account_public_access_block',
  observes: 'aws.s3.account',
  parameters: z.object({}).strict(),
  evaluate: unknownsAsError((obs) => {
    const pab = requireKnown(obs.attributes.publicAccessBlock, 'account-level Block Public Access');
    if (pab === null) return { status: 'fail', reason: 'the account has no Block Public Access configuration (all four settings off)' };
    const off = flagsOff(pab);
    return off.length === 0
      ? { status: 'pass', reason: 'all four account-level Block Public Access settings are on' }
      : { status: 'fail', reason: `account-level Block Public Access settings off: ${off.join(', ')}` };
  }),
});
