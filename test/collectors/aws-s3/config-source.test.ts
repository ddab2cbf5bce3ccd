import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { S3BucketAttributes } from '../../../collectors/aws-s3/observations.js';
import type { FakeAws } from '../../../src/demo/fakes/server.js';
import type { Observation } from '../../../src/model/observation.js';
import { bucket, bucketNames, collect, demoConfig, demoEstate, PROD, s3Config, s3Estate, SANDBOX, startFake, type Collected, type S3ConfigOptions } from './harness.js';

/**
 * The S3 collector reading bucket settings from AWS Config's advanced query (real SDK clients over HTTP to the
 * fakes, whose Config items are derived from the same estate buckets the S3 fake answers from): the same
 * attributes as the direct S3 reads, far fewer calls, and a fall back to the S3 APIs wherever Config cannot
 * answer for a bucket.
 */

const S3 = `public_access_block: { restrict_public_buckets: false }
buckets:
  - name: configured              # every setting configured
    region: eu-west-1
    created: "2024-01-02T03:04:05Z"
    public_access_block: { ignore_public_acls: false }
    encryption: { algorithm: "aws:kms", kms_key_id: alias/data, bucket_key: true }
    versioning: { status: Suspended, mfa_delete: true }
    logging: { target_bucket: logs, target_prefix: configured/ }
    policy: { Version: "2012-10-17", Statement: { Effect: Allow, Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::configured/*" } }
    acl:
      - { grantee: AuthenticatedUsers, permission: WRITE }
      - { grantee: AllUsers, permission: READ }
      - { grantee: LogDelivery, permission: WRITE_ACP }
      - { grantee: { canonical_user: "${'a'.repeat(64)}" }, permission: READ_ACP }
    object_lock: {}
    ownership: BucketOwnerPreferred
  - name: retained                # other configured values: DSSE, a retention rule, a private policy
    region: eu-west-1
    created: -20d
    public_access_block: {}
    encryption: { algorithm: "aws:kms:dsse" }
    versioning: { status: Enabled }
    object_lock: { default_retention: { mode: GOVERNANCE, days: 30 } }
    ownership: BucketOwnerEnforced
    acl: [{ grantee: { canonical_user: "${'b'.repeat(64)}" }, permission: FULL_CONTROL }]
    policy:
      Version: "2012-10-17"
      Statement:
        - { Effect: Deny, Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::retained", "arn:aws:s3:::retained/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } }
        - { Effect: Allow, Principal: { AWS: "arn:aws:iam::444455556666:root" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::retained/*" }
  - name: bare                    # nothing configured
    region: eu-west-1
    created: -10d
  - name: legacy                  # the legacy EU location, recorded by Config as eu-west-1
    region: EU
    created: -3000d
    encryption: { algorithm: AES256 }
    ownership: ObjectWriter
  - name: unrecorded              # eu-west-2: its recorder does not record S3 buckets
    region: eu-west-2
    created: -10d
    versioning: { status: Enabled }
  - name: elsewhere               # us-west-2: not one of the account's configured regions
    region: us-west-2
    created: -10d
    policy: { Version: "2012-10-17", Statement: [{ Effect: Deny, Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::elsewhere/*", Condition: { Bool: { "aws:SecureTransport": "false" } } }] }
`;

const CONFIG = `regions:
  eu-west-1:
    recorder: {}
  eu-west-2:
    recorder: { all_supported: false, resource_types: ["AWS::IAM::User"] }
`;

const REGIONS = ['eu-west-1', 'eu-west-2'];
const FROM_CONFIG = ['bare', 'configured', 'legacy', 'retained'];
const DIRECT = ['elsewhere', 'unrecorded'];
/** The per-bucket S3 operations of the direct path. */
const PER_BUCKET_OPS = [
  's3:GetBucketEncryption',
  's3:GetBucketVersioning',
  's3:GetBucketLogging',
  's3:GetBucketPolicy',
  's3:GetBucketPolicyStatus',
  's3:GetBucketAcl',
  's3:GetObjectLockConfiguration',
  's3:GetBucketOwnershipControls',
];

const withoutSource = (o: Observation<S3BucketAttributes>) => {
  const { source: _source, ...rest } = o.attributes;
  return rest;
};

