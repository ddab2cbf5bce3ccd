import { describe, expect, it } from 'vitest';
import { deliveryRecent } from '../../../checks/aws-cloudtrail/delivery-recent.js';
import { awsCloudTrailChecks } from '../../../checks/aws-cloudtrail/index.js';
import { logBucketNotPublic } from '../../../checks/aws-cloudtrail/log-bucket-not-public.js';
import { logFileValidationEnabled } from '../../../checks/aws-cloudtrail/log-file-validation-enabled.js';
import { logsEncryptedKms } from '../../../checks/aws-cloudtrail/logs-encrypted-kms.js';
import { multiRegionTrailLogging } from '../../../checks/aws-cloudtrail/multi-region-trail-logging.js';
import { loadCheckMetadata } from '../../../src/catalog/check-metadata.js';
import type { CheckDefinition } from '../../../src/model/check.js';
import { unknown } from '../../../src/model/unknown.js';
import { bucketAttrs, DENIED as S3_DENIED } from '../aws-s3/fixtures.js';
import { ALL_MANAGEMENT, DENIED, lookupOf, regionAttrs, regionTrail, run, trailAttrs } from './fixtures.js';

const metadata = loadCheckMetadata();
const defaults = (check: CheckDefinition) => metadata.get(check.id)?.parameters ?? {};

describe('cloudtrail.multi_region_trail_logging', () => {
  const check = (over: Parameters<typeof regionAttrs>[0], params = defaults(multiRegionTrailLogging)) => run(multiRegionTrailLogging, regionAttrs(over), params);

  it('passes a region logged by a multi-region trail recording read and write management events', () => {
    expect(check({})).toEqual({ status: 'pass', reason: 'eu-west-1 is logged by multi-region trail main (logging, management events read and write)' });
  });
  it('passes on an advanced-selector trail, and when one good trail sits beside a bad one', () => {
    expect(check({ trails: [regionTrail({ managementEvents: { ...ALL_MANAGEMENT, selectors: 'advanced' } })] }).status).toBe('pass');
    expect(check({ trails: [regionTrail({ name: 'local', multiRegion: false }), regionTrail({ name: 'org' })] }).reason).toContain('multi-region trail org');
  });
  it('fails a region with no trail at all (a real answer, not an error)', () => {
    expect(check({ trails: [] })).toEqual({ status: 'fail', reason: 'no CloudTrail trail logs eu-west-1' });
  });
  it('fails single-region, stopped, write-only and source-excluding trails, naming why', () => {
    expect(check({ trails: [regionTrail({ multiRegion: false })] }).reason).toBe(
      'no multi-region trail logging all management events covers eu-west-1: trail main is a single-region trail',
    );
    expect(check({ trails: [regionTrail({ logging: false })] }).reason).toContain('trail main is not logging');
    expect(check({ trails: [regionTrail({ managementEvents: { ...ALL_MANAGEMENT, read: false } })] }).reason).toContain('records only write management events');
    expect(check({ trails: [regionTrail({ managementEvents: { ...ALL_MANAGEMENT, read: false, write: false } })] }).reason).toContain('records no management events');
    const kms = regionTrail({ managementEvents: { ...ALL_MANAGEMENT, excludedSources: ['kms.amazonaws.com'] } });
    expect(check({ trails: [kms] })).toMatchObject({ status: 'fail', reason: expect.stringContaining('excludes management events from kms.amazonaws.com') });
    expect(check({ trails: [kms] }, { allowed_excluded_event_sources: ['kms.amazonaws.com'] }).status).toBe('pass');
  });
  it('errors, never passes or fails, when the trail list or a candidate trail is Unknown', () => {
    expect(check({ trails: DENIED('DescribeTrails') })).toEqual({
      status: 'error',
      reason: 'CloudTrail trails could not be collected: cloudtrail:DescribeTrails denied: AccessDeniedException',
    });
    expect(check({ trails: [regionTrail({ logging: DENIED('GetTrailStatus') })] })).toEqual({
      status: 'error',
      reason: 'no trail is known to cover eu-west-1, and trail main: its status could not be collected: cloudtrail:GetTrailStatus denied: AccessDeniedException',
    });
    expect(check({ trails: [regionTrail({ managementEvents: DENIED('GetEventSelectors') })] }).status).toBe('error');
  });
  it('a trail known to be disqualified stays a fail even when its other values are Unknown', () => {
    expect(check({ trails: [regionTrail({ multiRegion: false, logging: DENIED('GetTrailStatus') })] }).status).toBe('fail');
  });
});

