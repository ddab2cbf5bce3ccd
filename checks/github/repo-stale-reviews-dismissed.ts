import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { branchName, branchRules, onActiveRepo, unprotectedFailure } from '../lib/github.js';

/**
 * New commits pushed to a pull request dismiss earlier approvals on the default branch (classic
 * dismiss_stale_reviews or ruleset dismiss_stale_reviews_on_push), so an approval covers the code merged.
 */
export const repoStaleReviewsDismissed = defineCheck({
  id: 'github.repo_stale_reviews_dismissed',
  observes: 'github.repo',
  parameters: z.object({}).strict(),
  evaluate: onActiveRepo((repo) => {
    const rules = branchRules(repo);
    const unprotected = unprotectedFailure(rules, 'no approval is required, let alone re-required after new pushes');
    if (unprotected) return unprotected;
    if (!rules.pullRequestRequired) return { status: 'fail', reason: `${branchName(rules)} does not require a pull request, so there are no approvals to dismiss` };
    return rules.dismissStaleReviews
      ? { status: 'pass', reason: `${branchName(rules)} dismisses approvals when new commits are pushed` }
      : { status: 'fail', reason: `${branchName(rules)} keeps approvals after new commits are pushed${rules.requireLastPushApproval ? ' (the last push must be approved by someone else, but earlier approvals still count)' : ''}` };
  }),
});
