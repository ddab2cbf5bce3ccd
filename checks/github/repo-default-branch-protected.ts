import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { branchName, branchRules, describeProtection, describeUnenforced, onActiveRepo } from '../lib/github.js';

/**
 * The default branch is protected: classic branch protection, or at least one rule of an active ruleset
 * (repository or organisation) applies to it. Rulesets alone count; evaluate-mode rulesets do not.
 */
export const repoDefaultBranchProtected = defineCheck({
  id: 'github.repo_default_branch_protected',
  observes: 'github.repo',
  parameters: z.object({}).strict(),
  evaluate: onActiveRepo((repo) => {
    const rules = branchRules(repo);
    if (rules.protected) return { status: 'pass', reason: `${branchName(rules)} is protected by ${describeProtection(rules)}` };
    const idle = describeUnenforced(rules);
    return { status: 'fail', reason: `${branchName(rules)} has no branch protection and no active ruleset${idle ? ` (${idle})` : ''}` };
  }),
});
