import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { day, days, isOlderThan, parseTime } from '../lib/days.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';

const Params = z
  .object({
    /** Any root sign-in or key use this many days before the run (or later) fails. */
    root_use_window_days: z.number().int().min(1).max(3650),
  })
  .strict();

/**
 * Root was not used (password sign-in or access-key call) within the window before the run.
 * Every key's last use counts, active or not: a key deactivated yesterday but used last week was still
 * root use last week. Source: the credential report's `<root_account>` row.
 */
export const rootNotUsedRecently = defineCheck({
  id: 'iam.root_not_used_recently',
  observes: 'aws.iam.account',
  parameters: Params,
  evaluate: unknownsAsError((obs, ctx) => {
    const row = requireKnown(obs.attributes.rootCredentials, 'root credential-report row');
    const window = ctx.params.root_use_window_days;
    const uses: { what: string; at: Date }[] = [];
    if (row.passwordLastUsed !== null) uses.push({ what: 'root password', at: parseTime(row.passwordLastUsed, 'root password last use') });
    for (const key of row.accessKeys) {
      if (key.lastUsed !== null) uses.push({ what: `root access key ${key.slot}`, at: parseTime(key.lastUsed, `root access key ${key.slot} last use`) });
    }
    const recent = uses.filter((u) => !isOlderThan(u.at, window, ctx.now));
    if (recent.length > 0) {
      return {
        status: 'fail',
        reason: `${recent.map((u) => `${u.what} last used ${day(u.at)}`).join('; ')}, within ${days(window)} before this run`,
      };
    }
    if (uses.length === 0) return { status: 'pass', reason: 'root password and access keys have no recorded use' };
    return {
      status: 'pass',
      reason: `${uses.map((u) => `${u.what} last used ${day(u.at)}`).join('; ')}, more than ${days(window)} before this run`,
    };
  }),
});
