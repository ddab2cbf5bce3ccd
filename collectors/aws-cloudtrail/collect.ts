import { CloudTrailClient, type GetEventSelectorsCommandOutput, type GetTrailStatusCommandOutput, type Trail } from '@aws-sdk/client-cloudtrail';
import pLimit from 'p-limit';
import type { CollectionOutput } from '../../src/model/collector.js';
import { RunCache } from '../../src/model/run-cache.js';
import { arnAccount, WrongAccountError } from '../../src/sdk/aws-account-guard.js';
import type { Traced } from '../../src/sdk/aws-call.js';
import type { AwsImplementation, AwsScope } from '../../src/sdk/aws-collector.js';
import { describeTrails } from './describe-trails.js';
import { EVENT_SELECTORS, getEventSelectors } from './event-selectors.js';
import { normalizeCloudTrail } from './normalize.js';
import { getTrailStatus, TRAIL_STATUS } from './trail-status.js';

const SERVICES = { cloudtrail: CloudTrailClient };
type CloudTrailScope = AwsScope<typeof SERVICES, undefined>;

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

/** A failed read, carried out of the run cache so it is never served to another region (RunCache forgets it). */
class UnsharedFailure<T> extends Error {
  constructor(readonly traced: Traced<T>) {
    super('not shared');
  }
}

/**
 * A per-trail read, asked once per account and run in the trail's home region: a multi-region trail shows in
 * every region, with the same status and selectors, so every region of the account is handed the same answer
 * (and the operation it rests on). A failure is this region's own: another region asks again for itself.
 */
async function perTrail<T>(scope: CloudTrailScope, kind: string, trail: Trail & { TrailARN: string }, read: (client: CloudTrailClient, arn: string) => Promise<T>): Promise<Traced<T>> {
  const client = scope.clients.get('cloudtrail', trail.HomeRegion ?? scope.region);
  const cache = scope.ctx.runCache ?? new RunCache();
  try {
    return await cache.once(`${kind}:${scope.accountId}:${trail.TrailARN}`, async () => {
      const traced = await scope.attempt(() => read(client, trail.TrailARN));
      if (!traced.ok) throw new UnsharedFailure(traced);
      return traced;
    });
  } catch (error) {
    if (error instanceof UnsharedFailure) return error.traced as Traced<T>;
    throw error;
  }
}

async function collectRegion(scope: CloudTrailScope): Promise<CollectionOutput> {
  const client = scope.clients.get('cloudtrail');
  const limit = pLimit(TRAIL_CONCURRENCY);
  const trails = await scope.attempt(() => describeTrails(client));
  if (trails.ok) verifyTrails(scope.accountId, trails.value);
  const known = trails.ok ? trails.value.filter((t): t is Trail & { TrailARN: string } => t.TrailARN !== undefined) : [];
  const status = new Map<string, Traced<GetTrailStatusCommandOutput>>(
    await Promise.all(known.map((t) => limit(async () => [t.TrailARN, await perTrail(scope, TRAIL_STATUS, t, getTrailStatus)] as const))),
  );
  const selectors = new Map<string, Traced<GetEventSelectorsCommandOutput>>(
    await Promise.all(known.map((t) => limit(async () => [t.TrailARN, await perTrail(scope, EVENT_SELECTORS, t, getEventSelectors)] as const))),
  );
  return normalizeCloudTrail({
    accountId: scope.accountId,
    region: scope.region,
    scope: scope.scope,
    proof: scope.proof,
    accountRegions: scope.regions,
    trails,
    status,
    selectors,
  });
}

/** What the collector does with the SDK, loaded when it first collects (collector.ts declares it). */
export const IMPLEMENTATION: AwsImplementation<typeof SERVICES, undefined> = { clients: SERVICES, collect: collectRegion };
