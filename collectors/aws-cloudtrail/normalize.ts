import type { GetEventSelectorsCommandOutput, GetTrailStatusCommandOutput, Trail } from '@aws-sdk/client-cloudtrail';
import type { CollectionOutput } from '../../src/model/collector.js';
import type { Observation, PopulationGap } from '../../src/model/observation.js';
import { unknown, type Maybe } from '../../src/model/unknown.js';
import type { Outcome, Traced } from '../../src/sdk/aws-call.js';
import { compareText } from '../../src/util/compare.js';
import { DESCRIBE_TRAILS } from './describe-trails.js';
import { EVENT_SELECTORS } from './event-selectors.js';
import { managementEvents } from './management-events.js';
import { s3DataEvents } from './s3-data-events.js';
import type { CloudTrailRegionAttributes, CloudTrailTrailAttributes, ManagementEventsValue, RegionTrailValue } from './observations.js';
import { TRAIL_STATUS } from './trail-status.js';

/**
 * Pure normalizers: raw CloudTrail answers (or the reasons they are missing) → observations. No I/O, no clock;
 * sorted output, so the same state gives the same observations.
 */

/** Each outcome carries the operations counted while it ran: an observation's `source` is the union of those it rests on. */
export interface CloudTrailRawState {
  readonly accountId: string;
  readonly region: string;
  readonly scope: string;
  /** The scope-level calls every observation rests on (the account proof). */
  readonly proof: readonly string[];
  /** The account's configured regions in configuration order: where a trail whose home is not collected is observed. */
  readonly accountRegions: readonly string[];
  readonly trails: Traced<Trail[]>;
  /** GetTrailStatus per trail ARN. */
  readonly status: ReadonlyMap<string, Traced<GetTrailStatusCommandOutput>>;
  /** GetEventSelectors per trail ARN. */
  readonly selectors: ReadonlyMap<string, Traced<GetEventSelectorsCommandOutput>>;
}

/** A trail with the fields every observation needs. */
interface NamedTrail {
  readonly name: string;
  readonly arn: string;
  readonly homeRegion: string;
  readonly trail: Trail;
}

export function regionObservationId(accountId: string, region: string): string {
  return `arn:aws:cloudtrail:${region}:${accountId}:trails`;
}

const sources = (...lists: (readonly string[])[]) => [...new Set(lists.flat())].sort(compareText);
const callsOf = (outcome: Traced<unknown> | undefined) => outcome?.operations ?? [];
const notCalled = (operation: string, arn: string): Outcome<never> => ({ ok: false, reason: `${operation} was not called for ${arn}` });

function maybeOf<T, R>(outcome: Outcome<T>, map: (value: T) => R): Maybe<R> {
  return outcome.ok ? map(outcome.value) : unknown(outcome.reason);
}

/**
 * Whether this region reports the trail as an `aws.cloudtrail.trail`: its home region when that region is
 * collected, otherwise the account's first configured region (which sees every multi-region trail's shadow).
 */
function observedHere(raw: CloudTrailRawState, homeRegion: string): boolean {
  return raw.accountRegions.includes(homeRegion) ? homeRegion === raw.region : raw.region === raw.accountRegions[0];
}

function statusOf(raw: CloudTrailRawState, arn: string): Outcome<GetTrailStatusCommandOutput> {
  return raw.status.get(arn) ?? notCalled(TRAIL_STATUS, arn);
}

function managementOf(raw: CloudTrailRawState, arn: string): Maybe<ManagementEventsValue> {
  return maybeOf(raw.selectors.get(arn) ?? notCalled(EVENT_SELECTORS, arn), managementEvents);
}

