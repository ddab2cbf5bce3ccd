import type { CloudTrailRegionAttributes, CloudTrailTrailAttributes, RegionTrailValue } from '../../../collectors/aws-cloudtrail/observations.js';
import type { CheckContext, CheckDefinition, Verdict } from '../../../src/model/check.js';
import type { Observation } from '../../../src/model/observation.js';
import { NO_OTHER_OBSERVATIONS, type ObservationLookup } from '../../../src/model/observation-types.js';
import { unknown } from '../../../src/model/unknown.js';

export const NOW = new Date('2026-04-01T12:00:00.000Z');
export const ACCOUNT = '111122223333';
export const ARN = `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/main`;
export const DENIED = (operation: string) => unknown(`cloudtrail:${operation} denied: AccessDeniedException`);
export const ALL_MANAGEMENT = { read: true, write: true, excludedSources: [], selectors: 'basic' as const };
/** S3 object-level read and write data events of every bucket. */
export const ALL_S3_DATA = { allBucketsRead: true, allBucketsWrite: true, someBuckets: [], selectors: 'advanced' as const };

/** A well-configured trail: every trail check passes on it (given its bucket is observed and private). */
export function trailAttrs(over: Partial<CloudTrailTrailAttributes> = {}): CloudTrailTrailAttributes {
  return {
    name: 'main',
    arn: ARN,
    homeRegion: 'eu-west-1',
    isShadow: false,
    multiRegion: true,
    isOrganizationTrail: false,
    includeGlobalServiceEvents: true,
    s3BucketName: 'audit-logs',
    s3KeyPrefix: null,
    logFileValidationEnabled: true,
    kmsKeyId: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234`,
    cloudWatchLogsLogGroupArn: null,
    logging: true,
    latestDeliveryTime: '2026-04-01T11:55:00.000Z',
    latestDeliveryError: null,
    managementEvents: ALL_MANAGEMENT,
    ...over,
  };
}

export function regionTrail(over: Partial<RegionTrailValue> = {}): RegionTrailValue {
  return { name: 'main', arn: ARN, homeRegion: 'eu-west-1', multiRegion: true, isOrganizationTrail: false, logging: true, managementEvents: ALL_MANAGEMENT, s3DataEvents: ALL_S3_DATA, ...over };
}

export function regionAttrs(over: Partial<CloudTrailRegionAttributes> = {}): CloudTrailRegionAttributes {
  return { accountId: ACCOUNT, region: 'eu-west-1', trails: [regionTrail()], ...over };
}

/** A lookup holding exactly these observations (what the engine builds from a run's collections). */
export function lookupOf(observations: readonly Observation[]): ObservationLookup {
  return { get: ((type: string, id: string) => observations.find((o) => o.type === type && o.id === id)) as ObservationLookup['get'] };
}

/** Run a check the way the engine does: parameters parsed by the check's own schema. */
export function run<A, P>(check: CheckDefinition<A, P>, attributes: A, params: unknown = {}, observations: ObservationLookup = NO_OTHER_OBSERVATIONS): Verdict {
  const obs: Observation<A> = { type: check.observationType, id: 'arn:test', scope: `aws:${ACCOUNT}:eu-west-1`, attributes, source: [] };
  const ctx: CheckContext<P> = { now: NOW, params: check.parameters.parse(params), observations };
  return check.evaluate(obs, ctx);
}
