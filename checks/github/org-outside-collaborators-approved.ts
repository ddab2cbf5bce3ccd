import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import type { GithubOrgAttributes } from '../../collectors/github/observations.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';
import { ExpiryDate, isExpired, nameSome, sameLogin } from '../lib/github.js';

/**
 * An approved outside collaborator: a bare login (approved without end date) or
 * `{ login, expires: YYYY-MM-DD, ticket? }` — the approval holds through the end of `expires` (UTC).
 */
const ApprovedCollaborator = z.union([
  z.string().min(1),
  z
    .object({
      login: z.string().min(1),
      expires: ExpiryDate.nullable().optional(),
      /** Where the approval is recorded (ticket, contract); kept for the reader, not checked. */
      ticket: z.string().optional(),
    })
    .strict(),
]);

const Params = z.object({ approved_collaborators: z.array(ApprovedCollaborator) }).strict();

/**
 * Every outside collaborator of the organisation is on approved_collaborators with an unexpired approval.
 * The organisation observation lists outside collaborators without their repository permissions, so every
 * outside collaborator needs approval, whatever access they hold (stricter than "write or admin").
 */
export const orgOutsideCollaboratorsApproved = defineCheck<GithubOrgAttributes, z.infer<typeof Params>>({
  id: 'github.org_outside_collaborators_approved',
  observationType: 'github.org',
  parameters: Params,
  evaluate: unknownsAsError((obs, ctx) => {
    const collaborators = [...requireKnown(obs.attributes.outsideCollaborators, 'outside collaborator list')].sort();
    if (collaborators.length === 0) return { status: 'pass', reason: 'the organisation has no outside collaborators' };
    const approvals = ctx.params.approved_collaborators.map((e) => (typeof e === 'string' ? { login: e, expires: null } : e));
    const faults: string[] = [];
    for (const login of collaborators) {
      const approval = approvals.find((e) => sameLogin(e.login, login));
      if (!approval) faults.push(`${login} is not on approved_collaborators`);
      else if (isExpired(approval.expires, ctx.now)) faults.push(`${login}'s approval expired ${approval.expires}`);
    }
    if (faults.length > 0) return { status: 'fail', reason: nameSome(faults) };
    return {
      status: 'pass',
      reason: `${collaborators.length === 1 ? 'the outside collaborator' : `all ${collaborators.length} outside collaborators`} (${collaborators.join(', ')}) ${collaborators.length === 1 ? 'is' : 'are'} approved and unexpired`,
    };
  }),
});
