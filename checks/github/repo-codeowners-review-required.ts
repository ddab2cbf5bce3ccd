import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { requireKnown } from '../lib/known.js';
import { branchName, branchRules, nameSome, onActiveRepo, unprotectedFailure } from '../lib/github.js';

/** A CODEOWNERS file exists without errors and the default branch requires code-owner review. */
export const repoCodeownersReviewRequired = defineCheck({
  id: 'github.repo_codeowners_review_required',
  observes: 'github.repo',
  parameters: z.object({}).strict(),
  evaluate: onActiveRepo((repo) => {
    const rules = branchRules(repo);
    const unprotected = unprotectedFailure(rules, 'no code-owner review is required');
    if (unprotected) return unprotected;
    if (!rules.pullRequestRequired || !rules.requireCodeOwnerReview) {
      return { status: 'fail', reason: `${branchName(rules)} does not require code-owner review${rules.pullRequestRequired ? '' : ' (no pull request is required)'}` };
    }
    const present = requireKnown(repo.codeownersPresent, 'CODEOWNERS file');
    if (!present) return { status: 'fail', reason: `${branchName(rules)} requires code-owner review but the repository has no CODEOWNERS file` };
    const errors = requireKnown(repo.codeownersErrors, 'CODEOWNERS errors');
    if (errors.length > 0) return { status: 'fail', reason: `CODEOWNERS has errors: ${nameSome(errors)}` };
    return { status: 'pass', reason: `${branchName(rules)} requires code-owner review and CODEOWNERS has no errors` };
  }),
});
