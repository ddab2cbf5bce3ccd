import pLimit from 'p-limit';
import type { AppConfig } from '../../src/config/schema.js';
import { defineCollector, type CollectContext, type CollectionOutput, type CollectTarget } from '../../src/model/collector.js';
import { awsClientConfig } from '../../src/sdk/aws.js';
import { attempt, CallFailedError, CredentialsRejectedError, type Outcome } from '../../src/sdk/aws-call.js';
import { getAcl } from './acl.js';
import { callerAccount } from './caller-identity.js';
import { WrongAccountError } from '../../src/sdk/aws-account-guard.js';
import { getBucketRegion } from './bucket-location.js';
import { getBucketPolicy, getPolicyIsPublic } from './bucket-policy.js';
import { S3Clients, type ClientConfigFor } from './clients.js';
import { bucketRawFromConfigItem, needsPolicyStatus } from './config-item.js';
import { configCoverage, type BucketSource } from './config-source.js';
import { getDefaultEncryption } from './encryption.js';
import { listBuckets, type ListedBucket } from './list-buckets.js';
import { getLogging } from './logging.js';
import { normalizeS3, type BucketRaw } from './normalize.js';
import { getObjectLock } from './object-lock.js';
import type { ConfigS3Bucket } from '../aws-config/s3-advanced-query.js';
import { S3_OBSERVATION_TYPES } from './observations.js';
import { getOwnershipControls } from './ownership-controls.js';
import { getAccountPublicAccessBlock, getBucketPublicAccessBlock } from './public-access-block.js';
import { getVersioning } from './versioning.js';

/**
 * The AWS S3 collector: one target per configured account (scope `aws:<account>`, as for IAM). It lists the
 * buckets, finds each bucket's region and reads its settings with a client for that region, a bounded number
 * of buckets at a time. Where AWS Config records a bucket (advanced query, in the account's regions) its
 * settings come from Config's item instead, in bulk, plus one GetBucketPolicyStatus when it has a policy.
 * One failed read makes exactly the attribute it fills Unknown; a failed listing makes the bucket population
 * a gap; rejected credentials fail the scope.
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
  // Proves whose buckets these are (bucket ARNs carry no account id); needs no IAM permission, listed for completeness.
  'STSClient.GetCallerIdentityCommand': 'sts:GetCallerIdentity',
  // AWS Config's advanced query (config-source.ts) and the recorder checks that precede it.
  'ConfigServiceClient.DescribeConfigurationRecordersCommand': 'config:DescribeConfigurationRecorders',
  'ConfigServiceClient.DescribeConfigurationRecorderStatusCommand': 'config:DescribeConfigurationRecorderStatus',
  'ConfigServiceClient.SelectResourceConfigCommand': 'config:SelectResourceConfig',
};

/** Buckets read at once per account: enough to finish large accounts quickly, few enough to avoid SlowDown. */
export const BUCKET_CONCURRENCY = 8;

export interface AwsS3Target extends CollectTarget {
  readonly accountId: string;
  /** Where the account-wide calls (ListBuckets, GetBucketLocation, S3 Control) are sent. */
  readonly homeRegion: string;
  /** A function, so credentials never show when a target is logged or serialized. */
  readonly clientConfig: ClientConfigFor;
  readonly bucketSource: BucketSource;
}

type OnFailure = (failure: CallFailedError) => void;

async function readBucket(clients: S3Clients, home: string, listed: ListedBucket, onFailure: OnFailure): Promise<BucketRaw> {
  const region = await attempt(() => getBucketRegion(clients.s3(home), listed.name), onFailure);
  const base = { name: listed.name, createdAt: listed.createdAt, source: 's3-api' as const, region };
  if (!region.ok) {
    // Without the region no read can be signed correctly: every setting is unknown, for that reason.
    const why: Outcome<never> = { ok: false, reason: `bucket region unknown: ${region.reason}` };
    return { ...base, publicAccessBlock: why, encryption: why, versioning: why, logging: why, policy: why, policyIsPublic: why, acl: why, objectLock: why, ownershipControls: why };
  }
  const client = clients.s3(region.value);
  const read = <T>(run: (c: typeof client, bucket: string) => Promise<T>) => attempt(() => run(client, listed.name), onFailure);
  // One bucket's reads run one after another; parallelism comes from reading several buckets at once.
  return {
    ...base,
    publicAccessBlock: await read(getBucketPublicAccessBlock),
    encryption: await read(getDefaultEncryption),
    versioning: await read(getVersioning),
    logging: await read(getLogging),
    policy: await read(getBucketPolicy),
    policyIsPublic: await read(getPolicyIsPublic),
    acl: await read(getAcl),
    objectLock: await read(getObjectLock),
    ownershipControls: await read(getOwnershipControls),
  };
}

