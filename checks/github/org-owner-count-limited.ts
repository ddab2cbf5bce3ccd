import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { isUnknown } from '../../src/model/unknown.js';
import { CannotEvaluate, requireKnown, unknownsAsError } from '../lib/known.js';
import { sameLogin } from '../lib/github.js';

const Params = z
  .object({
    /** At least this many owners, so losing one account does not lock the organisation out. */
    min_owners: z.number().int().min(1).max(100),
    max_owners: z.number().int().min(1).max(100),
    /** Logins allowed to be owners; null = the list is not checked, only the count. */
    approved_owners: z.array(z.string().min(1)).nullable(),
  })
  .strict()
  .refine((p) => p.min_owners <= p.max_owners, { message: 'min_owners must not exceed max_owners', path: ['min_owners'] });

/** The organisation has between min_owners and max_owners owners, each on approved_owners when it is set. */
export const orgOwnerCountLimited = defineCheck({
  id: 'github.org_owner_count_limited',
  observes: 'github.org',
  parameters: Params,
  evaluate: unknownsAsError((obs, ctx) => {
    const { min_owners: min, max_owners: max, approved_owners: approved } = ctx.params;
    const a = obs.attributes;
    const owners = isUnknown(a.members) ? null : a.members.filter((m) => m.role === 'admin').map((m) => m.login).sort();
    const count = owners?.length ?? requireKnown(a.ownersCount, 'owner count (and the member list)');
    const faults: string[] = [];
    if (count < min) faults.push(`fewer than ${min}`);
    if (count > max) faults.push(`more than ${max}`);
    if (approved !== null) {
      if (owners === null) {
        // The count alone may already fail; a pass needs the list to compare with approved_owners.
        if (faults.length === 0) throw new CannotEvaluate(`the member list could not be collected: ${(a.members as { $unknown: string }).$unknown}`);
      } else {
        const unapproved = owners.filter((o) => !approved.some((x) => sameLogin(x, o)));
        if (unapproved.length > 0) faults.push(`not on approved_owners: ${unapproved.join(', ')}`);
      }
    }
    const found = `${count} owner${count === 1 ? '' : 's'}${owners === null || owners.length === 0 ? '' : ` (${owners.join(', ')})`}`;
    if (faults.length > 0) return { status: 'fail', reason: `${found}: ${faults.join('; ')}` };
    return { status: 'pass', reason: `${found}, within ${min} to ${max}${approved === null ? '' : ', all on approved_owners'}` };
  }),
});
