import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';

const Params = z
  .object({
    /** Full names (`<org>/<repo>`) of repositories approved to be public. */
    approved_public_repos: z.array(z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'expected <org>/<repo>')),
  })
  .strict();

/**
 * Only approved repositories are public. Unlike the other repository checks this one also judges archived
 * repositories: an archived public repository still discloses its code to everyone.
 */
export const repoPublicVisibilityApproved = defineCheck({
  id: 'github.repo_public_visibility_approved',
  observes: 'github.repo',
  parameters: Params,
  evaluate: unknownsAsError((obs, ctx) => {
    const repo = obs.attributes;
    const visibility = requireKnown(repo.visibility, 'repository visibility').toLowerCase();
    if (visibility !== 'public') return { status: 'pass', reason: `repository is ${visibility}` };
    const approved = ctx.params.approved_public_repos.some((r) => r.toLowerCase() === repo.fullName.toLowerCase());
    return approved
      ? { status: 'pass', reason: 'repository is public and on approved_public_repos' }
      : { status: 'fail', reason: 'repository is public and not on approved_public_repos' };
  }),
});
