import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { requireKnown } from '../lib/known.js';
import { onActiveRepo } from '../lib/github.js';

/** Dependabot (vulnerability) alerts are enabled on the repository. */
export const repoDependabotAlertsEnabled = defineCheck({
  id: 'github.repo_dependabot_alerts_enabled',
  observes: 'github.repo',
  parameters: z.object({}).strict(),
  evaluate: onActiveRepo((repo) =>
    requireKnown(repo.dependabotAlertsEnabled, 'Dependabot alerts setting')
      ? { status: 'pass', reason: 'Dependabot alerts are enabled' }
      : { status: 'fail', reason: 'Dependabot alerts are disabled: vulnerable dependencies go unreported' },
  ),
});
