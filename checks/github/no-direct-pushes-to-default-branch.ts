import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { unknownsAsError } from '../lib/known.js';
import { sameLogin } from '../lib/github.js';

const Params = z
  .object({
    /** Logins (usually bots, e.g. `release-bot[bot]`) allowed to commit to the default branch without a pull request. */
    allowed_actors: z.array(z.string().min(1)),
  })
  .strict();

/**
 * GitHub's committer for commits it creates on a user's behalf (web editor, API): it says who signed the commit,
 * not who made the change, so it neither allows nor blocks a commit on its own.
 */
const WEB_FLOW = 'web-flow';

/**
 * A commit reached the default branch without a pull request. It fails unless every account named on it
 * (author and committer, ignoring GitHub's `web-flow`) is on allowed_actors. Git author and committer names are
 * what the commit claims; the pusher's identity is not observed.
 */
export const noDirectPushesToDefaultBranch = defineCheck({
  id: 'github.no_direct_pushes_to_default_branch',
  observes: 'github.direct_push',
  parameters: Params,
  evaluate: unknownsAsError((obs, ctx) => {
    const push = obs.attributes;
    const who = [push.author, push.committer].filter((l): l is string => l !== null && !sameLogin(l, WEB_FLOW));
    const allowed = (login: string) => ctx.params.allowed_actors.some((a) => sameLogin(a, login));
    const identities = who.filter((l, i) => who.findIndex((x) => sameLogin(x, l)) === i);
    const describe = `commit ${push.sha.slice(0, 12)} (${JSON.stringify(push.message)}) committed ${push.committedAt} by ${
      identities.length > 0 ? identities.join(' / ') : 'an account GitHub could not link'
    } went to ${push.branch} without a pull request`;
    if (identities.length > 0 && identities.every(allowed)) {
      return { status: 'pass', reason: `${describe}; ${identities.join(' / ')} ${identities.length === 1 ? 'is' : 'are'} on allowed_actors` };
    }
    return { status: 'fail', reason: describe };
  }),
});
