import { compareText } from '../../src/util/compare.js';
import type {
  ConfigRule,
  ConfigurationRecorder,
  ConfigurationRecorderStatus,
  ConformancePackDetail,
  ConformancePackRuleCompliance,
  DeliveryChannel,
  DeliveryChannelStatus,
  EvaluationResult,
} from '@aws-sdk/client-config-service';
import type { CollectionOutput } from '../../src/model/collector.js';
import type { Observation, PopulationGap } from '../../src/model/observation.js';
import { unknown, type Maybe } from '../../src/model/unknown.js';
import type { Outcome, Traced } from '../../src/sdk/aws-call.js';
import { PACK_COMPLIANCE, PACKS } from './conformance-packs.js';
import {
  COMPLIANCE_TYPES,
  type ComplianceTypeValue,
  type ConfigRegionAttributes,
  type ConfigRuleAttributes,
  type ConformancePackAttributes,
  type DeliveryInfoValue,
  type RuleEvaluationAttributes,
} from './observations.js';
import { resourceArnFor } from './resource-arn.js';
import { OPERATION as EVALUATIONS } from './rule-evaluations.js';
import { OPERATION as RULES } from './rules.js';

/**
 * Pure normalizers: raw AWS Config answers (or the reasons they are missing) → observations. No I/O, no
 * clock, and no timestamps copied from the answers (see observations.ts): the same state always gives the
 * same observations, in the same order, so an unchanged region hashes alike every day.
 */

/** Each outcome carries the operations counted while it ran: an observation's `source` is the union of those it rests on. */
export interface ConfigRawState {
  readonly accountId: string;
  readonly region: string;
  readonly scope: string;
  /** The scope-level calls every observation rests on (the account proof). */
  readonly proof: readonly string[];
  readonly recorders: Traced<ConfigurationRecorder[]>;
  readonly recorderStatus: Traced<ConfigurationRecorderStatus[]>;
  readonly channels: Traced<DeliveryChannel[]>;
  readonly channelStatus: Traced<DeliveryChannelStatus[]>;
  readonly rules: Traced<ConfigRule[]>;
  /** Per rule name; absent for rules whose details were not asked for (the rule listing failed). */
  readonly evaluations: ReadonlyMap<string, Traced<EvaluationResult[]>>;
  readonly packs: Traced<ConformancePackDetail[]>;
  /** Per pack name. */
  readonly packCompliance: ReadonlyMap<string, Traced<ConformancePackRuleCompliance[]>>;
}

const sorted = (values: Iterable<string>) => [...values].sort(compareText);
const sources = (...lists: (readonly string[])[]) => sorted(new Set(lists.flat()));
const upper = (value: string | undefined) => (value === undefined ? null : value.toUpperCase());

function maybeOf<T, R>(outcome: Outcome<T>, map: (value: T) => R): Maybe<R> {
  return outcome.ok ? map(outcome.value) : unknown(outcome.reason);
}

function isCompliance(value: string | undefined): value is ComplianceTypeValue {
  return (COMPLIANCE_TYPES as readonly string[]).includes(value ?? '');
}

export function regionObservationId(accountId: string, region: string): string {
  return `arn:aws:config:${region}:${accountId}:recorder`;
}

function deliveryInfo(info: { lastStatus?: string; lastErrorCode?: string } | undefined): DeliveryInfoValue | null {
  return info === undefined ? null : { lastStatus: upper(info.lastStatus), lastErrorCode: info.lastErrorCode ?? null };
}

