/**
 * The pre-period-layer report builder, kept verbatim as the test oracle; do not edit.
 * (Frozen from src/report/ as of commit 3ed69ff; only relative import paths were repointed at src/.
 * test/report/same-as-before.test.ts compares its Report with the one built on src/period/.)
 */
import type { EvidenceStore, ResultSetRow } from '../../../src/store/index.js';
import type { Observation } from '../../../src/model/observation.js';
import type { Status } from '../../../src/model/status.js';
import type { CheckInfo, ConfigDisagreement } from './types.js';

interface ConfigVerdict {
  readonly ruleName: string;
  readonly managedRuleIdentifier: string | null;
  readonly resourceArn: string | null;
  readonly complianceType: string;
}

const RULE_EVALUATION = 'aws.config.rule_evaluation';
const CONFIG_COLLECTOR = 'aws-config';

/** `aws:111111111111` and `aws:111111111111:eu-west-1` both belong to account 111111111111. */
const accountOf = (scope: string) => scope.split(':')[1] ?? scope;

/**
 * Compares the organisation's own AWS Config rule verdicts (collected as observations) with our checks
 * that test the same condition (metadata `aws_config_rules`). Disagreements are worth a look either
 * way: a rule scoped or parameterised differently, or a gap in one of the two tools.
 */
export function findConfigDisagreements(store: EvidenceStore, runId: number, sets: readonly ResultSetRow[], checks: readonly CheckInfo[]): ConfigDisagreement[] {
  const checksByRule = new Map<string, CheckInfo[]>();
  for (const c of checks) for (const rule of c.awsConfigRules) checksByRule.set(rule, [...(checksByRule.get(rule) ?? []), c]);
  if (checksByRule.size === 0) return [];

  const verdicts = configVerdicts(store, runId).filter(
    ({ verdict: v }) =>
      v.resourceArn !== null && v.managedRuleIdentifier !== null && checksByRule.has(v.managedRuleIdentifier) && (v.complianceType === 'COMPLIANT' || v.complianceType === 'NON_COMPLIANT'),
  );
  const ourResults = new Map<string, Map<string, { status: Status; reason: string }>>();
  const resultsFor = (checkId: string, account: string) => {
    const key = `${checkId}|${account}`;
    let found = ourResults.get(key);
    if (found === undefined) {
      found = new Map();
      for (const s of sets) if (s.checkId === checkId && accountOf(s.scope) === account) for (const r of store.results(s.resultsHash)) found.set(r.resourceId, r);
      ourResults.set(key, found);
    }
    return found;
  };

  const out: ConfigDisagreement[] = [];
  for (const { verdict, account } of verdicts) {
    for (const check of checksByRule.get(verdict.managedRuleIdentifier!) ?? []) {
      const ours = resultsFor(check.id, account).get(verdict.resourceArn!);
      if (ours === undefined) continue;
      const disagree = (verdict.complianceType === 'NON_COMPLIANT' && ours.status === 'pass') || (verdict.complianceType === 'COMPLIANT' && ours.status === 'fail');
      if (!disagree) continue;
      out.push({
        account,
        resourceArn: verdict.resourceArn!,
        configRule: verdict.ruleName,
        managedRuleIdentifier: verdict.managedRuleIdentifier!,
        configSays: verdict.complianceType as 'COMPLIANT' | 'NON_COMPLIANT',
        checkId: check.id,
        checkSays: ours.status,
        checkReason: ours.reason,
      });
    }
  }
  return out.sort((a, b) => a.resourceArn.localeCompare(b.resourceArn) || a.checkId.localeCompare(b.checkId));
}

/** Config's verdicts recorded in this run, read from the aws-config collections' manifests. */
function configVerdicts(store: EvidenceStore, runId: number): { verdict: ConfigVerdict; account: string }[] {
  const out: { verdict: ConfigVerdict; account: string }[] = [];
  for (const collection of store.collections(runId)) {
    if (collection.collector !== CONFIG_COLLECTOR) continue;
    const manifest = store.manifest(collection.manifestHash);
    for (const hash of Object.values(manifest.observations)) {
      const observation = store.getBlob<Observation<ConfigVerdict>>(hash);
      if (observation.type === RULE_EVALUATION) out.push({ verdict: observation.attributes, account: accountOf(collection.scope) });
    }
  }
  return out;
}
