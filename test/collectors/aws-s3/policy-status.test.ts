import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bucketNotPublic } from '../../../checks/aws-s3/bucket-not-public.js';
import type { S3BucketAttributes } from '../../../collectors/aws-s3/observations.js';
import type { FakeAws } from '../../../src/demo/fakes/server.js';
import type { Observation } from '../../../src/model/observation.js';
import { run } from '../../checks/aws-s3/fixtures.js';
import { bucket, collect, s3Config, s3Estate, startFake, type Collected } from './harness.js';

/**
 * GetBucketPolicyStatus is asked only of buckets with a policy (real SDK clients over HTTP to the S3 and Config
 * fakes): a bucket without one is "not public by policy" one call cheaper, and stays so when the status
 * operation is broken; a policy bucket whose status read fails is judged by controlwatch's own analysis (and
 * says so) or is an error with the reason — never a silent pass. Both paths (S3 API, AWS Config) agree.
 */

const S3 = `buckets:
  - name: no-policy
    region: eu-west-1
    created: -10d
  - name: org-pinned
    region: eu-west-1
    created: -10d
    policy:
      Version: "2012-10-17"
      Statement: [{ Effect: Allow, Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::org-pinned/*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } }]
  - name: office-ip
    region: eu-west-1
    created: -10d
    policy:
      Version: "2012-10-17"
      Statement: [{ Sid: Office, Effect: Allow, Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::office-ip/*", Condition: { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } } }]
  - name: open
    region: eu-west-1
    created: -10d
    policy:
      Version: "2012-10-17"
      Statement: [{ Effect: Allow, Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::open/*" }]
`;
const CONFIG = `regions:
  eu-west-1:
    recorder: {}
`;

const ALLOW = { public_bucket_allowlist: [] };
const verdict = (c: Collected, name: string) => run(bucketNotPublic, bucket(c.output, name).attributes, ALLOW);
const withoutSource = (o: Observation<S3BucketAttributes>) => {
  const { source: _source, ...rest } = o.attributes;
  return rest;
};
const s3Calls = (c: Collected) => Object.entries(c.stats.byOperation).filter(([op]) => op.startsWith('s3:')).reduce((n, [, v]) => n + v, 0);

describe('aws-s3: GetBucketPolicyStatus only for buckets with a policy', () => {
  let fake: FakeAws;
  let lone: FakeAws;

  beforeAll(async () => {
    fake = await startFake(s3Estate(S3, CONFIG));
    lone = await startFake(s3Estate(S3.split('  - name: org-pinned')[0]!));
  });
  afterEach(() => {
    fake.faults.clear();
    lone.faults.clear();
  });
  afterAll(async () => {
    await fake.close();
    await lone.close();
  });

  it('a bucket with no policy: eight S3 reads instead of nine (no status call), and it passes with "no bucket policy"', async () => {
    const direct = await collect(s3Config(lone, { s3BucketSource: 's3-api' }));
    expect(direct.stats.byOperation['s3:GetBucketPolicy']).toBe(1);
    expect(direct.stats.byOperation['s3:GetBucketPolicyStatus']).toBeUndefined();
    // ListBuckets (which gives the region) + the bucket's eight reads (PAB, encryption, versioning, logging, policy, ACL, lock, ownership).
    expect(s3Calls(direct)).toBe(1 + 8);
    expect(bucket(direct.output, 'no-policy').attributes).toMatchObject({ policy: null, policyAnalysis: null, policyIsPublic: null });
    expect(verdict(direct, 'no-policy')).toEqual({ status: 'pass', reason: 'no public ACL grants and no bucket policy' });
  });

  it('a broken GetBucketPolicyStatus cannot touch a bucket without a policy', async () => {
    lone.faults.inject({ service: 's3', operation: 'GetBucketPolicyStatus', kind: 'Malformed' });
    const direct = await collect(s3Config(lone, { s3BucketSource: 's3-api' }));
    expect(bucket(direct.output, 'no-policy').attributes.policyIsPublic).toBeNull();
    expect(verdict(direct, 'no-policy')).toEqual({ status: 'pass', reason: 'no public ACL grants and no bucket policy' });
  });

  it('the status read failing on policy buckets: the analysis judges (and says so), an aws:SourceIp-only grant is an error, an open one fails', async () => {
    fake.faults.inject({ service: 's3', operation: 'GetBucketPolicyStatus', kind: 'AccessDenied' });
    const direct = await collect(s3Config(fake, { s3BucketSource: 's3-api' }));
    expect(direct.stats.byOperation['s3:GetBucketPolicyStatus']).toBe(3);
    const denied = 's3:GetBucketPolicyStatus denied: AccessDenied';
    expect(bucket(direct.output, 'org-pinned').attributes.policyIsPublic).toEqual({ $unknown: denied });
    expect(verdict(direct, 'org-pinned')).toEqual({
      status: 'pass',
      reason: `no public ACL grants and the bucket policy is not public (judged by controlwatch's policy analysis because S3's policy status could not be collected (${denied}))`,
    });
    expect(verdict(direct, 'office-ip')).toEqual({
      status: 'error',
      reason: `bucket policy status could not be collected (${denied}) and statement 1 (Sid "Office") opens the bucket to everyone limited only by aws:SourceIp, which only S3's own status judges`,
    });
    expect(verdict(direct, 'open').status).toBe('fail');
    expect(verdict(direct, 'no-policy').status).toBe('pass');
  });

  it('the AWS Config path and the direct path give the same observation and verdict for each bucket, status broken or not', async () => {
    for (const broken of [false, true]) {
      if (broken) fake.faults.inject({ service: 's3', operation: 'GetBucketPolicyStatus', kind: 'AccessDenied' });
      const direct = await collect(s3Config(fake, { s3BucketSource: 's3-api' }));
      const viaConfig = await collect(s3Config(fake, { withConfig: true }));
      for (const name of ['no-policy', 'org-pinned', 'office-ip', 'open']) {
        expect(bucket(viaConfig.output, name).attributes.source).toBe('aws-config');
        expect([broken, name, withoutSource(bucket(viaConfig.output, name))]).toEqual([broken, name, withoutSource(bucket(direct.output, name))]);
        expect([broken, name, verdict(viaConfig, name)]).toEqual([broken, name, verdict(direct, name)]);
      }
      // Neither path asks the status of the bucket without a policy.
      expect(viaConfig.stats.byOperation['s3:GetBucketPolicyStatus']).toBe(3);
      expect(direct.stats.byOperation['s3:GetBucketPolicyStatus']).toBe(3);
      fake.faults.clear();
    }
  });
});
