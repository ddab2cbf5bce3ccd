import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { isNotAvailable } from '../../src/model/not-available.js';
import { requireKnown } from '../lib/known.js';
import { judgeAlertSla, notApplicable, onActiveRepo, SlaDays } from '../lib/github.js';

const Params = z.object({ sla_days: SlaDays }).strict();

/**
 * No open Dependabot alert has been open longer than the SLA of its severity (critical and high always;
 * medium and low when sla_days sets them). Ages are measured from the alert's creation to the run's time.
 */
export const repoDependabotAlertsRemediated = defineCheck({
  id: 'github.repo_dependabot_alerts_remediated',
  observes: 'github.repo',
  parameters: Params,
  evaluate: onActiveRepo((repo, ctx) => {
    const alerts = requireKnown(repo.dependabotAlerts, 'Dependabot alerts');
    if (isNotAvailable(alerts)) return notApplicable(alerts, 'Dependabot alerts');
    return judgeAlertSla(alerts, ctx.params.sla_days, ctx.now, 'Dependabot alert');
  }),
});
