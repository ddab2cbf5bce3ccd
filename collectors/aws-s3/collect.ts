import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import pLimit from 'p-limit';
import type { CollectionOutput } from '../../src/model/collector.js';
import type { AwsImplementation, AwsScope } from '../../src/sdk/aws-collector.js';
import type { Outcome } from '../../src/sdk/aws-call.js';
import type { ConfigS3Bucket } from '../../src/aws/config-advanced-query.js';
import { recorderReads } from '../../src/aws/config-recorders.js';
import { getAcl } from './acl.js';
import { getBucketRegion } from './bucket-location.js';
import { getBucketPolicy, getPolicyIsPublic, policyStatusNeeded } from './bucket-policy.js';
import { bucketRawFromConfigItem, needsPolicyStatus } from './config-item.js';
import { configCoverage, type CoveredBucket } from './config-source.js';
import { getDefaultEncryption } from './encryption.js';
import { listBuckets, type ListedBucket } from './list-buckets.js';
import { getLogging } from './logging.js';
import { normalizeS3, type BucketRaw, type TracedBucket } from './normalize.js';
import { getObjectLock } from './object-lock.js';
import { getOwnershipControls } from './ownership-controls.js';
import { getAccountPublicAccessBlock, getBucketPublicAccessBlock } from './public-access-block.js';
import { getVersioning } from './versioning.js';
import type { S3Settings } from './settings.js';

const SERVICES = { s3: S3Client, s3control: S3ControlClient, config: ConfigServiceClient };

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

/** What the collector does with the SDK, loaded when it first collects (collector.ts declares it). */
export const IMPLEMENTATION: AwsImplementation<typeof SERVICES, S3Settings> = { clients: SERVICES, collect: collectAccount };
