import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import type { GithubRepoAttributes } from '../../collectors/github/observations.js';
import { branchName, branchRules, describeProtection, onActiveRepo, unprotectedFailure } from '../lib/github.js';

/** The default branch cannot be deleted (classic allow_deletions off, or a deletion rule). */
export const repoBranchDeletionBlocked = defineCheck<GithubRepoAttributes, Record<string, never>>({
  id: 'github.repo_branch_deletion_blocked',
  observationType: 'github.repo',
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