function trailObservation(raw: CloudTrailRawState, { name, arn, homeRegion, trail }: NamedTrail): Observation<CloudTrailTrailAttributes> {
  const status = statusOf(raw, arn);
  return {
    type: 'aws.cloudtrail.trail',
    id: arn,
    scope: raw.scope,
    attributes: {
      name,
      arn,
      homeRegion,
      isShadow: homeRegion !== raw.region,
      multiRegion: trail.IsMultiRegionTrail ?? false,
      isOrganizationTrail: trail.IsOrganizationTrail ?? false,
      includeGlobalServiceEvents: trail.IncludeGlobalServiceEvents ?? false,
      s3BucketName: trail.S3BucketName ?? null,
      s3KeyPrefix: trail.S3KeyPrefix ?? null,
      logFileValidationEnabled: trail.LogFileValidationEnabled ?? false,
      kmsKeyId: trail.KmsKeyId ?? null,
      cloudWatchLogsLogGroupArn: trail.CloudWatchLogsLogGroupArn ?? null,
      logging: maybeOf(status, (s) => s.IsLogging ?? false),
      latestDeliveryTime: maybeOf(status, (s) => s.LatestDeliveryTime?.toISOString() ?? null),
      // An empty string is how some answers say "no error".
      latestDeliveryError: maybeOf(status, (s) => (s.LatestDeliveryError === undefined || s.LatestDeliveryError === '' ? null : s.LatestDeliveryError)),
      managementEvents: managementOf(raw, arn),
    },
    source: sources(raw.proof, raw.trails.operations, callsOf(raw.status.get(arn)), callsOf(raw.selectors.get(arn))),
  };
}

function regionTrail(raw: CloudTrailRawState, { name, arn, homeRegion, trail }: NamedTrail): RegionTrailValue {
  return {
    name,
    arn,
    homeRegion,
    multiRegion: trail.IsMultiRegionTrail ?? false,
    isOrganizationTrail: trail.IsOrganizationTrail ?? false,
    logging: maybeOf(statusOf(raw, arn), (s) => s.IsLogging ?? false),
    managementEvents: managementOf(raw, arn),
    s3DataEvents: maybeOf(raw.selectors.get(arn) ?? notCalled(EVENT_SELECTORS, arn), s3DataEvents),
  };
}

function regionObservation(raw: CloudTrailRawState, named: readonly NamedTrail[] | undefined): Observation<CloudTrailRegionAttributes> {
  const calls = named ?? [];
  return {
    type: 'aws.cloudtrail.region',
    id: regionObservationId(raw.accountId, raw.region),
    scope: raw.scope,
    attributes: {
      accountId: raw.accountId,
      region: raw.region,
      trails: raw.trails.ok ? calls.map((t) => regionTrail(raw, t)) : unknown(raw.trails.reason),
    },
    source: sources(raw.proof, raw.trails.operations, ...calls.flatMap((t) => [callsOf(raw.status.get(t.arn)), callsOf(raw.selectors.get(t.arn))])),
  };
}

export function normalizeCloudTrail(raw: CloudTrailRawState): CollectionOutput {
  const gaps: PopulationGap[] = [];
  if (!raw.trails.ok) {
    gaps.push({ type: 'aws.cloudtrail.trail', reason: raw.trails.reason });
    return { observations: [regionObservation(raw, undefined)], gaps };
  }
  const named: NamedTrail[] = [];
  let malformed = 0;
  for (const trail of raw.trails.value) {
    if (trail.TrailARN === undefined || trail.Name === undefined || trail.HomeRegion === undefined) malformed++;
    else named.push({ name: trail.Name, arn: trail.TrailARN, homeRegion: trail.HomeRegion, trail });
  }
  named.sort((a, b) => compareText(a.arn, b.arn));
  if (malformed > 0) {
    // A trail we cannot name might be the one that covers the region: both types get the gap, never a silent fail.
    const reason = `${DESCRIBE_TRAILS} returned ${malformed} trail(s) without a name, ARN or home region`;
    gaps.push({ type: 'aws.cloudtrail.trail', reason }, { type: 'aws.cloudtrail.region', reason });
  }
  const trails = named.filter((t) => observedHere(raw, t.homeRegion)).map((t) => trailObservation(raw, t));
  return { observations: [regionObservation(raw, named), ...trails], gaps };
}
