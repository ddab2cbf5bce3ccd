import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import pLimit from 'p-limit';
import type { AwsAccountConfig, AwsConfig } from '../../src/config/schema.js';
import type { CollectionOutput } from '../../src/model/collector.js';
import { defineAwsCollector, type AwsScope } from '../../src/sdk/aws-collector.js';
import type { Outcome } from '../../src/sdk/aws-call.js';
import type { ConfigS3Bucket } from '../../src/aws/config-advanced-query.js';
import { recorderReads } from '../../src/aws/config-recorders.js';
import { getAcl } from './acl.js';
import { getBucketRegion } from './bucket-location.js';
import { getBucketPolicy, getPolicyIsPublic, policyStatusNeeded } from './bucket-policy.js';
import { bucketRawFromConfigItem, needsPolicyStatus } from './config-item.js';
import { configCoverage, type BucketSource, type CoveredBucket } from './config-source.js';
import { getDefaultEncryption } from './encryption.js';
import { listBuckets, type ListedBucket } from './list-buckets.js';
import { getLogging } from './logging.js';
import { normalizeS3, type BucketRaw, type TracedBucket } from './normalize.js';
import { getObjectLock } from './object-lock.js';
import { S3_OBSERVATION_TYPES } from './observations.js';
import { getOwnershipControls } from './ownership-controls.js';
import { getAccountPublicAccessBlock, getBucketPublicAccessBlock } from './public-access-block.js';
import { getVersioning } from './versioning.js';

/**
 * The AWS S3 collector: one scope per configured account (scope `aws:<account>`, as for IAM). It lists the
 * buckets, finds each bucket's region and reads its settings with a client for that region, a bounded number
 * of buckets at a time. Where AWS Config records a bucket (advanced query, in the account's regions) its
 * settings come from Config's item instead, in bulk. Either way GetBucketPolicyStatus is asked only of a bucket
 * that has a policy (or whose policy could not be read): a bucket with none is "not public by policy" without it.
 * One failed read makes exactly the attribute it fills Unknown; a failed listing makes the bucket population
 * a gap. The skeleton proves the account first (bucket ARNs name no account, so nothing else could).
 */

/**
 * SDK command (qualified by client, since S3 and S3 Control both have a GetPublicAccessBlockCommand) → the IAM
 * action that authorises it. The API and IAM names differ, e.g. GetBucketEncryption needs s3:GetEncryptionConfiguration.
 */
export const S3_ACTION_BY_OPERATION: Readonly<Record<string, string>> = {
  'S3Client.ListBucketsCommand': 's3:ListAllMyBuckets',
  'S3Client.GetBucketLocationCommand': 's3:GetBucketLocation',
  'S3Client.GetPublicAccessBlockCommand': 's3:GetBucketPublicAccessBlock',
  'S3Client.GetBucketEncryptionCommand': 's3:GetEncryptionConfiguration',
  'S3Client.GetBucketVersioningCommand': 's3:GetBucketVersioning',
  'S3Client.GetBucketLoggingCommand': 's3:GetBucketLogging',
  'S3Client.GetBucketPolicyCommand': 's3:GetBucketPolicy',
  'S3Client.GetBucketPolicyStatusCommand': 's3:GetBucketPolicyStatus',
  'S3Client.GetBucketAclCommand': 's3:GetBucketAcl',
  'S3Client.GetObjectLockConfigurationCommand': 's3:GetBucketObjectLockConfiguration',
  'S3Client.GetBucketOwnershipControlsCommand': 's3:GetBucketOwnershipControls',
  'S3ControlClient.GetPublicAccessBlockCommand': 's3:GetAccountPublicAccessBlock',
  // AWS Config's advanced query (src/aws/config-advanced-query.ts) and the recorder checks that precede it.
  'ConfigServiceClient.DescribeConfigurationRecordersCommand': 'config:DescribeConfigurationRecorders',
  'ConfigServiceClient.DescribeConfigurationRecorderStatusCommand': 'config:DescribeConfigurationRecorderStatus',
  'ConfigServiceClient.SelectResourceConfigCommand': 'config:SelectResourceConfig',
};

const SERVICES = { s3: S3Client, s3control: S3ControlClient, config: ConfigServiceClient };

/** The collector's per-account settings: where bucket settings come from, and how many buckets are read at once (`aws.s3BucketConcurrency`). */
export interface S3Settings {
  readonly source: BucketSource;
  readonly bucketConcurrency: number;
}

export type S3Scope = AwsScope<typeof SERVICES, S3Settings>;

