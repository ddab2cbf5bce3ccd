import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { CannotEvaluate, requireKnown, unknownsAsError } from '../lib/known.js';

const Params = z
  .object({
    /** Accept Actions enabled for every repository (rather than a selected set). */
    allow_all_repositories: z.boolean(),
  })
  .strict();

// A pattern whose owner part is a bare wildcard ("*", "*/x", "*@v1") admits any third-party action.
function admitsAnyOwner(pattern: string): boolean {
  const owner = pattern.split(/[/@]/)[0] ?? '';
  return owner !== '' && /^\*+$/.test(owner);
}

/**
 * Only local, GitHub-owned / verified-creator, or allow-listed actions may run: allowed_actions is `local_only`
 * or `selected` without a wildcard owner pattern; and Actions are enabled for selected repositories only,
 * unless allow_all_repositories.
 */
export const orgActionsAllowedRestricted = defineCheck({
  id: 'github.org_actions_allowed_restricted',
  observes: 'github.org',
  parameters: Params,
  evaluate: unknownsAsError((obs, ctx) => {
    const p = requireKnown(obs.attributes.actionsPermissions, 'Actions permissions of the organisation');
    if (p.enabledRepositories === 'none') return { status: 'pass', reason: 'GitHub Actions are disabled for every repository' };
    const faults: string[] = [];
    let allowed: string;
    if (p.allowedActions === 'local_only') allowed = 'only actions defined in the organisation';
    else if (p.allowedActions === 'selected') {
      const selected = requireKnown(p.selectedActions, 'selected-actions policy');
      if (selected === null) throw new CannotEvaluate('allowed actions is "selected" but the selected-actions policy was not reported');
      const wild = selected.patternsAllowed.filter(admitsAnyOwner);
      if (wild.length > 0) faults.push(`the allowed-actions patterns ${wild.map((w) => JSON.stringify(w)).join(', ')} admit actions from any owner`);
      const kinds = [
        selected.githubOwnedAllowed ? 'GitHub-owned' : null,
        selected.verifiedAllowed ? 'verified-creator' : null,
        selected.patternsAllowed.length > 0 ? `${selected.patternsAllowed.length} allow-listed pattern${selected.patternsAllowed.length === 1 ? '' : 's'}` : null,
      ].filter((k): k is string => k !== null);
      allowed = `selected actions (${kinds.length > 0 ? kinds.join(', ') : 'none'})`;
    } else {
      allowed = `${p.allowedActions ?? 'unreported'} actions`;
      faults.push(`allowed actions is ${JSON.stringify(p.allowedActions)}: any action from any owner may run`);
    }
    if (p.enabledRepositories === 'all' && !ctx.params.allow_all_repositories) faults.push('Actions are enabled for all repositories, not a selected set');
    if (faults.length > 0) return { status: 'fail', reason: faults.join('; ') };
    return { status: 'pass', reason: `Actions enabled for ${p.enabledRepositories} repositories may run ${allowed}` };
  }),
});
