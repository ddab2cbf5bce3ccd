import { DescribeConfigurationRecordersCommand, ConfigServiceClient } from '@aws-sdk/client-config-service';
import { GetAccountSummaryCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEstateFile } from '../../src/demo/estate/load.js';
import type { Estate } from '../../src/demo/estate/schema.js';
import { AwsRateLimiter, throttlingCode } from '../../src/demo/fakes/rate-limits.js';
import { startFakeAws, type FakeAws } from '../../src/demo/fakes/server.js';
import { GithubRateLimiter, GITHUB_RATE_LIMITS } from '../../src/demo/fakes/github/rate-limits.js';
import { startFakeGitHub } from '../../src/demo/fakes/github/server.js';
import { attachCallStats } from '../../src/sdk/aws.js';
import { CallStats } from '../../src/sdk/call-stats.js';
import { createGithubClient } from '../../src/sdk/github.js';

/**
 * The fakes' opt-in rate limits (the estate benchmark's realistic behaviour): token buckets per AWS API and
 * account answered with each protocol's throttling error, GitHub's primary and secondary limits with their
 * headers — and the real clients riding them out with their own retry machinery (the SDK's adaptive retry,
 * Octokit's throttling plugin), nothing lost.
 */

const ESTATE = new URL('../../config/demo/estate.yaml', import.meta.url).pathname;
const PROD = { accessKeyId: 'AKIADEMOPROD00000001', secretAccessKey: 'irrelevant-to-the-fake' };
const OWNER_TOKEN = 'ghp_demoOwnerToken0000000000000000000001';

describe('AwsRateLimiter (token bucket per API × account, × Region for regional services)', () => {
  it('admits a burst, refuses the next, refills at the rate, and keeps accounts and operations apart', () => {
    let now = 0;
    const limiter = new AwsRateLimiter({ services: { iam: { ratePerSecond: 2, burst: 3 } }, operations: { 'iam:GetAccountAuthorizationDetails': { ratePerSecond: 1, burst: 1 } } }, () => now);
    expect([1, 2, 3, 4].map(() => limiter.admit('iam', 'GetAccountSummary', '111111111111'))).toEqual([true, true, true, false]);
    // Another account, another operation: their own buckets.
    expect(limiter.admit('iam', 'GetAccountSummary', '222222222222')).toBe(true);
    expect(limiter.admit('iam', 'GetAccountAuthorizationDetails', '111111111111')).toBe(true);
    expect(limiter.admit('iam', 'GetAccountAuthorizationDetails', '111111111111')).toBe(false);
    now = 500; // half a second at 2/s: one token back
    expect(limiter.admit('iam', 'GetAccountSummary', '111111111111')).toBe(true);
    expect(limiter.admit('iam', 'GetAccountSummary', '111111111111')).toBe(false);
    // A regional service's fake names the request's Region: AWS meters per account and Region, so another Region of
    // the same account has its own bucket, and the same Region shares one.
    const regional = new AwsRateLimiter({ services: { config: { ratePerSecond: 1, burst: 1 } } }, () => now);
    expect(regional.admit('config', 'DescribeConfigRules', '111111111111', 'eu-west-1')).toBe(true);
    expect(regional.admit('config', 'DescribeConfigRules', '111111111111', 'eu-west-1')).toBe(false);
    expect(regional.admit('config', 'DescribeConfigRules', '111111111111', 'us-east-1')).toBe(true);
    expect(regional.admit('config', 'DescribeConfigRules', '222222222222', 'eu-west-1')).toBe(true);
    // A service without a spec is never limited.
    expect(limiter.admit('s3', 'GetBucketAcl', '111111111111')).toBe(true);
    expect(limiter.throttled).toEqual({ 'iam:GetAccountSummary': 2, 'iam:GetAccountAuthorizationDetails': 1 });
  });

  it('names each protocol’s own throttling answer', () => {
    expect(throttlingCode('s3')).toMatchObject({ status: 503, code: 'SlowDown' });
    expect(throttlingCode('iam')).toMatchObject({ status: 400, code: 'Throttling' });
    expect(throttlingCode('config')).toMatchObject({ status: 400, code: 'ThrottlingException' });
    expect(throttlingCode('organizations')).toMatchObject({ status: 400, code: 'TooManyRequestsException' });
  });
});

