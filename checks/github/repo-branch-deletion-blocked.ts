import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { branchName, branchRules, describeProtection, onActiveRepo, unprotectedFailure } from '../lib/github.js';

/** The default branch cannot be deleted (classic allow_deletions off, or a deletion rule). */
export const repoBranchDeletionBlocked = defineCheck({
  id: 'github.repo_branch_deletion_blocked',
  observes: 'github.repo',
  parameters: z.object({}).strict(),
  evaluate: onActiveRepo((repo) => {
    const rules = branchRules(repo);
    const unprotected = unprotectedFailure(rules, 'nothing prevents its deletion');
    if (unprotected) return unprotected;
    return rules.deletionsBlocked
      ? { status: 'pass', reason: `${branchName(rules)} cannot be deleted (${describeProtection(rules)})` }
      : { status: 'fail', reason: `${branchName(rules)} can be deleted` };
  }),
});
