import { Octokit } from '@octokit/rest';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck';
import { retry } from '@octokit/plugin-retry';
import { createAppAuth } from '@octokit/auth-app';
import type { Octokit as CoreOctokit } from '@octokit/core';
import type { OctokitOptions as CoreOptions } from '@octokit/core/types';
import type { Logger } from 'pino';
import type { GithubAuthConfig } from '../config/github-schema.js';
import { networkCause } from './network-cause.js';
import { httpStatus } from './github-status.js';
import { scrubText } from '../util/redact.js';
import type { CallStats } from './call-stats.js';
import { processEtagCache, type EtagPartition } from './etag-cache.js';
import { cappedFetch } from './capped-fetch.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from './bounded-body.js';

/** The largest answer accepted from GitHub: a page of 100 items is well under 1 MB; past this the call is an error. */
export const MAX_RESPONSE_BYTES = DEFAULT_MAX_RESPONSE_BYTES;

/**
 * The GitHub client factory: @octokit/rest with the throttling and retry plugins (no hand-written retry
 * loops), token or GitHub App installation auth, a configurable base URL (GitHub Enterprise Server), and
 * an accounting plugin that counts every HTTP attempt into the collection's CallStats by route, sends
 * conditional requests from a bounded ETag cache (etag-cache.ts; a 304 is counted, its body not sent
 * again) and records rate-limit headroom and throttle waits. The token is never logged: Octokit's own log lines are scrubbed.
 */

export interface GithubClientOptions {
  readonly baseUrl: string;
  readonly auth: GithubAuthConfig;
  readonly stats: CallStats;
  readonly log: Logger;
  readonly requestTimeoutMs: number;
  /** The size cap of one answer (default MAX_RESPONSE_BYTES); past it the call fails with the reason. */
  readonly maxResponseBytes?: number;
  /** Retries of a rate-limited request (primary or secondary limit) before it fails. */
  readonly maxThrottleRetries: number;
  /**
   * Milliseconds per second of `retry-after` / rate-limit reset and per retry step. 1000 in production;
   * tests shrink it so a `retry-after: 1` costs milliseconds, through the plugins' own options.
   */
  readonly timeScaleMs?: number;
  /**
   * Where conditional-request responses are kept. Default: this server's and these credentials' partition
   * of the process-wide bounded cache, so the next collection (a daemon's next run) sends If-None-Match.
   */
  readonly etagCache?: EtagPartition;
}

/** Rate-limit state seen by one client: volatile, so logged and kept with the collection, never in observations. */
export interface GithubRateInfo {
  /** x-ratelimit-remaining on the last response (null before any). */
  rateLimitRemaining: number | null;
  /** Seconds waited for primary rate limits, one entry per wait. */
  readonly primaryWaits: number[];
  /** Seconds waited for secondary rate limits, one entry per wait. */
  readonly secondaryWaits: number[];
  /** HTTP attempts per repository name (requests with a `repo` parameter). */
  readonly callsPerRepository: Record<string, number>;
  /** Conditional requests answered 304 Not Modified. */
  notModified: number;
}

export type GithubClient = InstanceType<typeof Octokit> & { readonly rateInfo: GithubRateInfo };

/** The token or key material, so messages can be scrubbed of it. */
function secretsOf(auth: GithubAuthConfig): string[] {
  return 'token' in auth ? [auth.token] : [auth.privateKey];
}

/**
 * Who the credentials act as, for the ETag cache's partition: the token itself, or the App installation
 * (any of an App's private keys acts as the same installation). Hashed by the cache, never kept.
 */
export function credentialsIdentity(auth: GithubAuthConfig): string {
  return 'token' in auth ? `token:${auth.token}` : `app:${auth.appId}/${auth.installationId}`;
}

interface AccountingOptions {
  readonly controlwatch?: { stats: CallStats; rateInfo: GithubRateInfo; etagCache: EtagPartition; timeoutMs: number; maxResponseBytes: number };
}

/**
 * Registered BEFORE the throttling and retry plugins, so its hook is the innermost one: the plugins'
 * retries call through it again, and every HTTP attempt is counted.
 */