describe('cloudtrail.log_file_validation_enabled and cloudtrail.logs_encrypted_kms', () => {
  it('pass and fail on the trail settings', () => {
    expect(run(logFileValidationEnabled, trailAttrs()).status).toBe('pass');
    expect(run(logFileValidationEnabled, trailAttrs({ logFileValidationEnabled: false }))).toEqual({
      status: 'fail',
      reason: 'trail main has log file validation off: deleted or edited log files would go unnoticed',
    });
    expect(run(logsEncryptedKms, trailAttrs()).reason).toBe('trail main encrypts its log files with KMS key arn:aws:kms:eu-west-1:111122223333:key/1234');
    expect(run(logsEncryptedKms, trailAttrs({ kmsKeyId: null }))).toEqual({ status: 'fail', reason: 'trail main has no KMS key: its log files have S3-managed encryption only' });
  });
});

describe('cloudtrail.log_bucket_not_public', () => {
  const bucket = (over: Parameters<typeof bucketAttrs>[0] = {}) => ({
    type: 'aws.s3.bucket',
    id: 'arn:aws:s3:::audit-logs',
    scope: 'aws:111122223333',
    attributes: bucketAttrs({ name: 'audit-logs', arn: 'arn:aws:s3:::audit-logs', ...over }),
    source: [],
  });
  const check = (observations = [bucket()], over = {}) => run(logBucketNotPublic, trailAttrs(over), {}, lookupOf(observations));

  it('passes when the joined bucket observation is not public', () => {
    expect(check()).toEqual({ status: 'pass', reason: 'log bucket audit-logs of trail main has no public ACL grant and no public bucket policy' });
  });
  it('fails when the bucket is public by ACL or policy, with the same findings as s3.bucket_not_public', () => {
    const acl = { ownerId: 'o'.repeat(64), publicGrants: [{ grantee: 'AllUsers' as const, permission: 'READ' }], grants: [] };
    expect(check([bucket({ acl })])).toEqual({ status: 'fail', reason: 'log bucket audit-logs of trail main is public: ACL grants READ to AllUsers' });
    expect(check([bucket({ policyIsPublic: true })]).reason).toContain('S3 reports the bucket policy as public');
  });
  it('errors, never passes, when the bucket was not observed in this run', () => {
    expect(check([])).toMatchObject({ status: 'error', reason: expect.stringContaining('log bucket audit-logs of trail main was not observed in this run') });
    expect(check([{ ...bucket(), id: 'arn:aws:s3:::other' }]).status).toBe('error');
  });
  it('errors when the bucket ACL could not be read, or the trail names no bucket', () => {
    expect(check([bucket({ acl: S3_DENIED('s3:GetBucketAcl') })])).toEqual({
      status: 'error',
      reason: 'log bucket audit-logs of trail main: bucket ACL could not be collected: s3:GetBucketAcl denied: AccessDenied',
    });
    expect(check([bucket()], { s3BucketName: null }).status).toBe('error');
  });
});

describe('cloudtrail.delivery_recent', () => {
  const check = (over: Parameters<typeof trailAttrs>[0], params = defaults(deliveryRecent)) => run(deliveryRecent, trailAttrs(over), params);
  it('passes a delivery within the window (default 24 h of the run)', () => {
    expect(check({})).toEqual({ status: 'pass', reason: 'trail main last delivered log files at 2026-04-01T11:55:00.000Z, within 24 h of the run, without error' });
    expect(check({ latestDeliveryTime: '2026-03-31T12:00:00.000Z' }).status).toBe('pass');
  });
  it('fails a stale, failed or never-made delivery', () => {
    expect(check({ latestDeliveryTime: '2026-03-31T11:59:59.000Z' })).toEqual({
      status: 'fail',
      reason: 'trail main last delivered log files at 2026-03-31T11:59:59.000Z, more than 24 h before the run',
    });
    expect(check({ latestDeliveryTime: '2026-04-01T06:00:00.000Z' }, { max_delivery_age_hours: 4 }).status).toBe('fail');
    expect(check({ latestDeliveryError: 'AccessDenied' })).toEqual({ status: 'fail', reason: "trail main's latest delivery to S3 failed: AccessDenied" });
    expect(check({ latestDeliveryTime: null })).toEqual({ status: 'fail', reason: 'trail main has never delivered a log file' });
  });
  it('errors when the trail status could not be read', () => {
    expect(check({ latestDeliveryTime: DENIED('GetTrailStatus'), latestDeliveryError: DENIED('GetTrailStatus') })).toEqual({
      status: 'error',
      reason: 'latest delivery error could not be collected: cloudtrail:GetTrailStatus denied: AccessDeniedException',
    });
  });
});

