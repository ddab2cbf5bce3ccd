import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';

/** An IAM user who can sign in to the console has MFA. Users without a console password are out of scope. */
export const userConsoleMfaEnabled = defineCheck({
  id: 'iam.user_console_mfa_enabled',
  observes: 'aws.iam.user',
  parameters: z.object({}).strict(),
  evaluate: unknownsAsError((obs) => {
    const creds = requireKnown(obs.attributes.credentials, 'credential-report row');
    if (!creds.passwordEnabled) return { status: 'not_applicable', reason: 'user has no console password' };
    return creds.mfaActive
      ? { status: 'pass', reason: 'console user has an MFA device' }
      : { status: 'fail', reason: 'console user has no MFA device' };
  }),
});
