import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { accountOf } from '../../src/aws-policy/arn.js';
import { CannotEvaluate, requireKnown, unknownsAsError } from '../lib/known.js';
import { allowStatements, describeStatement, requiredConditionValues, type Statement } from '../../src/aws-policy/statements.js';
import { IDENTITY_CONDITION_KEYS } from '../../src/aws-policy/condition-keys.js';

const Params = z
  .object({
    /** 12-digit ids of other accounts (third parties, and other accounts of your own organisation) a role may trust. */
    approved_external_accounts: z.array(z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id')),
  })
  .strict();


function restrictsIdentity(s: Statement): boolean {
  return IDENTITY_CONDITION_KEYS.some((k) => requiredConditionValues(s, k).length > 0);
}

/**
 * A role's trust policy admits only: its own account, AWS service principals, and approved external accounts
 * that must present an `sts:ExternalId`. A wildcard principal (`"*"`, `{"AWS": "*"}`, or Allow with NotPrincipal)
 * needs a condition pinning the caller's account, organisation or ARN.
 * Out of scope: `Federated` principals (SAML / OIDC, e.g. GitHub Actions `sub` conditions) — they need their own check.
 */
export const crossAccountTrustRestricted = defineCheck({
  id: 'iam.cross_account_trust_restricted',
  observes: 'aws.iam.role',
  parameters: Params,
  evaluate: unknownsAsError((obs, ctx) => {
    const a = obs.attributes;
    const own = accountOf(a.arn);
    if (own === null) throw new CannotEvaluate(`role ARN ${a.arn} names no account`);
    const trust = requireKnown(a.trustPolicy, 'trust policy');
    const approved = new Set(ctx.params.approved_external_accounts);
    const problems: string[] = [];
    const admitted = new Set<string>();

    for (const s of allowStatements(trust, 'trust policy')) {
      const where = describeStatement(s);
      if (s.notPrincipal !== null || s.principal?.wildcard) {
        const how = s.notPrincipal !== null ? 'Allow with NotPrincipal admits every other principal' : 'admits any AWS principal ("*")';
        if (!restrictsIdentity(s)) problems.push(`${where} ${how} without a condition on the caller's account, organisation or ARN`);
        else admitted.add('"*" restricted by condition');
      }
      for (const principal of s.principal?.aws ?? []) {
        const account = accountOf(principal);
        if (account === null) {
          problems.push(`${where} names principal ${principal}, which is not an account id or ARN (a deleted principal?)`);
          continue;
        }
        if (account === own) continue;
        const faults: string[] = [];
        if (!approved.has(account)) faults.push('is not in approved_external_accounts');
        if (requiredConditionValues(s, 'sts:ExternalId').length === 0) faults.push('is not constrained by an sts:ExternalId condition');
        if (faults.length > 0) problems.push(`${where} trusts account ${account}, which ${faults.join(' and ')}`);
        else admitted.add(`approved account ${account} with sts:ExternalId`);
      }
    }

    if (problems.length > 0) return { status: 'fail', reason: problems.join('; ') };
    return {
      status: 'pass',
      reason:
        admitted.size === 0
          ? 'trust policy admits only its own account and service principals'
          : `trust policy admits, beyond its own account and service principals, only ${[...admitted].sort().join(', ')}`,
    };
  }),
});