function regionObservation(raw: ConfigRawState): Observation<ConfigRegionAttributes> {
  const attributes: ConfigRegionAttributes = {
    accountId: raw.accountId,
    region: raw.region,
    recorders: maybeOf(raw.recorders, (list) =>
      list
        .map((r) => ({
          name: r.name ?? '',
          allSupported: r.recordingGroup?.allSupported ?? false,
          includeGlobalResourceTypes: r.recordingGroup?.includeGlobalResourceTypes ?? false,
          resourceTypes: sorted(r.recordingGroup?.resourceTypes ?? []),
          excludedResourceTypes: sorted(r.recordingGroup?.exclusionByResourceTypes?.resourceTypes ?? []),
          recordingStrategy: r.recordingGroup?.recordingStrategy?.useOnly ?? null,
          recordingFrequency: r.recordingMode?.recordingFrequency ?? null,
        }))
        .sort((a, b) => compareText(a.name, b.name)),
    ),
    recorderStatuses: maybeOf(raw.recorderStatus, (list) =>
      list
        .map((s) => ({ name: s.name ?? '', recording: s.recording ?? false, lastStatus: upper(s.lastStatus), lastErrorCode: s.lastErrorCode ?? null }))
        .sort((a, b) => compareText(a.name, b.name)),
    ),
    deliveryChannels: maybeOf(raw.channels, (list) =>
      list
        .map((c) => ({
          name: c.name ?? '',
          s3BucketName: c.s3BucketName ?? null,
          s3KeyPrefix: c.s3KeyPrefix ?? null,
          snsTopicArn: c.snsTopicARN ?? null,
          snapshotDeliveryFrequency: c.configSnapshotDeliveryProperties?.deliveryFrequency ?? null,
        }))
        .sort((a, b) => compareText(a.name, b.name)),
    ),
    deliveryChannelStatuses: maybeOf(raw.channelStatus, (list) =>
      list
        .map((s) => ({ name: s.name ?? '', configHistory: deliveryInfo(s.configHistoryDeliveryInfo), configSnapshot: deliveryInfo(s.configSnapshotDeliveryInfo) }))
        .sort((a, b) => compareText(a.name, b.name)),
    ),
  };
  return {
    type: 'aws.config.region',
    id: regionObservationId(raw.accountId, raw.region),
    scope: raw.scope,
    attributes,
    source: sources(raw.proof, raw.recorders.operations, raw.recorderStatus.operations, raw.channels.operations, raw.channelStatus.operations),
  };
}

/** The pack each rule belongs to, from the packs' compliance lists; Unknown when a pack's list is missing. */
function packMembership(raw: ConfigRawState): (rule: string) => Maybe<string | null> {
  if (!raw.packs.ok) {
    const reason = raw.packs.reason;
    return () => unknown(reason);
  }
  const owner = new Map<string, string>();
  const missing: string[] = [];
  for (const pack of raw.packs.value) {
    const name = pack.ConformancePackName ?? '';
    const rules = raw.packCompliance.get(name);
    if (rules === undefined || !rules.ok) missing.push(rules?.ok === false ? rules.reason : `${PACK_COMPLIANCE} was not called for ${name}`);
    else for (const r of rules.value) if (r.ConfigRuleName !== undefined) owner.set(r.ConfigRuleName, name);
  }
  return (rule) => owner.get(rule) ?? (missing.length > 0 ? unknown([...new Set(missing)].join('; ')) : null);
}

/** An evaluation's resource key (type/id), or null when it names none; the same key normalizes to one observation. */
function evaluationKey(result: EvaluationResult): string | null {
  const q = result.EvaluationResultIdentifier?.EvaluationResultQualifier;
  return q?.ResourceType === undefined || q.ResourceId === undefined ? null : `${q.ResourceType}/${q.ResourceId}`;
}

const CAPPED_COUNT_LIMIT = 100;

/**
 * A rule's overall compliance, derived from its per-resource evaluations (GetComplianceDetailsByConfigRule, read
 * for every rule anyway) as AWS Config's DescribeComplianceByConfigRule summarises them — NON_COMPLIANT if any
 * resource is (with the count of such resources capped at 100, as CappedCount), COMPLIANT if some resource is
 * and none is not, INSUFFICIENT_DATA when nothing was evaluated — so the summary needs no call of its own (one
 * fewer per region, issue 15) and always agrees with the evaluations recorded beside it. Each resource counts
 * once, as its first-listed (latest) evaluation, and a malformed evaluation not at all, as in evaluationObservations.
 */
