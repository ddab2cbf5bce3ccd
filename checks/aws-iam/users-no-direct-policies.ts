import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { isUnknown } from '../../src/model/unknown.js';
import { CannotEvaluate, unknownsAsError } from '../lib/known.js';

/** An IAM user gets permissions only through groups (or roles): no managed policy attached, no inline policy. */
export const usersNoDirectPolicies = defineCheck({
  id: 'iam.users_no_direct_policies',
  observes: 'aws.iam.user',
  parameters: z.object({}).strict(),
  evaluate: unknownsAsError((obs) => {
    const { attachedManagedPolicies: managed, inlinePolicies: inline } = obs.attributes;
    const direct: string[] = [];
    if (!isUnknown(managed) && managed.length > 0) direct.push(`managed ${managed.map((p) => p.name).sort().join(', ')}`);
    if (!isUnknown(inline) && inline.length > 0) direct.push(`inline ${inline.map((p) => p.name).sort().join(', ')}`);
    // A policy seen is a failure even if the other list is unknown; only a pass needs both lists.
    if (direct.length > 0) return { status: 'fail', reason: `user has policies attached directly: ${direct.join('; ')}` };
    const missing = [
      isUnknown(managed) ? `attached managed policies could not be collected: ${managed.$unknown}` : null,
      isUnknown(inline) ? `inline policies could not be collected: ${inline.$unknown}` : null,
    ].filter((m): m is string => m !== null);
    if (missing.length > 0) throw new CannotEvaluate(missing.join('; '));
    return { status: 'pass', reason: 'user has no managed or inline policy attached directly' };
  }),
});