const buckets = (c: Collected) => c.output.observations.filter((o) => o.type === 'aws.s3.bucket') as Observation<S3BucketAttributes>[];

const unknowns = (c: Collected) =>
  buckets(c).flatMap((o) =>
    Object.entries(o.attributes)
      .filter(([, v]) => typeof v === 'object' && v !== null && '$unknown' in v)
      .map(([k]) => `${o.attributes.name} ${k}`),
  );

interface LogLine {
  level: number;
  msg: string;
  region?: string;
  reason?: string;
}
const logLines = (c: Collected): LogLine[] => c.logs.map((l) => JSON.parse(l) as LogLine);

const configCalls = (c: Collected) => Object.entries(c.stats.byOperation).filter(([op]) => op.startsWith('config:'));

async function run(fake: FakeAws, o: S3ConfigOptions = {}): Promise<Collected> {
  return collect(s3Config(fake, { regions: REGIONS, withConfig: true, ...o }));
}

describe('aws-s3 collector: bucket settings from AWS Config advanced query', () => {
  let fake: FakeAws;
  let viaConfig: Collected;
  let direct: Collected;

  beforeAll(async () => {
    fake = await startFake(s3Estate(S3, CONFIG));
    viaConfig = await run(fake);
    direct = await run(fake, { s3BucketSource: 's3-api' });
  });
  afterEach(() => fake.faults.clear());
  afterAll(() => fake.close());

  it('records the source per bucket: Config where it records the bucket, the S3 API elsewhere', () => {
    expect(bucketNames(viaConfig.output)).toEqual(['bare', 'configured', 'elsewhere', 'legacy', 'retained', 'unrecorded']);
    for (const name of FROM_CONFIG) expect([name, bucket(viaConfig.output, name).attributes.source]).toEqual([name, 'aws-config']);
    for (const name of DIRECT) expect([name, bucket(viaConfig.output, name).attributes.source]).toEqual([name, 's3-api']);
    for (const name of [...FROM_CONFIG, ...DIRECT]) expect(bucket(direct.output, name).attributes.source).toBe('s3-api');
    expect(viaConfig.output.gaps).toEqual([]);
  });

  it('gives every bucket the same attributes (but source) either way, for every setting configured and not', () => {
    // Nothing Unknown on either path, so the comparison is between real values.
    expect(unknowns(viaConfig)).toEqual([]);
    expect(unknowns(direct)).toEqual([]);
    for (const name of [...FROM_CONFIG, ...DIRECT]) {
      expect([name, withoutSource(bucket(viaConfig.output, name))]).toEqual([name, withoutSource(bucket(direct.output, name))]);
    }
    // And the states compared are the interesting ones: configured, …
    const c = bucket(viaConfig.output, 'configured').attributes;
    expect(c).toMatchObject({
      region: 'eu-west-1',
      createdAt: '2024-01-02T03:04:05.000Z',
      publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: false, blockPublicPolicy: true, restrictPublicBuckets: true },
      encryption: { algorithm: 'aws:kms', kmsKeyId: 'alias/data', bucketKeyEnabled: true },
      versioning: { status: 'Suspended', mfaDelete: 'Enabled' },
      logging: { targetBucket: 'logs', targetPrefix: 'configured/' },
      policyIsPublic: true,
      objectLock: { enabled: true, defaultRetention: null },
      ownershipControls: 'BucketOwnerPreferred',
      acl: {
        publicGrants: [
          { grantee: 'AuthenticatedUsers', permission: 'WRITE' },
          { grantee: 'AllUsers', permission: 'READ' },
        ],
      },
    });
    // Config's FullControl / ReadAcp / WriteAcp and group names become the API's enum names and URIs.
    expect(c.acl).toMatchObject({
      grants: [
        { type: 'CanonicalUser', permission: 'FULL_CONTROL' },
        { type: 'Group', grantee: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers', permission: 'WRITE' },
        { type: 'Group', grantee: 'http://acs.amazonaws.com/groups/global/AllUsers', permission: 'READ' },
        { type: 'Group', grantee: 'http://acs.amazonaws.com/groups/s3/LogDelivery', permission: 'WRITE_ACP' },
        { type: 'CanonicalUser', grantee: 'a'.repeat(64), permission: 'READ_ACP' },
      ],
    });
    expect(bucket(viaConfig.output, 'retained').attributes).toMatchObject({
      encryption: { algorithm: 'aws:kms:dsse', kmsKeyId: null, bucketKeyEnabled: false },
      objectLock: { enabled: true, defaultRetention: { mode: 'GOVERNANCE', days: 30, years: null } },
      policyIsPublic: false,
      policyAnalysis: { denyInsecureTransport: true, crossAccountPrincipals: [{ accountId: '444455556666' }] },
    });
    expect(bucket(viaConfig.output, 'legacy').attributes).toMatchObject({ region: 'eu-west-1', ownershipControls: 'ObjectWriter', publicAccessBlock: null });
    // … and not configured (Config's `Off` versioning, null logging target, absent entries).
    expect(bucket(viaConfig.output, 'bare').attributes).toMatchObject({
      publicAccessBlock: null,
      encryption: null,
      versioning: { status: null, mfaDelete: null },
      logging: null,
      policy: null,
      policyAnalysis: null,
      policyIsPublic: null,
      acl: { publicGrants: [] },
      objectLock: null,
      ownershipControls: null,
    });
  });

  it('says which calls each observation holds: the advanced query, plus S3’s policy status when there is a policy', () => {
    // The calls made for it: its region's recorder checks and query, the listing, the account-level setting, the proof.
    const viaItem = ['config:DescribeConfigurationRecorderStatus', 'config:DescribeConfigurationRecorders', 'config:SelectResourceConfig'];
    const scopeLevel = ['s3:ListBuckets', 's3control:GetPublicAccessBlock', 'sts:GetCallerIdentity'];
    expect(bucket(viaConfig.output, 'configured').source).toEqual([...viaItem, 's3:GetBucketPolicyStatus', ...scopeLevel]);
    expect(bucket(viaConfig.output, 'bare').source).toEqual([...viaItem, ...scopeLevel]);
    // A bucket read directly names its own reads and no Config call (Config did not describe it).
    expect(bucket(viaConfig.output, 'elsewhere').source).toContain('s3:GetBucketEncryption');
    expect(bucket(viaConfig.output, 'elsewhere').source.filter((op) => op.startsWith('config:'))).toEqual([]);
  });

  it('makes far fewer S3 calls: none per Config-sourced bucket but GetBucketPolicyStatus when it has a policy', () => {
    const ops = viaConfig.stats.byOperation;
    const withPolicy = ['configured', 'retained'].length;
    // Every bucket with a policy, on either path: only they are asked S3's policy status.
    const allWithPolicy = ['configured', 'elsewhere', 'retained'].length;
    // The direct path: eight per-bucket reads for each of the six buckets (the account-level setting is S3 Control's) …
    for (const op of PER_BUCKET_OPS.filter((o) => o !== 's3:GetBucketPolicyStatus')) expect([op, direct.stats.byOperation[op]]).toEqual([op, 6]);
    // … and the policy status only for the three with a policy.
    expect(direct.stats.byOperation['s3:GetBucketPolicyStatus']).toBe(allWithPolicy);
    expect(direct.stats.byOperation['s3:GetPublicAccessBlock']).toBe(6);
    expect(direct.stats.byOperation['s3control:GetPublicAccessBlock']).toBe(1);
    // The Config path: those reads only for the two buckets Config does not cover …
    for (const op of PER_BUCKET_OPS.filter((o) => o !== 's3:GetBucketPolicyStatus')) expect([op, ops[op]]).toEqual([op, DIRECT.length]);
    expect(ops['s3:GetPublicAccessBlock']).toBe(DIRECT.length);
    // … plus one policy status per bucket with a policy (elsewhere, read directly, has one; unrecorded has none).
    expect(ops['s3:GetBucketPolicyStatus']).toBe(1 + withPolicy);
    // … and per region, the recorder checks; the query itself only where Config records S3 (one page here).
    expect(Object.fromEntries(configCalls(viaConfig))).toEqual({
      'config:DescribeConfigurationRecorders': 2,
      'config:DescribeConfigurationRecorderStatus': 2,
      'config:SelectResourceConfig': 1,
    });
    const s3Calls = (c: Collected) => Object.entries(c.stats.byOperation).filter(([op]) => op.startsWith('s3:')).reduce((n, [, v]) => n + v, 0);
    // ListBuckets (with each bucket's region) + 8 per bucket read directly, + its policy status when it has a policy.
    expect(s3Calls(direct)).toBe(1 + 8 * 6 + allWithPolicy);
    expect(s3Calls(viaConfig)).toBe(1 + 8 * DIRECT.length + 1 + withPolicy);
    // Far fewer S3 calls; in all (Config's four added) a little more than half since the direct path stopped asking each bucket's location.
    expect(s3Calls(viaConfig)).toBeLessThan(s3Calls(direct) / 2);
    expect(viaConfig.stats.calls).toBeLessThan(direct.stats.calls);
  });

  it('reads a bucket Config does not return directly: another region, or a region not recording S3', () => {
    expect(bucket(viaConfig.output, 'unrecorded').attributes).toMatchObject({ source: 's3-api', region: 'eu-west-2', versioning: { status: 'Enabled', mfaDelete: null } });
    expect(bucket(viaConfig.output, 'elsewhere').attributes).toMatchObject({ source: 's3-api', region: 'us-west-2', policyIsPublic: false });
    expect(logLines(viaConfig)).toContainEqual(
      expect.objectContaining({ level: 30, region: 'eu-west-2', reason: 'AWS Config is not recording AWS::S3::Bucket in this region' }),
    );
  });

  it('SelectResourceConfig denied: every bucket falls back to the S3 APIs, logged at info with the reason', async () => {
    fake.faults.inject({ service: 'config', operation: 'SelectResourceConfig', kind: 'AccessDenied' });
    const denied = await run(fake);
    expect(denied.output).toEqual(direct.output);
    expect(logLines(denied)).toContainEqual(
      expect.objectContaining({
        level: 30,
        region: 'eu-west-1',
        reason: 'config:SelectResourceConfig denied: AccessDeniedException',
        msg: 'AWS Config cannot supply S3 bucket settings in eu-west-1; its buckets are read with the S3 APIs',
      }),
    );
  });

  it('throttled once: the SDK retries and Config still supplies the buckets', async () => {
    fake.faults.inject({ service: 'config', operation: 'SelectResourceConfig', kind: 'Throttling', times: 1 });
    const retried = await run(fake);
    expect(retried.stats.throttles).toBe(1);
    expect(retried.stats.byOperation['config:SelectResourceConfig']).toBe(2);
    expect(retried.output).toEqual(viaConfig.output);
  });

  it('throttled beyond the retry budget, or a malformed answer: a warning, and every bucket read directly', async () => {
    fake.faults.inject({ service: 'config', operation: 'SelectResourceConfig', kind: 'Throttling' });
    const throttled = await run(fake, { maxAttempts: 2 });
    expect(throttled.stats.byOperation['config:SelectResourceConfig']).toBe(2);
    expect(throttled.output).toEqual(direct.output);
    expect(logLines(throttled)).toContainEqual(expect.objectContaining({ level: 40, region: 'eu-west-1', msg: expect.stringMatching(/^config:SelectResourceConfig throttled after retries: .*; its buckets are read with the S3 APIs$/) }));
    fake.faults.clear();
    fake.faults.inject({ service: 'config', operation: 'SelectResourceConfig', kind: 'Malformed' });
    const malformed = await run(fake);
    expect(malformed.output).toEqual(direct.output);
    expect(logLines(malformed)).toContainEqual(expect.objectContaining({ level: 40, msg: 'config:SelectResourceConfig returned a malformed response; its buckets are read with the S3 APIs' }));
  });

  it('a failed policy-status read on a Config-sourced bucket is Unknown for that attribute only', async () => {
    fake.faults.inject({ service: 's3', operation: 'GetBucketPolicyStatus', resource: 'configured', kind: 'AccessDenied' });
    const out = await run(fake);
    expect(bucket(out.output, 'configured').attributes.policyIsPublic).toEqual({ $unknown: 's3:GetBucketPolicyStatus denied: AccessDenied' });
    expect(unknowns(out)).toEqual(['configured policyIsPublic']);
    // The denied call was made: the evidence names it.
    expect(bucket(out.output, 'configured').source).toContain('s3:GetBucketPolicyStatus');
  });

  it('s3BucketSource s3-api never calls AWS Config', async () => {
    const before = fake.requests.filter((r) => r.service === 'config').length;
    const out = await run(fake, { s3BucketSource: 's3-api' });
    expect(configCalls(out)).toEqual([]);
    expect(fake.requests.filter((r) => r.service === 'config').length).toBe(before);
    expect(buckets(out).map((o) => o.attributes.source)).toEqual(Array(6).fill('s3-api'));
  });

  it('auto with an overridden S3 endpoint but no Config endpoint reads directly, and says why', async () => {
    const out = await run(fake, { withConfig: false });
    expect(configCalls(out)).toEqual([]);
    expect(out.output).toEqual(direct.output);
    expect(logLines(out)).toContainEqual(expect.objectContaining({ level: 30, msg: expect.stringContaining('aws.endpoints.s3 is overridden and aws.endpoints.config is not') }));
  });

  it('is deterministic: an unchanged estate collects identically through Config', async () => {
    expect(JSON.stringify((await run(fake)).output)).toBe(JSON.stringify(viaConfig.output));
  });
});

