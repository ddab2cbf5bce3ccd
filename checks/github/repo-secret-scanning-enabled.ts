import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { requireKnown } from '../lib/known.js';
import { isNotAvailable } from '../../src/model/not-available.js';
import { notApplicable, onActiveRepo } from '../lib/github.js';

const Params = z
  .object({
    /** Also require push protection (blocks pushes that contain a detected secret). */
    require_push_protection: z.boolean(),
  })
  .strict();

/**
 * Secret scanning is enabled, and push protection too when require_push_protection. A feature the plan does not
 * offer is not applicable (never a failure); a disabled one fails.
 */
export const repoSecretScanningEnabled = defineCheck({
  id: 'github.repo_secret_scanning_enabled',
  observes: 'github.repo',
  parameters: Params,
  evaluate: onActiveRepo((repo, ctx) => {
    const scanning = requireKnown(repo.secretScanning, 'secret scanning status');
    if (isNotAvailable(scanning)) return notApplicable(scanning, 'secret scanning');
    if (scanning === 'disabled') return { status: 'fail', reason: 'secret scanning is disabled' };
    if (!ctx.params.require_push_protection) return { status: 'pass', reason: 'secret scanning is enabled' };
    const push = requireKnown(repo.secretScanningPushProtection, 'secret scanning push protection status');
    if (isNotAvailable(push)) return { status: 'not_applicable', reason: `secret scanning is enabled; ${notApplicable(push, 'push protection').reason}` };
    return push === 'enabled'
      ? { status: 'pass', reason: 'secret scanning and push protection are enabled' }
      : { status: 'fail', reason: 'secret scanning is enabled but push protection is disabled' };
  }),
});
