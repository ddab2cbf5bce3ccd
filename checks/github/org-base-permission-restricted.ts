import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { requireKnown, unknownsAsError } from '../lib/known.js';

const Params = z
  .object({
    /** Accept `read` as the base permission (every member can read every repository). */
    allow_read: z.boolean(),
  })
  .strict();

/** The organisation's base (default) repository permission is `none`, or `read` when allow_read. */
export const orgBasePermissionRestricted = defineCheck({
  id: 'github.org_base_permission_restricted',
  observes: 'github.org',
  parameters: Params,
  evaluate: unknownsAsError((obs, ctx) => {
    const base = requireKnown(obs.attributes.defaultRepositoryPermission, 'base repository permission').toLowerCase();
    const allowed = ctx.params.allow_read ? ['none', 'read'] : ['none'];
    const limit = ctx.params.allow_read ? 'none or read' : 'none';
    return allowed.includes(base)
      ? { status: 'pass', reason: `base repository permission is ${base} (allowed: ${limit})` }
      : { status: 'fail', reason: `base repository permission is ${base}: every member gets it on every repository (allowed: ${limit})` };
  }),
});