function ruleCompliance(evaluations: Traced<EvaluationResult[]> | undefined, rule: string): ConfigRuleAttributes['compliance'] {
  if (evaluations === undefined) return unknown(`${EVALUATIONS} was not called for rule ${rule}`);
  if (!evaluations.ok) return unknown(evaluations.reason);
  const latest = new Map<string, ComplianceTypeValue>();
  for (const result of evaluations.value) {
    const key = evaluationKey(result);
    if (key !== null && isCompliance(result.ComplianceType) && !latest.has(key)) latest.set(key, result.ComplianceType);
  }
  const types = [...latest.values()];
  const nonCompliant = types.filter((t) => t === 'NON_COMPLIANT').length;
  if (nonCompliant > 0) return { type: 'NON_COMPLIANT', nonCompliantResources: Math.min(nonCompliant, CAPPED_COUNT_LIMIT), capExceeded: nonCompliant > CAPPED_COUNT_LIMIT };
  if (types.includes('COMPLIANT')) return { type: 'COMPLIANT', nonCompliantResources: null, capExceeded: false };
  return { type: 'INSUFFICIENT_DATA', nonCompliantResources: null, capExceeded: false };
}

interface NamedRule {
  readonly name: string;
  readonly arn: string;
  readonly managedRuleIdentifier: string | null;
  readonly rule: ConfigRule;
}

function ruleObservations(raw: ConfigRawState, rules: readonly NamedRule[]): Observation<ConfigRuleAttributes>[] {
  const pack = packMembership(raw);
  return rules.map(({ name, arn, managedRuleIdentifier, rule }) => {
    const conformancePack = pack(name);
    const evaluations = raw.evaluations.get(name);
    return {
      type: 'aws.config.rule',
      id: arn,
      scope: raw.scope,
      attributes: {
        name,
        arn,
        state: rule.ConfigRuleState ?? null,
        sourceOwner: rule.Source?.Owner ?? null,
        sourceIdentifier: rule.Source?.SourceIdentifier ?? null,
        managedRuleIdentifier,
        createdBy: rule.CreatedBy ?? null,
        conformancePack,
        compliance: ruleCompliance(evaluations, name),
      },
      // The pack calls count when they were needed to say which pack (if any) the rule belongs to.
      source: sources(raw.proof, raw.rules.operations, evaluations?.operations ?? [], raw.packs.operations, ...[...raw.packCompliance.values()].map((p) => p.operations)),
    };
  });
}

function evaluationObservations(raw: ConfigRawState, rules: readonly NamedRule[], gaps: string[]): Observation<RuleEvaluationAttributes>[] {
  const out: Observation<RuleEvaluationAttributes>[] = [];
  for (const { name, arn, managedRuleIdentifier } of rules) {
    const results = raw.evaluations.get(name);
    if (results === undefined) continue;
    if (!results.ok) {
      gaps.push(`rule ${name}: ${results.reason}`);
      continue;
    }
    const base = { ruleName: name, ruleArn: arn, managedRuleIdentifier };
    const source = sources(raw.proof, raw.rules.operations, results.operations);
    if (results.value.length === 0) {
      // Nothing evaluated: say so with one observation rather than contribute nothing (silence is not success).
      out.push({
        type: 'aws.config.rule_evaluation',
        id: `${arn}/not-evaluated`,
        scope: raw.scope,
        attributes: { ...base, resourceType: null, resourceId: null, resourceArn: null, complianceType: 'INSUFFICIENT_DATA', annotation: null },
        source,
      });
      continue;
    }
    const seen = new Set<string>();
    for (const result of results.value) {
      const q = result.EvaluationResultIdentifier?.EvaluationResultQualifier;
      const resourceType = q?.ResourceType ?? null;
      const resourceId = q?.ResourceId ?? null;
      if (resourceType === null || resourceId === null || !isCompliance(result.ComplianceType)) {
        gaps.push(`rule ${name}: ${EVALUATIONS} returned an evaluation without a resource or with an unrecognised compliance type`);
        continue;
      }
      const id = `${arn}/${resourceType}/${resourceId}`;
      // Periodic and change-triggered evaluations of one resource can both be listed; the first is the latest.
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({
        type: 'aws.config.rule_evaluation',
        id,
        scope: raw.scope,
        attributes: {
          ...base,
          resourceType,
          resourceId,
          resourceArn: resourceArnFor(resourceType, resourceId),
          complianceType: result.ComplianceType,
          annotation: result.Annotation ?? null,
        },
        source,
      });
    }
  }
  return out;
}

