import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { roleNameOf } from '../../src/aws-policy/arn.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';
import { describeStatement, grantsFullAdmin, statements } from '../../src/aws-policy/statements.js';

const Params = z
  .object({
    /** Break-glass roles (names or ARNs) allowed to hold a `*` on `*` policy. */
    allowed_admin_roles: z.array(z.string().min(1)),
  })
  .strict();

function isAllowedRole(arn: string, allowed: readonly string[]): boolean {
  const name = roleNameOf(arn);
  return name !== null && (allowed.includes(arn) || allowed.includes(name));
}

/**
 * No customer-managed or inline policy grants `*` on `*`.
 * A policy held only by approved break-glass roles passes — the control is "admin only where approved",
 * and it was tested — with a reason naming the allowance, so the evidence shows it.
 * A customer-managed admin policy attached to nothing still fails: it can be attached at any moment.
 */
export const noFullAdminPolicies = defineCheck({
  id: 'iam.no_full_admin_policies',
  observes: 'aws.iam.policy',
  parameters: Params,
  evaluate: unknownsAsError((obs, ctx) => {
    const a = obs.attributes;
    const doc = requireKnown(a.document, 'policy document');
    const admin = statements(doc).filter(grantsFullAdmin);
    if (admin.length === 0) return { status: 'pass', reason: 'no statement allows "*" on "*"' };
    const grant = `${admin.map(describeStatement).join(', ')} ${admin.length === 1 ? 'allows' : 'allow'} "*" on "*"`;

    const holders = a.kind === 'inline' ? (a.embeddedIn === null ? [] : [a.embeddedIn]) : requireKnown(a.attachedTo, 'policy attachments');
    const allowed = ctx.params.allowed_admin_roles;
    if (holders.length === 0) {
      return { status: 'fail', reason: `${grant}; attached to nothing yet, but it can be attached at any time` };
    }
    const others = holders.filter((h) => !isAllowedRole(h, allowed)).sort();
    if (others.length > 0) return { status: 'fail', reason: `${grant}; held by ${others.join(', ')}` };
    return {
      status: 'pass',
      reason: `${grant}, but only approved break-glass roles hold it (allowed_admin_roles): ${[...holders].sort().join(', ')}`,
    };
  }),
});
