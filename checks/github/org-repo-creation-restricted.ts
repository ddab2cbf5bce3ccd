import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';

const Params = z
  .object({
    /** Also require that members cannot create repositories at all (only owners can). */
    strict: z.boolean(),
  })
  .strict();

/** Members cannot create public repositories (nor any repository when strict). */
export const orgRepoCreationRestricted = defineCheck({
  id: 'github.org_repo_creation_restricted',
  observes: 'github.org',
  parameters: Params,
  evaluate: unknownsAsError((obs, ctx) => {
    const a = obs.attributes;
    const canPublic = requireKnown(a.membersCanCreatePublicRepositories, 'members_can_create_public_repositories');
    if (canPublic) return { status: 'fail', reason: 'members can create public repositories' };
    if (ctx.params.strict) {
      const canAny = requireKnown(a.membersCanCreateRepositories, 'members_can_create_repositories');
      if (canAny) return { status: 'fail', reason: 'members cannot create public repositories but can create repositories (strict: only owners may)' };
      return { status: 'pass', reason: 'members cannot create repositories; only owners can' };
    }
    return { status: 'pass', reason: 'members cannot create public repositories' };
  }),
});
