import { describe, expect, it } from 'vitest';
import { logBucketAccessLogging } from '../../checks/aws-cloudtrail/log-bucket-access-logging.js';
import { bucketMfaDeleteEnabled } from '../../checks/aws-s3/bucket-mfa-delete-enabled.js';
import { bucketAttrs, DENIED as S3_DENIED, run as runS3 } from './aws-s3/fixtures.js';
import { s3ObjectReadEventsLogged } from '../../checks/aws-cloudtrail/s3-object-read-events-logged.js';
import { s3ObjectWriteEventsLogged } from '../../checks/aws-cloudtrail/s3-object-write-events-logged.js';
import { DENIED, lookupOf, regionAttrs, regionTrail, run, trailAttrs } from './aws-cloudtrail/fixtures.js';

/** The checks added for CIS AWS Foundations 3.1.2 (MFA delete), 4.4 (access logging on the CloudTrail bucket), 4.8 / 4.9 (S3 object-level events). */

describe('s3.bucket_mfa_delete_enabled (CIS 3.1.2)', () => {
  const all = { buckets: ['*'] };
  it('passes a versioned bucket with MFA delete; fails disabled, never configured, or without versioning', () => {
    expect(runS3(bucketMfaDeleteEnabled, bucketAttrs({ versioning: { status: 'Enabled', mfaDelete: 'Enabled' } }), all)).toEqual({
      status: 'pass',
      reason: 'MFA delete is enabled on the versioned bucket',
    });
    expect(runS3(bucketMfaDeleteEnabled, bucketAttrs({ versioning: { status: 'Enabled', mfaDelete: 'Disabled' } }), all)).toEqual({ status: 'fail', reason: 'MFA delete is disabled' });
    expect(runS3(bucketMfaDeleteEnabled, bucketAttrs({ versioning: { status: 'Enabled', mfaDelete: null } }), all)).toEqual({ status: 'fail', reason: 'MFA delete was never configured' });
    expect(runS3(bucketMfaDeleteEnabled, bucketAttrs({ versioning: { status: 'Suspended', mfaDelete: 'Enabled' } }), all).status).toBe('fail');
  });
  it('buckets outside `buckets` are not applicable; an unreadable versioning is an error', () => {
    expect(runS3(bucketMfaDeleteEnabled, bucketAttrs({ name: 'data' }), { buckets: ['audit-*'] }).status).toBe('not_applicable');
    expect(runS3(bucketMfaDeleteEnabled, bucketAttrs({ name: 'audit-logs', versioning: { status: 'Enabled', mfaDelete: null } }), { buckets: ['audit-*'] }).status).toBe('fail');
    expect(runS3(bucketMfaDeleteEnabled, bucketAttrs({ versioning: S3_DENIED('s3:GetBucketVersioning') }), all)).toEqual({
      status: 'error',
      reason: 'bucket versioning could not be collected: s3:GetBucketVersioning denied: AccessDenied',
    });
  });
});

describe('cloudtrail.log_bucket_access_logging (CIS 4.4)', () => {
  const bucket = (over: Parameters<typeof bucketAttrs>[0] = {}) => ({
    type: 'aws.s3.bucket',
    id: 'arn:aws:s3:::audit-logs',
    scope: 'aws:111122223333',
    attributes: bucketAttrs({ name: 'audit-logs', arn: 'arn:aws:s3:::audit-logs', ...over }),
    source: [],
  });
  const check = (observations = [bucket()]) => run(logBucketAccessLogging, trailAttrs(), {}, lookupOf(observations));
  it('passes when the joined log bucket logs access to another bucket', () => {
    expect(check()).toEqual({ status: 'pass', reason: 'log bucket audit-logs of trail main logs access to logs/data/' });
  });
  it('fails logging off or into itself', () => {
    expect(check([bucket({ logging: null })])).toEqual({ status: 'fail', reason: 'log bucket audit-logs of trail main has server access logging off' });
    expect(check([bucket({ logging: { targetBucket: 'audit-logs', targetPrefix: '' } })]).reason).toBe('log bucket audit-logs of trail main delivers its access logs to itself');
  });
  it('errors, never passes, when the bucket was not observed or its logging is Unknown', () => {
    expect(check([])).toMatchObject({ status: 'error', reason: expect.stringContaining('was not observed in this run') });
    expect(check([bucket({ logging: S3_DENIED('s3:GetBucketLogging') })])).toEqual({
      status: 'error',
      reason: 'server access logging of log bucket audit-logs could not be collected: s3:GetBucketLogging denied: AccessDenied',
    });
  });
});

describe('cloudtrail.s3_object_write_events_logged / _read_events_logged (CIS 4.8 / 4.9)', () => {
  const region = (trails: Parameters<typeof regionTrail>[0][]) => regionAttrs({ trails: trails.map((t) => regionTrail(t)) });
  it('passes when a logging trail covering the region records the kind for every bucket', () => {
    expect(run(s3ObjectWriteEventsLogged, region([{}]))).toEqual({ status: 'pass', reason: 'S3 object-level write events of every bucket in eu-west-1 are logged by trail main' });
    const writeOnly = region([{ s3DataEvents: { allBucketsRead: false, allBucketsWrite: true, someBuckets: [], selectors: 'advanced' } }]);
    expect(run(s3ObjectWriteEventsLogged, writeOnly).status).toBe('pass');
    expect(run(s3ObjectReadEventsLogged, writeOnly)).toEqual({
      status: 'fail',
      reason: 'no logging trail records S3 object-level read events of every bucket in eu-west-1: trail main records no S3 object-level read events',
    });
  });
  it('fails some buckets only, a stopped trail, or no trail; errors when a trail that might qualify is unknown', () => {
    const some = region([{ s3DataEvents: { allBucketsRead: false, allBucketsWrite: false, someBuckets: ['arn:aws:s3:::payments/'], selectors: 'basic' } }]);
    expect(run(s3ObjectWriteEventsLogged, some).reason).toContain('records S3 data events for some buckets only (arn:aws:s3:::payments/)');
    expect(run(s3ObjectWriteEventsLogged, region([{ logging: false }])).reason).toContain('trail main is not logging');
    expect(run(s3ObjectWriteEventsLogged, regionAttrs({ trails: [] }))).toEqual({ status: 'fail', reason: 'no CloudTrail trail logs eu-west-1' });
    expect(run(s3ObjectWriteEventsLogged, region([{ s3DataEvents: DENIED('GetEventSelectors') }])).status).toBe('error');
    // Another trail qualifying carries the region even when one is unknown.
    expect(run(s3ObjectWriteEventsLogged, region([{ name: 'other', s3DataEvents: DENIED('GetEventSelectors') }, {}])).status).toBe('pass');
  });
});