/** Every setting of a bucket AWS Config does not describe, each by its own S3 call. */
async function readBucket(scope: S3Scope, listed: ListedBucket): Promise<BucketRaw> {
  // ListBuckets' BucketRegion when it gave one; GetBucketLocation only when it did not (older S3, S3-compatible stores).
  const region: Outcome<string> =
    listed.region !== null ? { ok: true, value: listed.region } : await scope.attempt(() => getBucketRegion(scope.clients.get('s3', scope.region), listed.name));
  const base = { name: listed.name, createdAt: listed.createdAt, source: 's3-api' as const, region };
  if (!region.ok) {
    // Without the region no read can be signed correctly: every setting is unknown, for that reason.
    const why: Outcome<never> = { ok: false, reason: `bucket region unknown: ${region.reason}` };
    return { ...base, publicAccessBlock: why, encryption: why, versioning: why, logging: why, policy: why, policyIsPublic: why, acl: why, objectLock: why, ownershipControls: why };
  }
  const client = scope.clients.get('s3', region.value);
  const read = <T>(run: (c: typeof client, bucket: string) => Promise<T>) => scope.attempt(() => run(client, listed.name));
  // One bucket's reads run one after another; parallelism comes from reading several buckets at once.
  const publicAccessBlock = await read(getBucketPublicAccessBlock);
  const encryption = await read(getDefaultEncryption);
  const versioning = await read(getVersioning);
  const logging = await read(getLogging);
  const policy = await read(getBucketPolicy);
  return {
    ...base,
    publicAccessBlock,
    encryption,
    versioning,
    logging,
    policy,
    // As on the Config path (needsPolicyStatus): with no policy there is nothing for S3 to judge, so no call.
    policyIsPublic: policyStatusNeeded(policy) ? await read(getPolicyIsPublic) : { ok: true, value: null },
    acl: await read(getAcl),
    objectLock: await read(getObjectLock),
    ownershipControls: await read(getOwnershipControls),
  };
}

/** A bucket AWS Config describes: its item, plus S3's own policy verdict when there is a policy. */
async function readConfiguredBucket(scope: S3Scope, item: ConfigS3Bucket, listed: ListedBucket): Promise<BucketRaw> {
  const policyIsPublic: Outcome<boolean | null> = needsPolicyStatus(item)
    ? await scope.attempt(() => getPolicyIsPublic(scope.clients.get('s3', item.region), listed.name))
    : { ok: true, value: null };
  return bucketRawFromConfigItem(item, listed, policyIsPublic);
}

/** One bucket, with the operations made for it (and, when Config described it, the calls that fetched its item). */
async function readTracedBucket(scope: S3Scope, listed: ListedBucket, covered: ReadonlyMap<string, CoveredBucket>): Promise<TracedBucket> {
  const fromConfig = covered.get(listed.name);
  const { value, operations } = await scope.attribute(() =>
    fromConfig !== undefined ? readConfiguredBucket(scope, fromConfig.item, listed) : readBucket(scope, listed),
  );
  return { raw: value, operations: [...operations, ...(fromConfig?.operations ?? [])] };
}

async function collectAccount(scope: S3Scope): Promise<CollectionOutput> {
  const accountPab = await scope.attempt(() => getAccountPublicAccessBlock(scope.clients.get('s3control', scope.region), scope.accountId));
  const listed = await scope.attempt(() => listBuckets(scope.clients.get('s3', scope.region)));
  if (!accountPab.ok && !listed.ok) {
    throw new Error(`aws-s3: every S3 call failed for account ${scope.accountId}: ${[...new Set([accountPab.reason, listed.reason])].join('; ')}`);
  }
  const { source } = scope.settings;
  if (source.kind === 's3-api' && source.why !== undefined) scope.log.info(`reading every bucket with the S3 APIs: ${source.why}`);
  // Only worth asking Config when there are buckets to describe.
  const covered =
    listed.ok && listed.value.length > 0 && source.kind === 'auto'
      ? await configCoverage(
          (region) => scope.clients.get('config', region),
          source.regions,
          scope.log,
          (run) => scope.attribute(run),
          // The AWS Config collector reads the same recorders: one read per account × region and run.
          (client, region) => recorderReads(client, scope.ctx.runCache === undefined ? undefined : { cache: scope.ctx.runCache, stats: scope.ctx.stats, key: `${scope.accountId}:${region}` }),
        )
      : new Map<string, CoveredBucket>();
  const limit = pLimit(scope.settings.bucketConcurrency);
  const buckets: Outcome<TracedBucket[]> = listed.ok
    ? { ok: true, value: await Promise.all(listed.value.map((b) => limit(() => readTracedBucket(scope, b, covered)))) }
    : listed;
  return normalizeS3({
    accountId: scope.accountId,
    scope: scope.scope,
    proof: scope.proof,
    accountPublicAccessBlock: accountPab,
    listing: listed.operations,
    buckets,
  });
}

function s3Settings(aws: AwsConfig, account: AwsAccountConfig): S3Settings {
  return { source: bucketSource(aws, account), bucketConcurrency: aws.s3BucketConcurrency };
}

/**
 * `auto` asks Config in the account's regions — unless S3 is sent to an overridden endpoint and Config is
 * not: Config describes AWS's buckets, and a same-named bucket on another S3 endpoint is not one of them.
 */
function bucketSource(aws: AwsConfig, account: AwsAccountConfig): BucketSource {
  if (aws.s3BucketSource === 's3-api') return { kind: 's3-api' };
  if (aws.endpoints.s3 !== undefined && aws.endpoints.config === undefined) {
    return { kind: 's3-api', why: 'aws.endpoints.s3 is overridden and aws.endpoints.config is not, so AWS Config does not describe those buckets' };
  }
  return { kind: 'auto', regions: [...account.regions] };
}

export const awsS3Collector = defineAwsCollector({
  id: 'aws-s3',
  title: 'AWS S3: account Block Public Access and every bucket’s exposure, encryption, versioning, logging and locks',
  granularity: 'account',
  services: SERVICES,
  actions: S3_ACTION_BY_OPERATION,
  produces: S3_OBSERVATION_TYPES,
  settings: s3Settings,
  collect: collectAccount,
});
