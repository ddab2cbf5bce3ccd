import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { branchName, branchRules, nameSome, onActiveRepo, unprotectedFailure } from '../lib/github.js';

const Params = z
  .object({
    /** Also require the branch to be up to date with the base before merging (strict status checks). */
    require_strict: z.boolean(),
  })
  .strict();

/** At least one status check must pass before merging into the default branch (and up to date when require_strict). */
export const repoStatusChecksRequired = defineCheck({
  id: 'github.repo_status_checks_required',
  observes: 'github.repo',
  parameters: Params,
  evaluate: onActiveRepo((repo, ctx) => {
    const rules = branchRules(repo);
    const unprotected = unprotectedFailure(rules, 'no status check is required');
    if (unprotected) return unprotected;
    const checks = rules.requiredStatusChecks;
    if (checks.length === 0) return { status: 'fail', reason: `${branchName(rules)} requires no status check before merging` };
    const named = `${checks.length === 1 ? 'status check' : 'status checks'} ${nameSome(checks.map((c) => JSON.stringify(c)))}`;
    if (ctx.params.require_strict && !rules.strictStatusChecks) {
      return { status: 'fail', reason: `${branchName(rules)} requires ${named} but not that the branch be up to date before merging` };
    }
    return { status: 'pass', reason: `${branchName(rules)} requires ${named}${rules.strictStatusChecks ? ' on an up-to-date branch' : ''}` };
  }),
});
