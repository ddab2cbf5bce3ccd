import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';
import { actionCovers, grantsFullAdmin, statements } from '../../src/aws-policy/statements.js';

const Action = z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9*?]+$/, 'expected an IAM action such as iam:PutUserPolicy');

const Params = z
  .object({
    /** Any one of these allowed on "*" lets a principal raise its own privileges. */
    escalation_actions: z.array(Action).min(1),
    /** iam:PassRole together with any one of these on "*" lets a principal run code as a more privileged role. */
    pass_role_companions: z.array(Action),
  })
  .strict();

/**
 * No policy allows, on Resource "*", an action known to let its holder escalate privileges.
 * Wildcards in the policy count (`iam:*`, `iam:Put*`). A full-admin policy is `not_applicable` here:
 * it already grants everything, and iam.no_full_admin_policies judges it.
 * Limits: only statements on Resource "*" are considered (a narrower resource may still allow escalation),
 * NotAction statements are out of scope, and Deny statements are not subtracted.
 */
export const noPrivilegeEscalationPolicies = defineCheck({
  id: 'iam.no_privilege_escalation_policies',
  observes: 'aws.iam.policy',
  parameters: Params,
  evaluate: unknownsAsError((obs, ctx) => {
    const all = statements(requireKnown(obs.attributes.document, 'policy document'));
    if (all.some(grantsFullAdmin)) {
      return { status: 'not_applicable', reason: 'policy grants "*" on "*"; judged by iam.no_full_admin_policies' };
    }
    const allowed = all.filter((s) => s.effect === 'Allow' && (s.resource ?? []).includes('*')).flatMap((s) => s.action ?? []);
    const grants = (name: string) => allowed.some((pattern) => actionCovers(pattern, name));
    const found = ctx.params.escalation_actions.filter(grants);
    if (grants('iam:PassRole')) {
      found.push(...ctx.params.pass_role_companions.filter(grants).map((c) => `iam:PassRole with ${c}`));
    }
    return found.length > 0
      ? { status: 'fail', reason: `allows privilege escalation on "*": ${[...new Set(found)].join(', ')}` }
      : { status: 'pass', reason: 'allows none of the listed escalation actions on "*"' };
  }),
});
