import type { Observation } from '../model/observation.js';
import type { AttributesOf } from '../model/observation-types.js';
import type { Status } from '../model/status.js';
import type { EvidenceReader } from '../period/index.js';
import type { CheckInfo, ConfigDisagreement } from './types.js';

/** AWS Config's verdict on one resource; its attribute shape comes from the observation-type map. */
export const RULE_EVALUATION = 'aws.config.rule_evaluation';

/** Whether any check names an AWS Config rule: only then are the run's rule evaluations worth reading. */
export const comparesConfigRules = (checks: readonly CheckInfo[]): boolean => checks.some((c) => c.awsConfigRules.length > 0);

/** `aws:111111111111` and `aws:111111111111:eu-west-1` both belong to account 111111111111. */
const accountOf = (scope: string) => scope.split(':')[1] ?? scope;

const pairKey = (checkId: string, account: string) => `${checkId}|${account}`;

/**
 * Compares the organisation's own AWS Config rule verdicts (collected as observations) with our checks
 * that test the same condition (metadata `aws_config_rules`). Disagreements are worth a look either
 * way: a rule scoped or parameterised differently, or a gap in one of the two tools.
 */
export function findConfigDisagreements(
  evidence: EvidenceReader,
  runId: number,
  checks: readonly CheckInfo[],
  /** The run's rule evaluations when the caller read them already (the report reads every type once, issue 15). */
  evaluations?: readonly Observation[],
): ConfigDisagreement[] {
  const checksByRule = new Map<string, CheckInfo[]>();
  for (const c of checks) for (const rule of c.awsConfigRules) checksByRule.set(rule, [...(checksByRule.get(rule) ?? []), c]);
  if (checksByRule.size === 0) return [];

  const verdicts = ((evaluations as readonly Observation<AttributesOf<typeof RULE_EVALUATION>>[] | undefined) ?? evidence.observations(runId, RULE_EVALUATION))
    .map((o) => ({ verdict: o.attributes, account: accountOf(o.scope) }))
    .filter(
      ({ verdict: v }) =>
        v.resourceArn !== null && v.managedRuleIdentifier !== null && checksByRule.has(v.managedRuleIdentifier) && (v.complianceType === 'COMPLIANT' || v.complianceType === 'NON_COMPLIANT'),
    );

  // Our results for just the (check, account) pairs some verdict names: other result sets stay compressed.
  const wanted = new Set(verdicts.flatMap(({ verdict, account }) => (checksByRule.get(verdict.managedRuleIdentifier!) ?? []).map((c) => pairKey(c.id, account))));
  const ourResults = new Map<string, Map<string, { status: Status; reason: string }>>();
  for (const r of evidence.results(runId, (s) => wanted.has(pairKey(s.checkId, accountOf(s.scope))))) {
    const key = pairKey(r.checkId, accountOf(r.scope));
    const found = ourResults.get(key) ?? new Map<string, { status: Status; reason: string }>();
    found.set(r.resourceId, r);
    ourResults.set(key, found);
  }

  const out: ConfigDisagreement[] = [];
  for (const { verdict, account } of verdicts) {
    const configSays = verdict.complianceType;
    if (configSays !== 'COMPLIANT' && configSays !== 'NON_COMPLIANT') continue; // filtered above; narrows the type
    for (const check of checksByRule.get(verdict.managedRuleIdentifier!) ?? []) {
      const ours = ourResults.get(pairKey(check.id, account))?.get(verdict.resourceArn!);
      if (ours === undefined) continue;
      const disagree = (configSays === 'NON_COMPLIANT' && ours.status === 'pass') || (configSays === 'COMPLIANT' && ours.status === 'fail');
      if (!disagree) continue;
      out.push({
        account,
        resourceArn: verdict.resourceArn!,
        configRule: verdict.ruleName,
        managedRuleIdentifier: verdict.managedRuleIdentifier!,
        configSays,
        checkId: check.id,
        checkSays: ours.status,
        checkReason: ours.reason,
      });
    }
  }
  return out.sort((a, b) => a.resourceArn.localeCompare(b.resourceArn) || a.checkId.localeCompare(b.checkId));
}
