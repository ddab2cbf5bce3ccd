import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { isUnknown } from '../../src/model/unknown.js';
import { CannotEvaluate, unknownsAsError } from '../lib/known.js';
import { nameSome } from '../lib/github.js';

const Params = z
  .object({
    /** Also fail members whose only second factor is an insecure method such as SMS. */
    forbid_insecure_2fa: z.boolean(),
  })
  .strict();

/**
 * The organisation requires two-factor authentication, and no member or outside collaborator is without it
 * (nor, with forbid_insecure_2fa, on an insecure method such as SMS).
 * A failure seen is reported even when another list is Unknown; a pass needs every list.
 */
export const org2faEnforced = defineCheck({
  id: 'github.org_2fa_enforced',
  observes: 'github.org',
  parameters: Params,
  evaluate: unknownsAsError((obs, ctx) => {
    const a = obs.attributes;
    const inputs: [string, unknown][] = [
      ['the 2FA requirement setting', a.twoFactorRequirementEnabled],
      ['members without 2FA', a.membersWithout2fa],
      ['outside collaborators without 2FA', a.outsideCollaboratorsWithout2fa],
    ];
    if (ctx.params.forbid_insecure_2fa) inputs.push(['members with insecure 2FA', a.membersWithInsecure2fa]);

    const faults: string[] = [];
    if (a.twoFactorRequirementEnabled === false) faults.push('the organisation does not require two-factor authentication');
    const list = (value: unknown, what: string) => {
      if (!isUnknown(value) && Array.isArray(value) && value.length > 0) faults.push(`${what}: ${nameSome([...value].sort())}`);
    };
    list(a.membersWithout2fa, 'members without 2FA');
    list(a.outsideCollaboratorsWithout2fa, 'outside collaborators without 2FA');
    if (ctx.params.forbid_insecure_2fa) list(a.membersWithInsecure2fa, 'members using insecure 2FA (e.g. SMS)');
    if (faults.length > 0) return { status: 'fail', reason: faults.join('; ') };

    const missing = inputs.filter(([, v]) => isUnknown(v)).map(([what, v]) => `${what} could not be collected: ${(v as { $unknown: string }).$unknown}`);
    if (missing.length > 0) throw new CannotEvaluate(missing.join('; '));
    return {
      status: 'pass',
      reason: `the organisation requires 2FA and every member and outside collaborator has it${ctx.params.forbid_insecure_2fa ? ', none on an insecure method' : ''}`,
    };
  }),
});
