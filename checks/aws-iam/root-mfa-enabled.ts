import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { unknownsAsError } from '../lib/known.js';
import { rootMfaState } from './root-mfa-state.js';

/** The root user has an MFA device. */
export const rootMfaEnabled = defineCheck({
  id: 'iam.root_mfa_enabled',
  observes: 'aws.iam.account',
  parameters: z.object({}).strict(),
  evaluate: unknownsAsError((obs) => {
    const mfa = rootMfaState(obs.attributes);
    return mfa.enabled
      ? { status: 'pass', reason: `root user has an MFA device (${mfa.source})` }
      : { status: 'fail', reason: `root user has no MFA device (${mfa.source})` };
  }),
});
