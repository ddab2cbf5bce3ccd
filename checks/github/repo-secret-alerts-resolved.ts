import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { day, days, isOlderThan, parseTime } from '../lib/days.js';
import { requireKnown } from '../lib/known.js';
import { isNotAvailable } from '../../src/model/not-available.js';
import { nameSome, notApplicable, onActiveRepo } from '../lib/github.js';

const Params = z.object({ max_open_days: z.number().int().min(0).max(3650) }).strict();

/**
 * No open secret-scanning alert has been open more than max_open_days: a leaked credential must be revoked
 * and the alert closed. (Whether a secret is still valid is not observed, so every open alert counts.)
 */
export const repoSecretAlertsResolved = defineCheck({
  id: 'github.repo_secret_alerts_resolved',
  observes: 'github.repo',
  parameters: Params,
  evaluate: onActiveRepo((repo, ctx) => {
    const alerts = requireKnown(repo.secretScanningAlerts, 'secret scanning alerts');
    if (isNotAvailable(alerts)) return notApplicable(alerts, 'secret scanning');
    const max = ctx.params.max_open_days;
    const overdue: string[] = [];
    for (const alert of alerts.open) {
      const opened = parseTime(alert.createdAt, `secret scanning alert #${alert.number} creation date`);
      if (isOlderThan(opened, max, ctx.now)) {
        overdue.push(`secret scanning alert #${alert.number}${alert.subject === null ? '' : ` (${alert.subject})`} opened ${day(opened)}, more than ${days(max)} before this run`);
      }
    }
    if (overdue.length > 0) return { status: 'fail', reason: nameSome(overdue) };
    const n = alerts.open.length;
    return {
      status: 'pass',
      reason: n === 0 ? 'no open secret scanning alert' : `${n} open secret scanning alert${n === 1 ? '' : 's'}, none open more than ${days(max)}`,
    };
  }),
});