function packObservations(raw: ConfigRawState, packs: readonly ConformancePackDetail[]): Observation<ConformancePackAttributes>[] {
  return packs.map((pack) => {
    const name = pack.ConformancePackName ?? '';
    const listed: Traced<ConformancePackRuleCompliance[]> = raw.packCompliance.get(name) ?? { ok: false as const, reason: `${PACK_COMPLIANCE} was not called for ${name}`, operations: [] };
    const rules = maybeOf(listed, (list) =>
      list
        .map((r) => ({ ruleName: r.ConfigRuleName ?? '', complianceType: isCompliance(r.ComplianceType) ? r.ComplianceType : ('INSUFFICIENT_DATA' as const) }))
        .sort((a, b) => compareText(a.ruleName, b.ruleName)),
    );
    const compliance: Maybe<ComplianceTypeValue> = maybeOf(listed, () => {
      const list = rules as { complianceType: ComplianceTypeValue }[];
      if (list.some((r) => r.complianceType === 'NON_COMPLIANT')) return 'NON_COMPLIANT';
      // Conservative: a pack is compliant only when every rule has been evaluated and is compliant.
      return list.length > 0 && list.every((r) => r.complianceType === 'COMPLIANT') ? 'COMPLIANT' : 'INSUFFICIENT_DATA';
    });
    return {
      type: 'aws.config.conformance_pack',
      id: pack.ConformancePackArn ?? '',
      scope: raw.scope,
      attributes: {
        name,
        arn: pack.ConformancePackArn ?? '',
        rules,
        compliance,
        nonCompliantRules: maybeOf(listed, () => (rules as { ruleName: string; complianceType: string }[]).filter((r) => r.complianceType === 'NON_COMPLIANT').map((r) => r.ruleName)),
      },
      source: sources(raw.proof, raw.packs.operations, listed.operations),
    };
  });
}

const byId = (a: { id: string }, b: { id: string }) => compareText(a.id, b.id);

export function normalizeConfig(raw: ConfigRawState): CollectionOutput {
  const observations: Observation[] = [regionObservation(raw)];
  const gaps: PopulationGap[] = [];

  if (raw.rules.ok) {
    const named: NamedRule[] = [];
    const malformed: string[] = [];
    for (const rule of raw.rules.value) {
      if (rule.ConfigRuleName === undefined || rule.ConfigRuleArn === undefined) {
        malformed.push(`${RULES} returned a rule without a name or ARN`);
        continue;
      }
      const managed = rule.Source?.Owner === 'AWS' ? (rule.Source.SourceIdentifier ?? null) : null;
      named.push({ name: rule.ConfigRuleName, arn: rule.ConfigRuleArn, managedRuleIdentifier: managed, rule });
    }
    named.sort((a, b) => compareText(a.arn, b.arn));
    const evaluationGaps: string[] = [...malformed];
    observations.push(...ruleObservations(raw, named).sort(byId), ...evaluationObservations(raw, named, evaluationGaps).sort(byId));
    if (malformed.length > 0) gaps.push({ type: 'aws.config.rule', reason: [...new Set(malformed)].join('; ') });
    // One gap per type: the runner turns each into an error result for the scope.
    if (evaluationGaps.length > 0) gaps.push({ type: 'aws.config.rule_evaluation', reason: [...new Set(evaluationGaps)].join('; ') });
  } else {
    gaps.push({ type: 'aws.config.rule', reason: raw.rules.reason }, { type: 'aws.config.rule_evaluation', reason: raw.rules.reason });
  }

  if (raw.packs.ok) {
    const valid = raw.packs.value.filter((p) => p.ConformancePackName !== undefined && p.ConformancePackArn !== undefined);
    observations.push(...packObservations(raw, valid).sort(byId));
    if (valid.length < raw.packs.value.length) gaps.push({ type: 'aws.config.conformance_pack', reason: `${PACKS} returned a pack without a name or ARN` });
  } else {
    gaps.push({ type: 'aws.config.conformance_pack', reason: raw.packs.reason });
  }
  return { observations, gaps };
}