function accountingPlugin(octokit: CoreOctokit, options: CoreOptions & AccountingOptions) {
  const cw = options.controlwatch;
  if (cw === undefined) return {};
  // The first failure that means "GitHub cannot be reached from here" (DNS, refused, unreachable, TLS):
  // every later request of this client fails at once with it, instead of each paying connect time and retries.
  let unreachable: unknown;
  octokit.hook.wrap('request', async (request, opts) => {
    if (unreachable !== undefined) throw unreachable;
    const method = (opts.method ?? 'GET').toUpperCase();
    const route = `${method} ${String(opts.url)}`;
    // Counted, not attributed: behind the throttling plugin's queue this may run in another request's async
    // context. attributionPlugin (outermost) attributes the route where the caller's context is certain.
    cw.stats.recordCall(route, false);
    const repo = typeof opts['repo'] === 'string' ? opts['repo'] : undefined;
    if (repo !== undefined) cw.rateInfo.callsPerRepository[repo] = (cw.rateInfo.callsPerRepository[repo] ?? 0) + 1;
    // A fresh timeout per attempt (a shared signal would expire for every later request).
    // The signal is a total deadline (it aborts a slow-dripping body too); the fetch caps the answer's size.
    opts.request = { ...opts.request, signal: AbortSignal.timeout(cw.timeoutMs), fetch: cappedFetch(cw.maxResponseBytes) };
    const key = method === 'GET' ? octokit.request.endpoint.parse(opts).url : undefined;
    const cached = key === undefined ? undefined : cw.etagCache.get(key);
    if (cached !== undefined) opts.headers = { ...opts.headers, 'if-none-match': cached.etag };
    try {
      const response = await request(opts);
      const remaining = Number(response.headers['x-ratelimit-remaining']);
      if (Number.isFinite(remaining)) cw.rateInfo.rateLimitRemaining = remaining;
      const etag = response.headers.etag;
      if (key !== undefined && typeof etag === 'string') cw.etagCache.set(key, etag, response);
      return response;
    } catch (error) {
      const net = networkCause(error);
      if (net !== null && net.kind !== 'timeout' && net.kind !== 'reset') {
        // Octokit labels a failed fetch "status 500", which the retry plugin would retry: without a status it
        // is not retried (the cause will not go away in seconds), and src/collectors' failure() names the cause.
        (error as { status?: number }).status = undefined;
        unreachable = error;
        throw error;
      }
      const status = httpStatus(error);
      if (status === 304 && cached !== undefined) {
        cw.rateInfo.notModified += 1;
        return cached.response as Awaited<ReturnType<typeof request>>;
      }
      if (status !== undefined) {
        const remaining = Number((error as { response?: { headers?: Record<string, unknown> } }).response?.headers?.['x-ratelimit-remaining']);
        if (Number.isFinite(remaining)) cw.rateInfo.rateLimitRemaining = remaining;
      }
      throw error;
    }
  });
  return {};
}

/**
 * Registered AFTER the throttling and retry plugins, so its hook is the outermost one and runs in the caller's
 * async context: the route joins the caller's CallStats.attribute frames (an observation's `source`) once per
 * request, whatever queueing and retries happen inside.
 */
function attributionPlugin(octokit: CoreOctokit, options: CoreOptions & AccountingOptions) {
  const cw = options.controlwatch;
  if (cw === undefined) return {};
  octokit.hook.wrap('request', (request, opts) => {
    cw.stats.attributeOperation(`${(opts.method ?? 'GET').toUpperCase()} ${String(opts.url)}`);
    return request(opts);
  });
  return {};
}

const GithubOctokit = Octokit.plugin(accountingPlugin, throttling, retry, attributionPlugin);

export function createGithubClient(options: GithubClientOptions): GithubClient {
  const { stats, log } = options;
  const secrets = secretsOf(options.auth);
  const scrub = (text: string) => scrubText(text, secrets);
  const scale = options.timeScaleMs ?? 1000;
  const rateInfo: GithubRateInfo = { rateLimitRemaining: null, primaryWaits: [], secondaryWaits: [], callsPerRepository: {}, notModified: 0 };

  const onLimit = (kind: 'primary' | 'secondary') => (retryAfter: number, req: { method: string; url: string }, _o: unknown, retryCount: number) => {
    stats.recordThrottle();
    (kind === 'primary' ? rateInfo.primaryWaits : rateInfo.secondaryWaits).push(retryAfter);
    const willRetry = retryCount < options.maxThrottleRetries;
    log.warn({ kind, route: `${req.method} ${req.url}`, retryAfterSeconds: retryAfter, retryCount, willRetry }, `GitHub ${kind} rate limit`);
    return willRetry;
  };

  const auth =
    'token' in options.auth
      ? { auth: options.auth.token }
      : {
          authStrategy: createAppAuth,
          auth: { appId: Number(options.auth.appId), privateKey: options.auth.privateKey.replace(/\\n/g, '\n'), installationId: Number(options.auth.installationId) },
        };

  const client = new GithubOctokit({
    ...auth,
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    userAgent: 'controlwatch',
    controlwatch: {
      stats,
      rateInfo,
      etagCache: options.etagCache ?? processEtagCache().partition(options.baseUrl, credentialsIdentity(options.auth)),
      timeoutMs: options.requestTimeoutMs,
      maxResponseBytes: options.maxResponseBytes ?? MAX_RESPONSE_BYTES,
    },
    throttle: {
      // Unique per client: the plugin's limiter groups are otherwise shared process-wide by id.
      id: `controlwatch-${Math.random().toString(36).slice(2)}`,
      retryAfterBaseValue: scale,
      // The plugin spaces every GraphQL request, like every write, 1 s apart per client (GitHub's advice for
      // mutative requests). The same spacing here, but on the client's time scale: a test or the demo's backfill
      // of simulated days (timeScaleMs) is not paced in real seconds; a live run still waits 1 s.
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: scale, timeout: 120_000 }),
      fallbackSecondaryRateRetryAfter: 60,
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
    },
    retry: { retries: 2, retryAfterBaseValue: scale },
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: (message: string) => log.warn(scrub(message)),
      // @octokit/plugin-request-log reports every non-2xx answer here, including the expected 403/404s
      // that become Unknown / NotAvailable attributes; the collector reports real failures itself.
      error: (message: string) => log.debug(scrub(message)),
    },
  } as ConstructorParameters<typeof GithubOctokit>[0]);
  return Object.assign(client, { rateInfo }) as unknown as GithubClient;
}
