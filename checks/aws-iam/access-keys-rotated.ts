import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { day, days, isOlderThan, parseTime } from '../lib/days.js';
import { CannotEvaluate, requireKnown, unknownsAsError } from '../lib/known.js';

const Params = z.object({ max_key_age_days: z.number().int().min(1).max(3650) }).strict();

/** Every active access key was created (rotated) within max_key_age_days before the run. */
export const accessKeysRotated = defineCheck({
  id: 'iam.access_keys_rotated',
  observes: 'aws.iam.user',
  parameters: Params,
  evaluate: unknownsAsError((obs, ctx) => {
    const creds = requireKnown(obs.attributes.credentials, 'credential-report row');
    const max = ctx.params.max_key_age_days;
    const active = creds.accessKeys.filter((k) => k.active);
    if (active.length === 0) return { status: 'not_applicable', reason: 'user has no active access key' };
    const stale: string[] = [];
    const fresh: string[] = [];
    for (const key of active) {
      // An active key always has a creation date in the report; without it the age cannot be judged.
      if (key.lastRotated === null) throw new CannotEvaluate(`access key ${key.slot} is active but the credential report gives no rotation date`);
      const rotated = parseTime(key.lastRotated, `access key ${key.slot} rotation date`);
      (isOlderThan(rotated, max, ctx.now) ? stale : fresh).push(`access key ${key.slot} last rotated ${day(rotated)}`);
    }
    return stale.length > 0
      ? { status: 'fail', reason: `${stale.join('; ')}, more than ${days(max)} before this run` }
      : { status: 'pass', reason: `${fresh.join('; ')}, within ${days(max)} before this run` };
  }),
});
