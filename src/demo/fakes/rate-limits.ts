import type { FakeService } from './faults.js';

/**
 * AWS-style request-rate limits for the protocol fakes (opt-in: the benchmark turns them on, tests and the
 * demo do not). AWS meters each API per account with a token bucket — per account and Region for a regional
 * service (AWS Config, CloudTrail, IAM Access Analyzer: "per account and Region unless a quota says otherwise",
 * Service Quotas, https://docs.aws.amazon.com/servicequotas/latest/userguide/reference_limits.html), per account
 * for IAM's global endpoint and for S3 here —: a burst of `burst` requests, refilled at `ratePerSecond`; a request that finds the bucket empty is refused with the service's throttling error
 * (Query services 400 `Throttling`, JSON services 400 `ThrottlingException` — Organizations
 * `TooManyRequestsException` —, REST-JSON services 429 `ThrottlingException`, and S3 503 `SlowDown`), which the SDK's retry strategy classifies as throttling.
 *
 * The defaults are modelled, not copied: AWS publishes per-API rates for CloudTrail (10 TPS for the
 * describe/get calls) and STS, none for IAM reads or S3 bucket-configuration reads, so those use rates seen in
 * practice and are set low enough that an over-eager client is throttled.
 */

export interface TokenBucketSpec {
  /** Sustained requests per second. */
  readonly ratePerSecond: number;
  /** Requests that may arrive at once on a full bucket. */
  readonly burst: number;
}

/** Per service; an operation may have its own (e.g. `config:SelectResourceConfig`). */
export interface AwsRateLimitSpec {
  readonly services: Partial<Record<FakeService, TokenBucketSpec>>;
  /** `<service>:<Operation>` → its own bucket spec. */
  readonly operations?: Readonly<Record<string, TokenBucketSpec>>;
}

export const DEFAULT_AWS_RATE_LIMITS: AwsRateLimitSpec = {
  services: {
    iam: { ratePerSecond: 20, burst: 40 },
    sts: { ratePerSecond: 100, burst: 200 },
    s3: { ratePerSecond: 50, burst: 100 },
    s3control: { ratePerSecond: 20, burst: 40 },
    config: { ratePerSecond: 10, burst: 20 },
    cloudtrail: { ratePerSecond: 10, burst: 10 },
    accessanalyzer: { ratePerSecond: 10, burst: 20 },
    organizations: { ratePerSecond: 5, burst: 10 },
  },
  operations: {
    'iam:GetAccountAuthorizationDetails': { ratePerSecond: 5, burst: 5 },
    'config:SelectResourceConfig': { ratePerSecond: 5, burst: 5 },
  },
};

/** The throttling answer each protocol gives (what the fakes send when a bucket is empty). */
export function throttlingCode(service: FakeService): { readonly status: number; readonly code: string; readonly message: string } {
  switch (service) {
    case 's3':
    case 's3control':
      return { status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' };
    case 'iam':
    case 'sts':
      return { status: 400, code: 'Throttling', message: 'Rate exceeded' };
    case 'organizations':
      return { status: 400, code: 'TooManyRequestsException', message: 'AWS Organizations can\'t complete your request because another request is already in progress or the rate of requests is too high.' };
    case 'config':
    case 'cloudtrail':
      return { status: 400, code: 'ThrottlingException', message: 'Rate exceeded' };
    case 'accessanalyzer':
      // REST-JSON: throttling is HTTP 429.
      return { status: 429, code: 'ThrottlingException', message: 'Rate exceeded' };
  }
}

/** Token buckets per API × account (× Region for the regional services' fakes), with counts of what was admitted and refused. */
export class AwsRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  /** Refused requests by `<service>:<Operation>`. */
  readonly throttled: Record<string, number> = {};

  constructor(
    private readonly spec: AwsRateLimitSpec = DEFAULT_AWS_RATE_LIMITS,
    /** Milliseconds, monotonic; injectable so the buckets can be tested without waiting. */
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /**
   * true → admitted (a token taken); false → refused: answer with throttlingCode(service). `region`: the Region
   * of the request's SigV4 credential scope, given by the fakes of regional services, whose buckets it splits.
   */
  admit(service: FakeService, operation: string, accountId: string, region?: string): boolean {
    const key = `${service}:${operation}`;
    const spec = this.spec.operations?.[key] ?? this.spec.services[service];
    if (spec === undefined) return true;
    const bucketKey = `${key}\u0000${accountId}\u0000${region ?? ''}`;
    const now = this.clock();
    const bucket = this.buckets.get(bucketKey) ?? { tokens: spec.burst, at: now };
    bucket.tokens = Math.min(spec.burst, bucket.tokens + ((now - bucket.at) / 1000) * spec.ratePerSecond);
    bucket.at = now;
    this.buckets.set(bucketKey, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return true;
    }
    this.throttled[key] = (this.throttled[key] ?? 0) + 1;
    return false;
  }
}