describe('aws-s3 collector: Config unable to answer for the region', () => {
  it.each([
    ['no recorder in the region', 'regions: {}', 'AWS Config has no configuration recorder in this region'],
    ['the recorder is stopped', 'regions:\n  eu-west-1:\n    recorder: { recording: false }', 'AWS Config is not recording AWS::S3::Bucket in this region'],
    ['the recorder does not record S3 buckets', 'regions:\n  eu-west-1:\n    recorder: { all_supported: false, resource_types: ["AWS::IAM::Role"] }', 'AWS Config is not recording AWS::S3::Bucket in this region'],
  ])('%s: every bucket read with the S3 APIs, with the same observations', async (_label, config, reason) => {
    const fake = await startFake(s3Estate(S3, config));
    try {
      const auto = await run(fake);
      const direct = await run(fake, { s3BucketSource: 's3-api' });
      expect(auto.output).toEqual(direct.output);
      expect(buckets(auto)).toHaveLength(6);
      expect(auto.stats.byOperation['config:SelectResourceConfig']).toBeUndefined();
      expect(logLines(auto)).toContainEqual(expect.objectContaining({ level: 30, region: 'eu-west-1', reason }));
    } finally {
      await fake.close();
    }
  });
});

describe('aws-s3 collector over the demo estate, as `controlwatch demo` runs it', () => {
  it('prod’s eu-west-1 buckets come from Config; the us-east-1 ones (the denied ACL among them) and sandbox’s from the S3 API', async () => {
    const estate = await demoEstate();
    const fake = await startFake(estate);
    try {
      const prod = await collect(demoConfig(estate, fake, PROD, { withConfig: true }));
      const prodDirect = await collect(demoConfig(estate, fake, PROD, { withConfig: true, s3BucketSource: 's3-api' }));
      const sources = Object.fromEntries(buckets(prod).map((o) => [o.attributes.name, o.attributes.source]));
      expect(Object.entries(sources).filter(([, src]) => src === 's3-api').map(([name]) => name)).toEqual(['prod-audit-evidence', 'prod-finance-exports', 'prod-static-assets']);
      expect(Object.values(sources).filter((src) => src === 'aws-config')).toHaveLength(9);
      // The deliberate gap stays a gap: Config does not cover that bucket, so the denied GetBucketAcl still decides.
      expect(unknowns(prod)).toEqual(['prod-finance-exports acl']);
      for (const o of buckets(prod)) expect([o.attributes.name, withoutSource(o)]).toEqual([o.attributes.name, withoutSource(bucket(prodDirect.output, o.attributes.name))]);
      const sandbox = await collect(demoConfig(estate, fake, SANDBOX, { withConfig: true, regions: ['eu-west-1', 'us-east-1'] }));
      expect(buckets(sandbox).map((o) => o.attributes.source)).toEqual(['s3-api', 's3-api']);
      expect(logLines(sandbox)).toContainEqual(expect.objectContaining({ level: 30, region: 'eu-west-1', reason: 'config:SelectResourceConfig denied: AccessDeniedException' }));
    } finally {
      await fake.close();
    }
  });
});
