import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';

/**
 * Every rule of the conformance pack is COMPLIANT. A NON_COMPLIANT rule fails the pack (naming the rules);
 * a pack with rules AWS Config has not evaluated is an error, not a pass.
 */
export const conformancePacksCompliant = defineCheck({
  id: 'config.conformance_packs_compliant',
  observes: 'aws.config.conformance_pack',
  parameters: z.object({}).strict(),
  evaluate: unknownsAsError((obs) => {
    const { name } = obs.attributes;
    const compliance = requireKnown(obs.attributes.compliance, 'conformance pack compliance');
    const rules = requireKnown(obs.attributes.rules, 'conformance pack rules');
    if (compliance === 'NON_COMPLIANT') {
      const failing = requireKnown(obs.attributes.nonCompliantRules, 'non-compliant rules');
      return { status: 'fail', reason: `conformance pack ${name}: ${failing.length} of ${rules.length} rules NON_COMPLIANT: ${failing.join(', ')}` };
    }
    if (compliance === 'COMPLIANT') return { status: 'pass', reason: `conformance pack ${name}: all ${rules.length} rules COMPLIANT` };
    const pending = rules.filter((r) => r.complianceType !== 'COMPLIANT').map((r) => r.ruleName);
    return {
      status: 'error',
      reason: rules.length === 0 ? `not evaluated by AWS Config: conformance pack ${name} lists no rules` : `not evaluated by AWS Config: conformance pack ${name} rules without data: ${pending.join(', ')}`,
    };
  }),
});
