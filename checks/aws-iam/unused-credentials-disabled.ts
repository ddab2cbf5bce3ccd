import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { day, days, isOlderThan, parseTime } from '../lib/days.js';
import { CannotEvaluate, requireKnown, unknownsAsError } from '../lib/known.js';

const Params = z.object({ max_unused_days: z.number().int().min(1).max(3650) }).strict();

/**
 * No enabled console password and no active access key has gone unused for more than max_unused_days.
 * A credential never used is measured from when it was issued: the password from its last change (or the
 * user's creation when the report has none), a key from its rotation (creation) date.
 * Pass reasons carry no last-use dates: those move daily for active users and would defeat deduplication.
 */
export const unusedCredentialsDisabled = defineCheck({
  id: 'iam.unused_credentials_disabled',
  observes: 'aws.iam.user',
  parameters: Params,
  evaluate: unknownsAsError((obs, ctx) => {
    const a = obs.attributes;
    const creds = requireKnown(a.credentials, 'credential-report row');
    const max = ctx.params.max_unused_days;
    const stale: string[] = [];
    const inUse: string[] = [];

    if (creds.passwordEnabled) {
      const [what, ts] =
        creds.passwordLastUsed !== null
          ? ['console password last used', creds.passwordLastUsed]
          : creds.passwordLastChanged !== null
            ? ['console password never used; set', creds.passwordLastChanged]
            : ['console password never used; user created', a.createdAt];
      const at = parseTime(ts, what);
      if (isOlderThan(at, max, ctx.now)) stale.push(`${what} ${day(at)}`);
      else inUse.push('console password');
    }
    for (const key of creds.accessKeys.filter((k) => k.active)) {
      const ts = key.lastUsed ?? key.lastRotated;
      if (ts === null) throw new CannotEvaluate(`access key ${key.slot} is active but the credential report gives neither last use nor rotation date`);
      const what = key.lastUsed !== null ? `access key ${key.slot} last used` : `access key ${key.slot} never used; created`;
      const at = parseTime(ts, what);
      if (isOlderThan(at, max, ctx.now)) stale.push(`${what} ${day(at)}`);
      else inUse.push(`access key ${key.slot}`);
    }

    if (stale.length > 0) return { status: 'fail', reason: `${stale.join('; ')}, more than ${days(max)} before this run` };
    if (inUse.length === 0) return { status: 'not_applicable', reason: 'user has no console password and no active access key' };
    return { status: 'pass', reason: `${inUse.join(' and ')} used or issued within ${days(max)} before this run` };
  }),
});
