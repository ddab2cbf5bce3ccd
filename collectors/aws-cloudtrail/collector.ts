import { CloudTrailClient, type GetEventSelectorsCommandOutput, type GetTrailStatusCommandOutput, type Trail } from '@aws-sdk/client-cloudtrail';
import pLimit from 'p-limit';
import type { AwsConfig } from '../../src/config/schema.js';
import { defineCollector, type CollectContext, type CollectionOutput, type CollectTarget } from '../../src/model/collector.js';
import { arnAccount, WrongAccountError } from '../../src/sdk/aws-account-guard.js';
import { attempt, CallFailedError, CredentialsRejectedError, type Outcome } from '../../src/sdk/aws-call.js';
import { attachCallStats, awsClientConfig, type AwsClientConfig } from '../../src/sdk/aws.js';
import { describeTrails } from './describe-trails.js';
import { getEventSelectors } from './event-selectors.js';
import { normalizeCloudTrail } from './normalize.js';
import { CLOUDTRAIL_OBSERVATION_TYPES } from './observations.js';
import { getTrailStatus } from './trail-status.js';

/**
 * The AWS CloudTrail collector: one target per configured account × region (trails are regional, and a
 * multi-region trail shows in every region as a shadow). It lists the trails that log the region, then asks
 * each one's status and event selectors. One failed call makes exactly what it fills Unknown; rejected
 * credentials, or trails from another account, fail the whole scope.
 */

export interface AwsCloudTrailTarget extends CollectTarget {
  readonly accountId: string;
  readonly region: string;
  /** Every region configured for the account, in configuration order (decides where a shadow trail is observed). */
  readonly accountRegions: readonly string[];
  /** A function, so credentials never show when a target is logged or serialized. */
  readonly clientConfig: () => AwsClientConfig;
}

/** SDK command → the IAM action it needs: the least-privilege policy, and what tests hold the collector to. */
export const CLOUDTRAIL_ACTION_BY_OPERATION = {
  DescribeTrailsCommand: 'cloudtrail:DescribeTrails',
  GetTrailStatusCommand: 'cloudtrail:GetTrailStatus',
  GetEventSelectorsCommand: 'cloudtrail:GetEventSelectors',
} as const;

/** Per-trail calls in flight at once: an account has few trails, and CloudTrail's control-plane rate limits are low. */
const TRAIL_CONCURRENCY = 4;

/**
 * Refuses trails naming another account (wrong credentials would otherwise record someone else's logging). An
 * organisation trail is the exception: member accounts legitimately see the management account's trail.
 */
function verifyTrails(accountId: string, trails: readonly Trail[]): void {
  for (const trail of trails) {
    if (trail.TrailARN === undefined || trail.IsOrganizationTrail === true) continue;
    const account = arnAccount(trail.TrailARN);
    if (account !== undefined && account !== accountId) throw new WrongAccountError(accountId, account);
  }
}

async function collectRegion(target: AwsCloudTrailTarget, ctx: CollectContext): Promise<CollectionOutput> {
  const client = new CloudTrailClient(target.clientConfig());
  attachCallStats(client, ctx.stats, 'cloudtrail');
  const log = ctx.log.child({ collector: 'aws-cloudtrail', scope: target.scope });
  const onFailure = (failure: CallFailedError) =>
    log.warn({ operation: failure.operation, code: failure.code, status: failure.status }, `${failure.reason}; what it supplies is Unknown`);
  const limit = pLimit(TRAIL_CONCURRENCY);
  try {
    const trails = await attempt(() => describeTrails(client), onFailure);
    if (trails.ok) verifyTrails(target.accountId, trails.value);
    const arns = trails.ok ? trails.value.map((t) => t.TrailARN).filter((a): a is string => a !== undefined) : [];
    const status = new Map<string, Outcome<GetTrailStatusCommandOutput>>(
      await Promise.all(arns.map((arn) => limit(async () => [arn, await attempt(() => getTrailStatus(client, arn), onFailure)] as const))),
    );
    const selectors = new Map<string, Outcome<GetEventSelectorsCommandOutput>>(
      await Promise.all(arns.map((arn) => limit(async () => [arn, await attempt(() => getEventSelectors(client, arn), onFailure)] as const))),
    );
    return normalizeCloudTrail({
      accountId: target.accountId,
      region: target.region,
      scope: target.scope,
      accountRegions: target.accountRegions,
      trails,
      status,
      selectors,
    });
  } catch (error) {
    if (error instanceof CredentialsRejectedError) {
      // Only the operation and error code: never the key, the secret, or the signed request.
      throw new Error(`aws-cloudtrail: AWS rejected the credentials for account ${target.accountId} in ${target.region} (${error.operation}: ${error.code})`);
    }
    throw error;
  } finally {
    client.destroy();
  }
}

export const awsCloudTrailCollector = defineCollector<AwsCloudTrailTarget, AwsConfig>({
  id: 'aws-cloudtrail',
  title: 'AWS CloudTrail: trails per region, their logging status, event selectors and delivery',
  provider: 'aws',
  services: ['cloudtrail'],
  produces: CLOUDTRAIL_OBSERVATION_TYPES,
  actionsByOperation: Object.fromEntries(Object.entries(CLOUDTRAIL_ACTION_BY_OPERATION).map(([command, action]) => [`CloudTrailClient.${command}`, action])),
  permissions: Object.values(CLOUDTRAIL_ACTION_BY_OPERATION).sort(),
  targets(aws: AwsConfig): AwsCloudTrailTarget[] {
    return aws.accounts.flatMap((account) =>
      account.regions.map((region) => ({
        scope: `aws:${account.id}:${region}`,
        accountId: account.id,
        region,
        accountRegions: account.regions,
        clientConfig: () => awsClientConfig({ aws, account, region, service: 'cloudtrail' }),
      })),
    );
  },
  collect: collectRegion,
});