/** A bucket AWS Config describes: its item, plus S3's own policy verdict when there is a policy. */
async function readConfiguredBucket(clients: S3Clients, item: ConfigS3Bucket, listed: ListedBucket, onFailure: OnFailure): Promise<BucketRaw> {
  const policyIsPublic: Outcome<boolean | null> = needsPolicyStatus(item)
    ? await attempt(() => getPolicyIsPublic(clients.s3(item.region), listed.name), onFailure)
    : { ok: true, value: null };
  return bucketRawFromConfigItem(item, listed, policyIsPublic);
}

/** Fails the scope unless the credentials provably belong to the configured account. */
async function verifyCaller(target: AwsS3Target, ctx: CollectContext): Promise<void> {
  let account: string;
  try {
    account = await callerAccount(target.clientConfig('sts', target.homeRegion), ctx.stats);
  } catch (error) {
    if (error instanceof CallFailedError) throw new Error(`aws-s3: could not confirm the credentials belong to account ${target.accountId}: ${error.reason}`);
    throw error;
  }
  if (account !== target.accountId) throw new WrongAccountError(target.accountId, account);
}

async function collectAccount(target: AwsS3Target, ctx: CollectContext): Promise<CollectionOutput> {
  const clients = new S3Clients(target.clientConfig, ctx.stats);
  const log = ctx.log.child({ collector: 'aws-s3', scope: target.scope });
  const onFailure: OnFailure = (failure) =>
    log.warn({ operation: failure.operation, code: failure.code, status: failure.status }, `${failure.reason}; the attributes it supplies are Unknown`);
  try {
    await verifyCaller(target, ctx);
    const accountPab = await attempt(() => getAccountPublicAccessBlock(clients.s3control(target.homeRegion), target.accountId), onFailure);
    const listed = await attempt(() => listBuckets(clients.s3(target.homeRegion)), onFailure);
    if (!accountPab.ok && !listed.ok) {
      throw new Error(`aws-s3: every S3 call failed for account ${target.accountId}: ${[...new Set([accountPab.reason, listed.reason])].join('; ')}`);
    }
    const source = target.bucketSource;
    if (source.kind === 's3-api' && source.why !== undefined) log.info(`reading every bucket with the S3 APIs: ${source.why}`);
    // Only worth asking Config when there are buckets to describe.
    const covered = listed.ok && listed.value.length > 0 && source.kind === 'auto' ? await configCoverage(clients, source.regions, log) : new Map<string, ConfigS3Bucket>();
    const read = (b: ListedBucket) => {
      const item = covered.get(b.name);
      return item !== undefined ? readConfiguredBucket(clients, item, b, onFailure) : readBucket(clients, target.homeRegion, b, onFailure);
    };
    const limit = pLimit(BUCKET_CONCURRENCY);
    const buckets: Outcome<BucketRaw[]> = listed.ok ? { ok: true, value: await Promise.all(listed.value.map((b) => limit(() => read(b)))) } : listed;
    return normalizeS3({ accountId: target.accountId, scope: target.scope, accountPublicAccessBlock: accountPab, buckets });
  } catch (error) {
    if (error instanceof CredentialsRejectedError) {
      // Only the operation and error code: never the key, the secret, or the signed request.
      throw new Error(`aws-s3: AWS rejected the credentials for account ${target.accountId} (${error.operation}: ${error.code})`);
    }
    throw error;
  } finally {
    clients.destroy();
  }
}

/**
 * `auto` asks Config in the account's regions — unless S3 is sent to an overridden endpoint and Config is
 * not: Config describes AWS's buckets, and a same-named bucket on another S3 endpoint is not one of them.
 */
function bucketSource(aws: NonNullable<AppConfig['aws']>, regions: readonly string[]): BucketSource {
  if (aws.s3BucketSource === 's3-api') return { kind: 's3-api' };
  if (aws.endpoints.s3 !== undefined && aws.endpoints.config === undefined) {
    return { kind: 's3-api', why: 'aws.endpoints.s3 is overridden and aws.endpoints.config is not, so AWS Config does not describe those buckets' };
  }
  return { kind: 'auto', regions: [...regions] };
}

export const awsS3Collector = defineCollector<AwsS3Target>({
  id: 'aws-s3',
  title: 'AWS S3: account Block Public Access and every bucket’s exposure, encryption, versioning, logging and locks',
  produces: S3_OBSERVATION_TYPES,
  permissions: [...new Set(Object.values(S3_ACTION_BY_OPERATION))].sort(),
  targets(config: AppConfig): AwsS3Target[] {
    const aws = config.aws;
    if (aws === undefined) return [];
    return aws.accounts.map((account) => {
      const homeRegion = account.regions[0] ?? 'us-east-1';
      return {
        scope: `aws:${account.id}`,
        accountId: account.id,
        homeRegion,
        clientConfig: (service, region) => awsClientConfig({ aws, account, region, service }),
        bucketSource: bucketSource(aws, account.regions),
      };
    });
  },
  collect: collectAccount,
});
