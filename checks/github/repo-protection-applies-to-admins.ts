import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { isUnknown } from '../../src/model/unknown.js';
import { CannotEvaluate } from '../lib/known.js';
import { activeRulesets, branchName, branchRules, describeProtection, nameSome, onActiveRepo, unprotectedFailure } from '../lib/github.js';

/**
 * An approved break-glass bypass actor: `<ActorType>` (any actor of that type, e.g. `OrganizationAdmin`,
 * `DeployKey`) or `<ActorType>:<actor id>` (e.g. `Team:42`, `Integration:1234`, `RepositoryRole:5`), as
 * GitHub's ruleset API names them.
 */
const BypassActorRef = z.string().regex(/^[A-Za-z]+(:\d+)?$/, 'expected <ActorType> or <ActorType>:<id>, e.g. OrganizationAdmin or Team:42');

const Params = z.object({ approved_bypass_actors: z.array(BypassActorRef) }).strict();

function approvedActor(approved: readonly string[], type: string, id: number | null): boolean {
  return approved.some((ref) => {
    const [t, rawId] = ref.split(':');
    if (t!.toLowerCase() !== type.toLowerCase()) return false;
    return rawId === undefined || (id !== null && Number(rawId) === id);
  });
}

/**
 * Branch rules bind administrators: classic protection (when used) has enforce_admins on, and no active
 * ruleset on the default branch lets anyone bypass it other than approved_bypass_actors.
 */
export const repoProtectionAppliesToAdmins = defineCheck({
  id: 'github.repo_protection_applies_to_admins',
  observes: 'github.repo',
  parameters: Params,
  evaluate: onActiveRepo((repo, ctx) => {
    const rules = branchRules(repo);
    const unprotected = unprotectedFailure(rules, 'there are no rules to bind administrators');
    if (unprotected) return unprotected;
    const faults: string[] = [];
    if (rules.classicProtection) {
      if (rules.enforceAdmins === null) throw new CannotEvaluate('classic branch protection exists but enforce_admins was not reported');
      if (!rules.enforceAdmins) faults.push('classic branch protection does not apply to administrators (enforce_admins is off)');
    }
    const active = activeRulesets(rules);
    let bypassNote = '';
    if (active.length > 0) {
      if (isUnknown(rules.bypassActors)) {
        // enforce_admins off is a failure whatever the rulesets say; a pass needs the bypass list.
        if (faults.length === 0) throw new CannotEvaluate(`ruleset bypass actors could not be collected: ${rules.bypassActors.$unknown}`);
      } else {
        const activeIds = new Set(active.map((r) => r.id));
        const bypass = rules.bypassActors.filter((b) => activeIds.has(b.rulesetId));
        const describe = (b: (typeof bypass)[number]) =>
          `${b.actorType}${b.actorId === null ? '' : `:${b.actorId}`} (ruleset ${b.rulesetId}, ${b.bypassMode})`;
        const unapproved = bypass.filter((b) => !approvedActor(ctx.params.approved_bypass_actors, b.actorType, b.actorId));
        if (unapproved.length > 0) faults.push(`ruleset bypass actors not on approved_bypass_actors: ${nameSome(unapproved.map(describe))}`);
        else if (bypass.length > 0) bypassNote = `; approved bypass actors only: ${nameSome(bypass.map(describe))}`;
      }
    }
    if (faults.length > 0) return { status: 'fail', reason: `${branchName(rules)}: ${faults.join('; ')}` };
    return { status: 'pass', reason: `${branchName(rules)} rules bind administrators (${describeProtection(rules)})${bypassNote}` };
  }),
});