describe('AWS fakes with rate limits, read by real SDK clients in adaptive retry mode', () => {
  let estate: Estate;
  let fake: FakeAws;
  const limiter = new AwsRateLimiter({ services: { iam: { ratePerSecond: 5, burst: 1 }, s3: { ratePerSecond: 5, burst: 1 }, config: { ratePerSecond: 5, burst: 1 } } });

  beforeAll(async () => {
    estate = await loadEstateFile(ESTATE);
    fake = await startFakeAws({ estate, rateLimits: limiter });
  });
  afterAll(() => fake.close());

  it('throttles each protocol its own way and the SDK retries until every call answers', { timeout: 60_000 }, async () => {
    const stats = new CallStats();
    const common = { region: 'eu-west-1', credentials: PROD, retryMode: 'adaptive', maxAttempts: 10 } as const;
    const iam = new IAMClient({ ...common, endpoint: fake.endpoints.iam });
    const s3 = new S3Client({ ...common, endpoint: fake.endpoints.s3, forcePathStyle: true });
    const config = new ConfigServiceClient({ ...common, endpoint: fake.endpoints.config });
    for (const c of [iam, s3, config]) attachCallStats(c, stats);
    try {
      const answers = await Promise.all([
        ...[1, 2, 3].map(() => iam.send(new GetAccountSummaryCommand({}))),
        ...[1, 2, 3].map(() => s3.send(new GetBucketVersioningCommand({ Bucket: 'prod-artifacts' }))),
        ...[1, 2, 3].map(() => config.send(new DescribeConfigurationRecordersCommand({}))),
      ]);
      expect(answers).toHaveLength(9);
      expect(answers.every((a) => a.$metadata.httpStatusCode === 200)).toBe(true);
    } finally {
      for (const c of [iam, s3, config]) c.destroy();
    }
    // Each operation's burst is 1, so two of its three concurrent calls were refused at least once…
    for (const op of ['iam:GetAccountSummary', 's3:GetBucketVersioning', 'config:DescribeConfigurationRecorders']) expect(limiter.throttled[op]).toBeGreaterThanOrEqual(2);
    // …and the SDK classified every refusal as throttling (Throttling, SlowDown, ThrottlingException) and retried it.
    const refused = Object.values(limiter.throttled).reduce((a, b) => a + b, 0);
    expect(stats.throttles).toBe(refused);
    expect(stats.calls).toBe(9 + refused);
  });
});

describe('AWS Config fake metered per account and Region, as AWS meters it', () => {
  let fake: FakeAws;
  const limiter = new AwsRateLimiter({ services: { config: { ratePerSecond: 0.001, burst: 1 } } });

  beforeAll(async () => {
    fake = await startFakeAws({ estate: await loadEstateFile(ESTATE), rateLimits: limiter });
  });
  afterAll(() => fake.close());

  it('gives each Region of an account its own bucket: a second Region is not throttled, the same Region is', { timeout: 30_000 }, async () => {
    const client = (region: string) => new ConfigServiceClient({ region, credentials: PROD, endpoint: fake.endpoints.config, maxAttempts: 1 });
    const [west, east, westAgain] = [client('eu-west-1'), client('us-east-1'), client('eu-west-1')];
    try {
      await west.send(new DescribeConfigurationRecordersCommand({}));
      await east.send(new DescribeConfigurationRecordersCommand({}));
      await expect(westAgain.send(new DescribeConfigurationRecordersCommand({}))).rejects.toMatchObject({ name: 'ThrottlingException' });
    } finally {
      for (const c of [west, east, westAgain]) c.destroy();
    }
    expect(limiter.throttled).toEqual({ 'config:DescribeConfigurationRecorders': 1 });
  });
});

