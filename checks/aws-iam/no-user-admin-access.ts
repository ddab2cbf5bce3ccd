import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';

/**
 * No IAM user holds administrative access — attached directly, inline, or through a group. "Administrative" is
 * the rule of src/aws-policy/admin-access.ts (every IAM action on every IAM resource; boundaries and Deny as
 * documented there), decided by the collector from every policy the user holds; Unknown is an error, never a pass.
 * Administrators should be roles assumed for the task (or IAM Identity Center), not long-lived users.
 */
export const noUserAdminAccess = defineCheck({
  id: 'iam.no_user_admin_access',
  observes: 'aws.iam.user',
  parameters: z.object({}).strict(),
  evaluate: unknownsAsError((obs) => {
    const access = requireKnown(obs.attributes.administrativeAccess, 'administrative access');
    if (access.administrative) return { status: 'fail', reason: `user has administrative access: ${access.via.join('; ')}` };
    const notes = access.notes.length > 0 ? ` (${access.notes.join('; ')})` : '';
    return { status: 'pass', reason: `no policy the user holds, directly, inline or through a group, grants administrative access${notes}` };
  }),
});
