import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import type { OutsideCollaboratorGrantValue } from '../../collectors/github/observations.js';
import { unknown } from '../../src/model/unknown.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';
import { ExpiryDate, isExpired, nameSome, sameLogin } from '../lib/github.js';

/**
 * An approved outside collaborator: a bare login (approved without end date, admin not allowed) or
 * `{ login, expires: YYYY-MM-DD, ticket?, allow_admin? }` — the approval holds through the end of `expires`
 * (UTC); `allow_admin: true` is the explicit, separately reviewable exception for admin access.
 */
const ApprovedCollaborator = z.union([
  z.string().min(1),
  z
    .object({
      login: z.string().min(1),
      expires: ExpiryDate.nullable().optional(),
      /** Where the approval is recorded (ticket, contract); kept for the reader, not checked. */
      ticket: z.string().optional(),
      /** Admin can change protection, secrets and collaborators: approving write does not approve that. */
      allow_admin: z.boolean().optional(),
    })
    .strict(),
]);

const Params = z.object({ approved_collaborators: z.array(ApprovedCollaborator) }).strict();

/** Read and triage cannot change code or settings; every other role (incl. custom ones) is treated as elevated. */
const NON_ELEVATED = new Set(['read', 'triage']);

function describe(grants: readonly OutsideCollaboratorGrantValue[]): string {
  return grants.map((g) => `${g.permission} on ${g.repository}`).join(', ');
}

/**
 * Every outside collaborator holding write, maintain, admin (or a custom role) on any in-scope repository
 * is on approved_collaborators with an unexpired approval; admin additionally needs `allow_admin: true`.
 * Read / triage-only outside collaborators need no approval. A listed elevated grant fails even when some
 * repositories' collaborators were unreadable (more data cannot clear it); otherwise unreadable ones → error.
 */
export const orgOutsideCollaboratorsApproved = defineCheck({
  id: 'github.org_outside_collaborators_approved',
  observes: 'github.org',
  parameters: Params,
  evaluate: unknownsAsError((obs, ctx) => {
    const collaborators = [...requireKnown(obs.attributes.outsideCollaborators, 'outside collaborator list')].sort();
    if (collaborators.length === 0) return { status: 'pass', reason: 'the organisation has no outside collaborators' };
    // Older observations have no access join: missing is treated like Unknown, never as "no access".
    const access = requireKnown(obs.attributes.outsideCollaboratorAccess ?? unknown('not collected by this collector version'), "outside collaborators' repository permissions");
    const approvals = ctx.params.approved_collaborators.map((e) => (typeof e === 'string' ? { login: e, expires: null, allow_admin: false } : e));
    const faults: string[] = [];
    const elevated: string[] = [];
    for (const login of collaborators) {
      const grants = access.grants.filter((g) => sameLogin(g.login, login) && !NON_ELEVATED.has(g.permission));
      if (grants.length === 0) continue;
      elevated.push(login);
      const approval = approvals.find((e) => sameLogin(e.login, login));
      if (!approval) faults.push(`${login} (${describe(grants)}) is not on approved_collaborators`);
      else if (isExpired(approval.expires, ctx.now)) faults.push(`${login}'s approval (${describe(grants)}) expired ${approval.expires}`);
      else if (grants.some((g) => g.permission === 'admin') && approval.allow_admin !== true) {
        faults.push(`${login} has ${describe(grants.filter((g) => g.permission === 'admin'))}, which the approval does not allow (allow_admin)`);
      }
    }
    if (faults.length > 0) return { status: 'fail', reason: nameSome(faults) };
    if (access.unreadableRepositories.length > 0) {
      return { status: 'error', reason: `collaborators of some repositories could not be read, so outside collaborators' access there is unknown: ${nameSome(access.unreadableRepositories)}` };
    }
    const readOnly = collaborators.length - elevated.length;
    const others = readOnly === 0 ? '' : `; ${readOnly} with read or triage only`;
    if (elevated.length === 0) return { status: 'pass', reason: `no outside collaborator has write, maintain or admin on any repository (${collaborators.length} with read or triage only)` };
    return {
      status: 'pass',
      reason: `${elevated.length === 1 ? 'the outside collaborator' : `all ${elevated.length} outside collaborators`} with write or higher (${elevated.join(', ')}) ${elevated.length === 1 ? 'is' : 'are'} approved and unexpired${others}`,
    };
  }),
});
