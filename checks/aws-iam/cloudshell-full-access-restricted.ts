import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';

/**
 * Nobody holds the AWS-managed AWSCloudShellFullAccess policy: it allows file upload and download through
 * CloudShell, a path for data to leave the account that bypasses other controls (CIS AWS Foundations).
 * Read from the authorization details (every principal's attached policies), with no extra call.
 */
export const cloudShellFullAccessRestricted = defineCheck({
  id: 'iam.cloudshell_full_access_restricted',
  observes: 'aws.iam.account',
  parameters: z.object({}).strict(),
  evaluate: unknownsAsError((obs) => {
    const holders = requireKnown(obs.attributes.cloudShellFullAccessHolders, 'holders of AWSCloudShellFullAccess');
    return holders.length > 0
      ? { status: 'fail', reason: `AWSCloudShellFullAccess is attached to ${holders.join(', ')}` }
      : { status: 'pass', reason: 'no user, group or role has AWSCloudShellFullAccess attached' };
  }),
});
