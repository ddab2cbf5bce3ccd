import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { isUnknown } from '../../src/model/unknown.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';
import { allowListVerdict, isApproved } from './admin-allowlist.js';

/**
 * Administrative roles and groups are limited to the allow-list (config `aws.administrators.roles` / `.groups`).
 * Judged per account over its privileged population (aws.iam.privileged_principals), which is also the
 * evidence an access review starts from: every principal with administrative access and how it gets it.
 * Users are judged by iam.no_user_admin_access. A role or group off the list whose access could not be decided
 * makes the answer `error` (unless another one already fails); an allow-listed one needs no decision.
 */
export const adminPrincipalsAllowlisted = defineCheck({
  id: 'iam.admin_principals_allowlisted',
  observes: 'aws.iam.privileged_principals',
  parameters: z.object({}).strict(),
  evaluate: unknownsAsError((obs) => {
    const { approved } = obs.attributes;
    const population = requireKnown(obs.attributes.principals, 'privileged principals');
    const outside: string[] = [];
    const undecided: string[] = [];
    const allowed: string[] = [];
    for (const p of population) {
      if (p.kind === 'user') continue;
      if (isApproved(approved, p.kind, p)) {
        allowed.push(`${p.kind} ${p.name}`);
        continue;
      }
      if (isUnknown(p.access)) undecided.push(`${p.kind} ${p.name}: ${p.access.$unknown}`);
      else if (p.access.administrative) outside.push(`${p.kind} ${p.name} (${p.access.via.join('; ')})`);
    }
    return allowListVerdict(
      outside,
      undecided,
      (list) => `administrative access outside the allow-list (aws.administrators): ${list}`,
      allowed.length > 0 ? `only allow-listed roles and groups are administrative: ${allowed.join(', ')}` : 'no role or group has administrative access',
    );
  }),
});