/**
 * Unknowns swept over every check: each Maybe attribute a check reads, set to Unknown in turn, makes it `error`;
 * the trail settings from DescribeTrails are never Unknown (no trail observation exists without them), so the
 * checks reading only those must keep their verdict when the status and selectors could not be read.
 */
describe('every CloudTrail check', () => {
  const U = unknown('swept: could not be collected');
  const healthy: Record<string, Record<string, unknown>> = { 'aws.cloudtrail.trail': trailAttrs(), 'aws.cloudtrail.region': regionAttrs() };
  const maybeFields: Record<string, string[]> = {
    'aws.cloudtrail.trail': ['logging', 'latestDeliveryTime', 'latestDeliveryError', 'managementEvents'],
    'aws.cloudtrail.region': ['trails'],
  };
  const reads: Record<string, string[]> = {
    'cloudtrail.multi_region_trail_logging': ['trails'],
    'cloudtrail.delivery_recent': ['latestDeliveryTime', 'latestDeliveryError'],
    'cloudtrail.log_file_validation_enabled': [],
    'cloudtrail.logs_encrypted_kms': [],
    'cloudtrail.log_bucket_not_public': [],
    'cloudtrail.log_bucket_access_logging': [],
    'cloudtrail.s3_object_write_events_logged': ['trails'],
    'cloudtrail.s3_object_read_events_logged': ['trails'],
  };
  /** The trail fields each region check reads. */
  const trailReads: Record<string, string[]> = {
    'cloudtrail.multi_region_trail_logging': ['logging', 'managementEvents'],
    'cloudtrail.s3_object_write_events_logged': ['logging', 's3DataEvents'],
    'cloudtrail.s3_object_read_events_logged': ['logging', 's3DataEvents'],
  };
  const lookup = lookupOf([{ type: 'aws.s3.bucket', id: 'arn:aws:s3:::audit-logs', scope: 's', attributes: bucketAttrs({ name: 'audit-logs' }), source: [] }]);

  it('has metadata whose defaults its schema accepts, and is swept below', () => {
    expect(awsCloudTrailChecks.map((c) => c.id).sort()).toEqual(Object.keys(reads).sort());
    for (const check of awsCloudTrailChecks) {
      expect(metadata.get(check.id)?.observation_type, check.id).toBe(check.observationType);
      expect(check.parameters.safeParse(defaults(check)).success, check.id).toBe(true);
    }
  });

  it.each(awsCloudTrailChecks.map((c) => [c.id, c] as const))('%s: healthy passes; an Unknown it reads is an error; one it does not read changes nothing', (_id, check) => {
    const base = healthy[check.observationType]!;
    expect(run(check, base, defaults(check), lookup).status).toBe('pass');
    for (const field of maybeFields[check.observationType]!) {
      const verdict = run(check, { ...base, [field]: U }, defaults(check), lookup);
      expect(verdict.status, field).toBe(reads[check.id]!.includes(field) ? 'error' : 'pass');
    }
    if (check.observationType === 'aws.cloudtrail.region') {
      for (const field of ['logging', 'managementEvents', 's3DataEvents']) {
        const status = run(check, regionAttrs({ trails: [regionTrail({ [field]: U })] }), defaults(check), lookup).status;
        expect(status, `${check.id} ${field}`).toBe(trailReads[check.id]!.includes(field) ? 'error' : 'pass');
      }
    }
  });
});
