import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { branchName, branchRules, describeProtection, onActiveRepo, unprotectedFailure } from '../lib/github.js';

/** Force pushes to the default branch are blocked (classic allow_force_pushes off, or a non_fast_forward rule). */
export const repoForcePushBlocked = defineCheck({
  id: 'github.repo_force_push_blocked',
  observes: 'github.repo',
  parameters: z.object({}).strict(),
  evaluate: onActiveRepo((repo) => {
    const rules = branchRules(repo);
    const unprotected = unprotectedFailure(rules, 'anyone with write access can force-push to it');
    if (unprotected) return unprotected;
    return rules.forcePushesBlocked
      ? { status: 'pass', reason: `${branchName(rules)} blocks force pushes (${describeProtection(rules)})` }
      : { status: 'fail', reason: `${branchName(rules)} allows force pushes, which can rewrite reviewed history` };
  }),
});
