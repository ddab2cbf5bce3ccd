import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';

const Params = z
  .object({
    /** 12-digit ids of other accounts (partners, and other accounts of your own organisation) a bucket policy may grant. */
    approved_external_accounts: z.array(z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id')),
  })
  .strict();

/**
 * No Allow statement is open to everyone without a restricting condition (aws:PrincipalOrgID, aws:SourceVpce,
 * aws:SourceArn, aws:SourceAccount, …), and every other account the policy grants is approved. A principal that
 * names no account (a unique id left by a deleted role) fails: nobody can say whom it grants.
 */
export const bucketPolicyNoUntrustedPrincipals = defineCheck({
  id: 's3.bucket_policy_no_untrusted_principals',
  observes: 'aws.s3.bucket',
  parameters: Params,
  evaluate: unknownsAsError((obs, ctx) => {
    const analysis = requireKnown(obs.attributes.policyAnalysis, 'bucket policy');
    if (analysis === null) return { status: 'pass', reason: 'no bucket policy' };
    const approved = new Set(ctx.params.approved_external_accounts);
    const problems = analysis.publicStatements.map((s) => `${s.statement} allows ${s.via} without a restricting condition`);
    const granted = new Set<string>();
    for (const p of analysis.crossAccountPrincipals) {
      if (p.accountId === null) problems.push(`${p.statement} names principal ${p.principal}, which is not an account id or ARN (a deleted principal?)`);
      else if (!approved.has(p.accountId)) problems.push(`${p.statement} grants account ${p.accountId}, which is not in approved_external_accounts`);
      else granted.add(p.accountId);
    }
    if (problems.length > 0) return { status: 'fail', reason: problems.join('; ') };
    return {
      status: 'pass',
      reason: granted.size === 0 ? 'bucket policy grants only its own account and service principals' : `bucket policy grants, beyond its own account, only approved accounts ${[...granted].sort().join(', ')}`,
    };
  }),
});
