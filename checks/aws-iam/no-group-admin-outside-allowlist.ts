import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { isUnknown } from '../../src/model/unknown.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';
import { allowListVerdict, isApproved } from './admin-allowlist.js';

const arnName = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

/**
 * No group hands administrative access to a user outside the allow-list (config `aws.administrators.users`):
 * every member of an administrative group must be listed, whether or not the group itself is (an allow-listed
 * group still grants its access to whoever is added to it). A group with no members grants nothing today.
 * A group whose access is undecided and has an unlisted member makes the answer `error`, unless another fails.
 */
export const noGroupAdminOutsideAllowlist = defineCheck({
  id: 'iam.no_group_admin_outside_allowlist',
  observes: 'aws.iam.privileged_principals',
  parameters: z.object({}).strict(),
  evaluate: unknownsAsError((obs) => {
    const { approved } = obs.attributes;
    const population = requireKnown(obs.attributes.principals, 'privileged principals');
    const outside: string[] = [];
    const undecided: string[] = [];
    let groups = 0;
    for (const g of population) {
      if (g.kind !== 'group') continue;
      const unlisted = (g.members ?? []).filter((arn) => !isApproved(approved, 'user', { arn, name: arnName(arn) }));
      if (unlisted.length === 0) {
        groups += 1;
        continue;
      }
      const who = unlisted.map(arnName).join(', ');
      if (isUnknown(g.access)) undecided.push(`group ${g.name} (members ${who}): ${g.access.$unknown}`);
      else if (g.access.administrative) outside.push(`group ${g.name} gives ${who} administrative access (${g.access.via.join('; ')})`);
    }
    return allowListVerdict(
      outside,
      undecided,
      (list) => `${list}: not on the allow-list (aws.administrators.users)`,
      groups > 0 ? 'every member of an administrative group is on the allow-list' : 'no group grants administrative access to anyone',
    );
  }),
});
