import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';

/**
 * A role exists with the AWS-managed AWSSupportAccess policy attached, so incidents can be raised with AWS
 * Support without sharing root or an administrator (CIS AWS Foundations). Read from the authorization details,
 * which list every role's attached policies: the same answer ListEntitiesForPolicy would give, with no extra call.
 */
export const supportRoleExists = defineCheck({
  id: 'iam.support_role_exists',
  observes: 'aws.iam.account',
  parameters: z.object({}).strict(),
  evaluate: unknownsAsError((obs) => {
    const roles = requireKnown(obs.attributes.supportRoles, 'roles with AWSSupportAccess');
    return roles.length > 0
      ? { status: 'pass', reason: `AWSSupportAccess is attached to ${roles.map((r) => r.slice(r.lastIndexOf('/') + 1)).join(', ')}` }
      : { status: 'fail', reason: 'no role has the AWS-managed AWSSupportAccess policy attached' };
  }),
});
