import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';

/**
 * AWS Config's own verdict on one resource under one of the organisation's Config rules, carried over as
 * evidence: NON_COMPLIANT fails (with Config's annotation), COMPLIANT passes, NOT_APPLICABLE does not apply,
 * and INSUFFICIENT_DATA (the rule has not evaluated anything) is an error — never a pass.
 */
export const rulesCompliant = defineCheck({
  id: 'config.rules_compliant',
  observes: 'aws.config.rule_evaluation',
  parameters: z.object({}).strict(),
  evaluate(obs) {
    const a = obs.attributes;
    const rule = a.managedRuleIdentifier !== null ? `${a.ruleName} (${a.managedRuleIdentifier})` : a.ruleName;
    const resource = a.resourceType !== null ? `${a.resourceType} ${a.resourceId ?? '?'}` : 'no resource';
    switch (a.complianceType) {
      case 'NON_COMPLIANT':
        return { status: 'fail', reason: `AWS Config rule ${rule} finds ${resource} NON_COMPLIANT${a.annotation !== null ? `: ${a.annotation}` : ''}` };
      case 'COMPLIANT':
        return { status: 'pass', reason: `AWS Config rule ${rule} finds ${resource} COMPLIANT` };
      case 'NOT_APPLICABLE':
        return { status: 'not_applicable', reason: `AWS Config rule ${rule} does not apply to ${resource}` };
      case 'INSUFFICIENT_DATA':
        return { status: 'error', reason: `not evaluated by AWS Config: rule ${rule} has no evaluation results` };
    }
  },
});
