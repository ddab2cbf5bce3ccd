import { ConfigServiceClient, type ConformancePackRuleCompliance, type EvaluationResult } from '@aws-sdk/client-config-service';
import pLimit from 'p-limit';
import type { CollectionOutput } from '../../src/model/collector.js';
import { rejectForeignArns } from '../../src/sdk/aws-account-guard.js';
import type { Traced } from '../../src/sdk/aws-call.js';
import type { AwsImplementation, AwsScope } from '../../src/sdk/aws-collector.js';
import { recorderReads } from '../../src/aws/config-recorders.js';
import { describeConformancePackCompliance, describeConformancePacks } from './conformance-packs.js';
import { describeDeliveryChannels, describeDeliveryChannelStatus } from './delivery-channels.js';
import { normalizeConfig, type ConfigRawState } from './normalize.js';
import { getComplianceDetails } from './rule-evaluations.js';
import { describeConfigRules } from './rules.js';

const SERVICES = { config: ConfigServiceClient };
type ConfigScope = AwsScope<typeof SERVICES, undefined>;

/** Per-rule and per-pack calls in flight at once: fast for many rules, gentle on Config's low rate limits. */
const DETAIL_CONCURRENCY = 4;

async function collectRegion(scope: ConfigScope): Promise<CollectionOutput> {
  const client = scope.clients.get('config');
  const limit = pLimit(DETAIL_CONCURRENCY);
  // Shared with the S3 collector's advanced query (one read per account × region and run).
  const reads = recorderReads(client, scope.ctx.runCache === undefined ? undefined : { cache: scope.ctx.runCache, stats: scope.ctx.stats, key: `${scope.accountId}:${scope.region}` });
  const recorders = await scope.attempt(() => reads.recorders());
  const recorderStatus = await scope.attempt(() => reads.statuses());
  const channels = await scope.attempt(() => describeDeliveryChannels(client));
  const channelStatus = await scope.attempt(() => describeDeliveryChannelStatus(client));
  const rules = await scope.attempt(() => describeConfigRules(client));
  const packs = await scope.attempt(() => describeConformancePacks(client));

  const top = [recorders, recorderStatus, channels, channelStatus, rules, packs];
  if (top.every((o) => !o.ok)) {
    const reasons = [...new Set(top.map((o) => (o.ok ? '' : o.reason)))];
    throw new Error(`aws-config: every AWS Config call failed for account ${scope.accountId} in ${scope.region}: ${reasons.join('; ')}`);
  }

  const ruleNames = rules.ok ? rules.value.map((r) => r.ConfigRuleName).filter((n): n is string => n !== undefined) : [];
  const evaluations = new Map<string, Traced<EvaluationResult[]>>(
    await Promise.all(ruleNames.map((name) => limit(async () => [name, await scope.attempt(() => getComplianceDetails(client, name))] as const))),
  );
  const packNames = packs.ok ? packs.value.map((p) => p.ConformancePackName).filter((n): n is string => n !== undefined) : [];
  const packCompliance = new Map<string, Traced<ConformancePackRuleCompliance[]>>(
    await Promise.all(packNames.map((name) => limit(async () => [name, await scope.attempt(() => describeConformancePackCompliance(client, name))] as const))),
  );

  rejectForeignArns(scope.accountId, [
    ...(recorders.ok ? recorders.value.map((r) => r.arn) : []),
    ...(recorderStatus.ok ? recorderStatus.value.map((r) => r.arn) : []),
    ...(rules.ok ? rules.value.map((r) => r.ConfigRuleArn) : []),
    ...(packs.ok ? packs.value.map((p) => p.ConformancePackArn) : []),
  ]);

  const raw: ConfigRawState = {
    accountId: scope.accountId,
    region: scope.region,
    scope: scope.scope,
    proof: scope.proof,
    recorders,
    recorderStatus,
    channels,
    channelStatus,
    rules,
    evaluations,
    packs,
    packCompliance,
  };
  return normalizeConfig(raw);
}

/** What the collector does with the SDK, loaded when it first collects (collector.ts declares it). */
export const IMPLEMENTATION: AwsImplementation<typeof SERVICES, undefined> = { clients: SERVICES, collect: collectRegion };
