import { ConfigServiceClient, type ConformancePackRuleCompliance, type EvaluationResult } from '@aws-sdk/client-config-service';
import pLimit from 'p-limit';
import type { AppConfig } from '../../src/config/schema.js';
import { defineCollector, type CollectContext, type CollectionOutput, type CollectTarget } from '../../src/model/collector.js';
import { arnAccount, WrongAccountError } from '../../src/sdk/aws-account-guard.js';
import { attempt, CallFailedError, CredentialsRejectedError, type Outcome } from '../../src/sdk/aws-call.js';
import { attachCallStats, awsClientConfig, type AwsClientConfig } from '../../src/sdk/aws.js';
import { describeConformancePackCompliance, describeConformancePacks } from './conformance-packs.js';
import { describeDeliveryChannels, describeDeliveryChannelStatus } from './delivery-channels.js';
import { normalizeConfig, type ConfigRawState } from './normalize.js';
import { CONFIG_OBSERVATION_TYPES } from './observations.js';
import { describeRecorders, describeRecorderStatus } from './recorders.js';
import { describeComplianceByConfigRule } from './rule-compliance.js';
import { getComplianceDetails } from './rule-evaluations.js';
import { describeConfigRules } from './rules.js';

/**
 * The AWS Config collector: one target per configured account × region (Config is regional). It reads
 * Config's own set-up (recorder, delivery channel) and the verdicts of the organisation's Config rules and
 * conformance packs, so those count as evidence beside our own checks. Each API concern is isolated — one
 * failed call makes exactly what it fills Unknown (or a population gap) — but rejected credentials, or ARNs
 * from another account, fail the whole scope.
 */

export interface AwsConfigTarget extends CollectTarget {
  readonly accountId: string;
  readonly region: string;
  /** A function, so credentials never show when a target is logged or serialized. */
  readonly clientConfig: () => AwsClientConfig;
}

/** SDK command → the IAM action it needs: the least-privilege policy, and what tests hold the collector to. */
export const CONFIG_ACTION_BY_OPERATION = {
  DescribeConfigurationRecordersCommand: 'config:DescribeConfigurationRecorders',
  DescribeConfigurationRecorderStatusCommand: 'config:DescribeConfigurationRecorderStatus',
  DescribeDeliveryChannelsCommand: 'config:DescribeDeliveryChannels',
  DescribeDeliveryChannelStatusCommand: 'config:DescribeDeliveryChannelStatus',
  DescribeConfigRulesCommand: 'config:DescribeConfigRules',
  DescribeComplianceByConfigRuleCommand: 'config:DescribeComplianceByConfigRule',
  GetComplianceDetailsByConfigRuleCommand: 'config:GetComplianceDetailsByConfigRule',
  DescribeConformancePacksCommand: 'config:DescribeConformancePacks',
  DescribeConformancePackComplianceCommand: 'config:DescribeConformancePackCompliance',
  // Not called by collect(): selectS3BucketConfigurations (s3-advanced-query.ts) runs it for the S3 collector.
  SelectResourceConfigCommand: 'config:SelectResourceConfig',
} as const;

/** Per-rule and per-pack calls in flight at once: fast for many rules, gentle on Config's low rate limits. */
const DETAIL_CONCURRENCY = 4;

/** Refuses data naming another account (wrong credentials would otherwise record someone else's Config). */
function verifyArns(accountId: string, arns: Iterable<string | undefined>): void {
  for (const arn of arns) {
    if (arn === undefined) continue;
    const account = arnAccount(arn);
    if (account !== undefined && account !== accountId) throw new WrongAccountError(accountId, account);
  }
}

