import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import type { DeployKeyValue } from '../../collectors/github/observations.js';
import { day, days, isOlderThan, parseTime } from '../lib/days.js';
import { requireKnown } from '../lib/known.js';
import { ExpiryDate, isExpired, nameSome, onActiveRepo } from '../lib/github.js';

/**
 * An approved write deploy key: the repository's full name and the key's `id` and/or `title` (both must match
 * when both are given; the id survives a rename of the title, the title survives re-creating the key).
 * `expires` (YYYY-MM-DD, inclusive, UTC) makes the approval lapse.
 */
const ApprovedWriteKey = z
  .object({
    repo: z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'expected <org>/<repo>'),
    id: z.number().int().optional(),
    title: z.string().min(1).optional(),
    expires: ExpiryDate.nullable().optional(),
    ticket: z.string().optional(),
  })
  .strict()
  .refine((k) => k.id !== undefined || k.title !== undefined, { message: 'give the key id, its title, or both' });

const Params = z
  .object({
    approved_write_keys: z.array(ApprovedWriteKey),
    /** When set, any deploy key (read-only or not) created more than this many days before the run fails. */
    max_key_age_days: z.number().int().min(1).max(3650).nullable(),
  })
  .strict();

type Approved = z.infer<typeof ApprovedWriteKey>;

function matches(a: Approved, fullName: string, key: DeployKeyValue): boolean {
  return (
    a.repo.toLowerCase() === fullName.toLowerCase() && (a.id === undefined || a.id === key.id) && (a.title === undefined || a.title === key.title)
  );
}

/** Every deploy key is read-only unless approved on approved_write_keys; none is older than max_key_age_days when set. */
export const repoDeployKeysReadOnly = defineCheck({
  id: 'github.repo_deploy_keys_read_only',
  observes: 'github.repo',
  parameters: Params,
  evaluate: onActiveRepo((repo, ctx) => {
    const keys = requireKnown(repo.deployKeys, 'deploy keys');
    if (keys.length === 0) return { status: 'not_applicable', reason: 'repository has no deploy keys' };
    const { approved_write_keys: approved, max_key_age_days: maxAge } = ctx.params;
    const faults: string[] = [];
    let approvedWrite = 0;
    for (const key of keys) {
      const name = `deploy key ${key.id} (${JSON.stringify(key.title)})`;
      if (!key.readOnly) {
        const approval = approved.find((a) => matches(a, repo.fullName, key));
        if (!approval) faults.push(`${name} has write access and is not on approved_write_keys`);
        else if (isExpired(approval.expires, ctx.now)) faults.push(`${name} has write access; its approval expired ${approval.expires}`);
        else approvedWrite++;
      }
      if (maxAge !== null) {
        const created = parseTime(key.createdAt, `${name} creation date`);
        if (isOlderThan(created, maxAge, ctx.now)) faults.push(`${name} was created ${day(created)}, more than ${days(maxAge)} before this run`);
      }
    }
    if (faults.length > 0) return { status: 'fail', reason: nameSome(faults) };
    const n = keys.length;
    const what = approvedWrite === 0 ? (n === 1 ? 'the deploy key is read-only' : `all ${n} deploy keys are read-only`) : `${n - approvedWrite} read-only and ${approvedWrite} approved write deploy key${approvedWrite === 1 ? '' : 's'}`;
    return { status: 'pass', reason: `${what}${maxAge === null ? '' : `, none created more than ${days(maxAge)} before this run`}` };
  }),
});
