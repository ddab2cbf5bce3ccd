import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { isNotAvailable } from '../../src/model/not-available.js';
import { requireKnown } from '../lib/known.js';
import { judgeAlertSla, notApplicable, onActiveRepo, SlaDays } from '../lib/github.js';

const Params = z.object({ sla_days: SlaDays }).strict();

/**
 * No open code-scanning alert has been open longer than the SLA of its (security) severity. Without code
 * scanning on the plan or any analysis, the check is not applicable.
 */
export const repoCodeScanningAlertsRemediated = defineCheck({
  id: 'github.repo_code_scanning_alerts_remediated',
  observes: 'github.repo',
  parameters: Params,
  evaluate: onActiveRepo((repo, ctx) => {
    const alerts = requireKnown(repo.codeScanningAlerts, 'code scanning alerts');
    if (isNotAvailable(alerts)) return notApplicable(alerts, 'code scanning');
    return judgeAlertSla(alerts, ctx.params.sla_days, ctx.now, 'code scanning alert');
  }),
});