describe('GithubRateLimiter (primary and secondary limits)', () => {
  it('counts the hour per token and resource, refuses past it with remaining 0 until the reset, then starts again', () => {
    let now = 1_000_000;
    const limiter = new GithubRateLimiter({ ...GITHUB_RATE_LIMITS, restPerHour: 2, hourMs: 10_000 }, () => now);
    const a = limiter.admit('t', 'core');
    expect(a).toMatchObject({ ok: true, headers: { 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '1', 'x-ratelimit-used': '1', 'x-ratelimit-resource': 'core', 'x-ratelimit-reset': '1010' } });
    expect(limiter.admit('t', 'core').ok).toBe(true);
    const refused = limiter.admit('t', 'core');
    expect(refused).toMatchObject({ ok: false, status: 403, kind: 'primary', headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1010' } });
    // GraphQL points and other tokens are separate budgets.
    expect(limiter.admit('t', 'graphql').ok).toBe(true);
    expect(limiter.admit('u', 'core').ok).toBe(true);
    now += 10_000;
    expect(limiter.admit('t', 'core')).toMatchObject({ ok: true, headers: { 'x-ratelimit-remaining': '1' } });
    expect(limiter.refused).toEqual({ primary: 1, secondary: 0 });
  });

  it('refuses requests beyond the concurrency or the points per minute with retry-after', () => {
    let now = 0;
    const limiter = new GithubRateLimiter({ ...GITHUB_RATE_LIMITS, maxConcurrent: 2, pointsPerMinute: 3, minuteMs: 60_000 }, () => now);
    const first = limiter.admit('t', 'core');
    const second = limiter.admit('t', 'core');
    expect(limiter.admit('t', 'core')).toMatchObject({ ok: false, kind: 'secondary', headers: { 'retry-after': '60' } });
    if (first.ok) first.release();
    expect(limiter.admit('t', 'core').ok).toBe(true); // a slot was released; the third point of the minute
    if (second.ok) second.release();
    now = 30_000;
    expect(limiter.admit('t', 'core')).toMatchObject({ ok: false, kind: 'secondary', headers: { 'retry-after': '30' } });
    expect(limiter.refused.secondary).toBe(2);
  });
});

describe('GitHub fake with rate limits, read by Octokit with its throttling plugin', () => {
  it('without opt-in limits, the budget headers still reset every hour of the fake\'s clock (a year of daily backfilled runs never runs it dry)', async () => {
    const estate = await loadEstateFile(ESTATE);
    let now = Date.parse('2026-01-01T06:00:00Z');
    const fake = await startFakeGitHub({ estate, now: () => new Date(now) });
    try {
      const get = async () => (await fetch(`${fake.url}/orgs/acme`, { headers: { authorization: `token ${OWNER_TOKEN}` } })).headers;
      expect((await get()).get('x-ratelimit-remaining')).toBe('4999');
      const second = await get();
      expect(second.get('x-ratelimit-remaining')).toBe('4998');
      expect(second.get('x-ratelimit-reset')).toBe(String((Date.parse('2026-01-01T07:00:00Z')) / 1000));
      now += 3_600_000; // the next simulated hour (a backfill moves a day per run): a fresh budget, as GitHub gives
      expect((await get()).get('x-ratelimit-remaining')).toBe('4999');
    } finally {
      await fake.close();
    }
  });

  it('waits for the primary reset and the secondary retry-after instead of losing a request', { timeout: 60_000 }, async () => {
    const estate = await loadEstateFile(ESTATE);
    // A budget of 3 requests per 2-second "hour" and 2 requests a 1-second "minute": six requests must wait twice.
    const limiter = new GithubRateLimiter({ ...GITHUB_RATE_LIMITS, restPerHour: 3, hourMs: 2_000, pointsPerMinute: 2, minuteMs: 1_000 });
    const fake = await startFakeGitHub({ estate, rateLimits: limiter, latencyMs: 5 });
    const stats = new CallStats();
    try {
      const client = createGithubClient({ baseUrl: fake.url, auth: { token: OWNER_TOKEN }, stats, log: pino({ level: 'silent' }), requestTimeoutMs: 10_000, maxThrottleRetries: 10 });
      const answers = [];
      for (let i = 0; i < 6; i += 1) answers.push(await client.request('GET /orgs/{org}', { org: 'acme' }));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(limiter.refused.primary + limiter.refused.secondary).toBeGreaterThan(0);
      expect(stats.throttles).toBe(limiter.refused.primary + limiter.refused.secondary);
      expect(client.rateInfo.primaryWaits.length + client.rateInfo.secondaryWaits.length).toBe(stats.throttles);
      const refusedRequests = fake.requests.filter((r) => r.status === 403);
      expect(refusedRequests).toHaveLength(stats.throttles);
    } finally {
      await fake.close();
    }
  });
});