async function collectRegion(target: AwsConfigTarget, ctx: CollectContext): Promise<CollectionOutput> {
  const client = new ConfigServiceClient(target.clientConfig());
  attachCallStats(client, ctx.stats, 'config');
  const log = ctx.log.child({ collector: 'aws-config', scope: target.scope });
  const onFailure = (failure: CallFailedError) =>
    log.warn({ operation: failure.operation, code: failure.code, status: failure.status }, `${failure.reason}; what it supplies is Unknown`);
  const limit = pLimit(DETAIL_CONCURRENCY);
  try {
    const recorders = await attempt(() => describeRecorders(client), onFailure);
    const recorderStatus = await attempt(() => describeRecorderStatus(client), onFailure);
    const channels = await attempt(() => describeDeliveryChannels(client), onFailure);
    const channelStatus = await attempt(() => describeDeliveryChannelStatus(client), onFailure);
    const rules = await attempt(() => describeConfigRules(client), onFailure);
    const compliance = await attempt(() => describeComplianceByConfigRule(client), onFailure);
    const packs = await attempt(() => describeConformancePacks(client), onFailure);

    const top: Outcome<unknown>[] = [recorders, recorderStatus, channels, channelStatus, rules, compliance, packs];
    if (top.every((o) => !o.ok)) {
      const reasons = [...new Set(top.map((o) => (o.ok ? '' : o.reason)))];
      throw new Error(`aws-config: every AWS Config call failed for account ${target.accountId} in ${target.region}: ${reasons.join('; ')}`);
    }

    const ruleNames = rules.ok ? rules.value.map((r) => r.ConfigRuleName).filter((n): n is string => n !== undefined) : [];
    const evaluations = new Map<string, Outcome<EvaluationResult[]>>(
      await Promise.all(ruleNames.map((name) => limit(async () => [name, await attempt(() => getComplianceDetails(client, name), onFailure)] as const))),
    );
    const packNames = packs.ok ? packs.value.map((p) => p.ConformancePackName).filter((n): n is string => n !== undefined) : [];
    const packCompliance = new Map<string, Outcome<ConformancePackRuleCompliance[]>>(
      await Promise.all(packNames.map((name) => limit(async () => [name, await attempt(() => describeConformancePackCompliance(client, name), onFailure)] as const))),
    );

    verifyArns(target.accountId, [
      ...(recorders.ok ? recorders.value.map((r) => r.arn) : []),
      ...(recorderStatus.ok ? recorderStatus.value.map((r) => r.arn) : []),
      ...(rules.ok ? rules.value.map((r) => r.ConfigRuleArn) : []),
      ...(packs.ok ? packs.value.map((p) => p.ConformancePackArn) : []),
    ]);

    const raw: ConfigRawState = {
      accountId: target.accountId,
      region: target.region,
      scope: target.scope,
      recorders,
      recorderStatus,
      channels,
      channelStatus,
      rules,
      compliance,
      evaluations,
      packs,
      packCompliance,
    };
    return normalizeConfig(raw);
  } catch (error) {
    if (error instanceof CredentialsRejectedError) {
      // Only the operation and error code: never the key, the secret, or the signed request.
      throw new Error(`aws-config: AWS rejected the credentials for account ${target.accountId} in ${target.region} (${error.operation}: ${error.code})`);
    }
    throw error;
  } finally {
    client.destroy();
  }
}

export const awsConfigCollector = defineCollector<AwsConfigTarget>({
  id: 'aws-config',
  title: 'AWS Config: recorders, delivery channels, rule and conformance-pack verdicts',
  produces: CONFIG_OBSERVATION_TYPES,
  permissions: Object.values(CONFIG_ACTION_BY_OPERATION).sort(),
  targets(config: AppConfig): AwsConfigTarget[] {
    const aws = config.aws;
    if (aws === undefined) return [];
    return aws.accounts.flatMap((account) =>
      account.regions.map((region) => ({
        scope: `aws:${account.id}:${region}`,
        accountId: account.id,
        region,
        clientConfig: () => awsClientConfig({ aws, account, region, service: 'config' }),
      })),
    );
  },
  collect: collectRegion,
});
