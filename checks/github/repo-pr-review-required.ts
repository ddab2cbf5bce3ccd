import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { branchName, branchRules, describeProtection, onActiveRepo, unprotectedFailure } from '../lib/github.js';

const Params = z.object({ min_approvals: z.number().int().min(1).max(10) }).strict();

/** Merging into the default branch needs a pull request with at least min_approvals approving reviews. */
export const repoPrReviewRequired = defineCheck({
  id: 'github.repo_pr_review_required',
  observes: 'github.repo',
  parameters: Params,
  evaluate: onActiveRepo((repo, ctx) => {
    const rules = branchRules(repo);
    const min = ctx.params.min_approvals;
    const unprotected = unprotectedFailure(rules, 'changes can be pushed without any review');
    if (unprotected) return unprotected;
    if (!rules.pullRequestRequired) return { status: 'fail', reason: `${branchName(rules)} does not require a pull request before merging (${describeProtection(rules)})` };
    const n = rules.requiredApprovingReviewCount;
    return n >= min
      ? { status: 'pass', reason: `${branchName(rules)} requires a pull request with ${n} approving review${n === 1 ? '' : 's'} (at least ${min} required)` }
      : { status: 'fail', reason: `${branchName(rules)} requires a pull request with ${n} approving review${n === 1 ? '' : 's'} (at least ${min} required)` };
  }),
});
