import type { GithubClient } from '../../src/sdk/github.js';
import { unknown } from '../../src/model/unknown.js';
import { httpStatus } from '../../src/sdk/github-status.js';
import { attempt, failure, getObject, listAll, type Json } from './call.js';
import type { BranchRulesRaw, ClassicRules, RuleEntry, RulesetInfo } from './branch-rules-types.js';

/**
 * REST fallback when the GraphQL query fails (older GitHub Enterprise Server, GraphQL errors):
 * GET …/branches/{branch}/protection, GET …/rules/branches/{branch}, GET …/rulesets/{id}.
 * Protection answers 404 both for "not protected" and "not allowed to see": only with admin
 * permission on the repository does 404 mean "not protected".
 */

const enabled = (v: unknown) => v !== null && typeof v === 'object' && (v as Json)['enabled'] === true;

function classicFrom(p: Json): ClassicRules {
  const reviews = p['required_pull_request_reviews'] as Json | undefined;
  const checks = p['required_status_checks'] as Json | undefined;
  return {
    approvals: reviews === undefined ? null : Number(reviews['required_approving_review_count'] ?? 0),
    dismissStale: reviews?.['dismiss_stale_reviews'] === true,
    codeOwner: reviews?.['require_code_owner_reviews'] === true,
    lastPush: reviews?.['require_last_push_approval'] === true,
    statusChecks: checks === undefined ? null : ((checks['contexts'] as string[] | undefined) ?? []),
    strict: checks?.['strict'] === true,
    enforceAdmins: enabled(p['enforce_admins']),
    allowForcePushes: enabled(p['allow_force_pushes']),
    allowDeletions: enabled(p['allow_deletions']),
    signatures: enabled(p['required_signatures']),
    linearHistory: enabled(p['required_linear_history']),
  };
}

function ruleFrom(r: Json): RuleEntry {
  const p = (r['parameters'] ?? {}) as Json;
  return {
    type: String(r['type']),
    rulesetId: Number(r['ruleset_id']),
    ...(p['required_approving_review_count'] !== undefined
      ? { approvals: Number(p['required_approving_review_count']), dismissStale: p['dismiss_stale_reviews_on_push'] === true, codeOwner: p['require_code_owner_review'] === true, lastPush: p['require_last_push_approval'] === true }
      : {}),
    ...(p['required_status_checks'] !== undefined
      ? { statusChecks: (p['required_status_checks'] as Json[]).map((c) => String(c['context'])), strict: p['strict_required_status_checks_policy'] === true }
      : {}),
  };
}

export async function restBranchRules(client: GithubClient, owner: string, repo: string, branch: string, isAdmin: boolean): Promise<BranchRulesRaw> {
  let classic: BranchRulesRaw['classic'];
  try {
    classic = classicFrom(await getObject(client, 'GET /repos/{owner}/{repo}/branches/{branch}/protection', { owner, repo, branch }));
  } catch (error) {
    if (httpStatus(error) === 404) classic = isAdmin ? null : unknown('classic branch protection requires repository admin (404 is ambiguous without it)');
    else classic = unknown(failure(error).reason);
  }
  const listed = await attempt(() => listAll(client, 'GET /repos/{owner}/{repo}/rules/branches/{branch}', { owner, repo, branch }));
  if (!listed.ok) return { branch, classic, rules: unknown(listed.reason), rulesets: [] };
  const rules = listed.value.map(ruleFrom);
  const rulesets: RulesetInfo[] = [];
  for (const id of [...new Set(rules.map((r) => r.rulesetId))]) {
    const rs = await attempt(() => getObject(client, 'GET /repos/{owner}/{repo}/rulesets/{ruleset_id}', { owner, repo, ruleset_id: id, includes_parents: true }));
    if (!rs.ok) {
      rulesets.push({ id, name: '', sourceType: 'Repository', enforcement: 'active', bypassActors: null });
      continue;
    }
    const v = rs.value;
    const actors = v['bypass_actors'] as Json[] | undefined;
    rulesets.push({
      id,
      name: String(v['name'] ?? ''),
      sourceType: String(v['source_type'] ?? 'Repository'),
      enforcement: String(v['enforcement'] ?? 'active'),
      bypassActors: actors === undefined ? null : actors.map((a) => ({ actorType: String(a['actor_type']), actorId: a['actor_id'] == null ? null : Number(a['actor_id']), bypassMode: String(a['bypass_mode'] ?? 'always') })),
    });
  }
  return { branch, classic, rules, rulesets };
}
