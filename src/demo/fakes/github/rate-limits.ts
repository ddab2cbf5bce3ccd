/**
 * GitHub's rate limits, modelled for the fake (opt-in: the benchmark turns them on; tests and the demo keep
 * the fake's plain countdown headers). From GitHub's "Rate limits for the REST API" and "… for the GraphQL API":
 * - primary: a budget per token and hour, separately for REST (`core`, 5,000) and GraphQL (`graphql`, 5,000
 *   points); every answer carries `x-ratelimit-limit/remaining/used/reset/resource`, and a request past the
 *   budget is refused 403 with `x-ratelimit-remaining: 0` until `x-ratelimit-reset`;
 * - secondary: no more than `maxConcurrent` requests in flight (100), and no more than `pointsPerMinute` REST
 *   points a minute (900; a GET costs 1); past either the answer is 403 with `retry-after`.
 * `hourMs` / `minuteMs` shorten the windows so a benchmark can cross a reset in seconds instead of an hour;
 * headers then state the shortened reset, so a client waits exactly as it would on GitHub.
 * GraphQL costs 1 point per query here (GitHub charges by the connections a query asks for; the collector's
 * queries ask for at most 100 repositories with small nested connections, which GitHub prices at 1-2 points).
 */

export interface GithubRateLimitSpec {
  readonly restPerHour: number;
  readonly graphqlPointsPerHour: number;
  readonly maxConcurrent: number;
  readonly pointsPerMinute: number;
  readonly hourMs: number;
  readonly minuteMs: number;
}

export const GITHUB_RATE_LIMITS: GithubRateLimitSpec = {
  restPerHour: 5000,
  graphqlPointsPerHour: 5000,
  maxConcurrent: 100,
  pointsPerMinute: 900,
  hourMs: 3_600_000,
  minuteMs: 60_000,
};

type Resource = 'core' | 'graphql';

export type GithubAdmission =
  | { readonly ok: true; readonly headers: Record<string, string>; release(): void }
  | { readonly ok: false; readonly status: 403; readonly kind: 'primary' | 'secondary'; readonly message: string; readonly headers: Record<string, string> };

interface Window {
  start: number;
  used: number;
}

export class GithubRateLimiter {
  private readonly hourly = new Map<string, Window>();
  private readonly minutely = new Map<string, Window>();
  private readonly inFlight = new Map<string, number>();
  /** Refused requests, by kind. */
  readonly refused = { primary: 0, secondary: 0 };

  constructor(
    readonly spec: GithubRateLimitSpec = GITHUB_RATE_LIMITS,
    /** Epoch milliseconds (x-ratelimit-reset is epoch seconds); injectable for tests. */
    private readonly clock: () => number = () => Date.now(),
  ) {}

  private window(map: Map<string, Window>, key: string, length: number, now: number): Window {
    let w = map.get(key);
    if (w === undefined || now >= w.start + length) {
      w = { start: now, used: 0 };
      map.set(key, w);
    }
    return w;
  }

  /** Admits one request of `token` (or refuses it with GitHub's answer); call release() when it is answered. */
  admit(token: string, resource: Resource): GithubAdmission {
    const now = this.clock();
    const limit = resource === 'core' ? this.spec.restPerHour : this.spec.graphqlPointsPerHour;
    const hour = this.window(this.hourly, `${token}\u0000${resource}`, this.spec.hourMs, now);
    const resetSeconds = Math.ceil((hour.start + this.spec.hourMs) / 1000);
    const headers = (used: number) => ({
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, limit - used)),
      'x-ratelimit-used': String(used),
      'x-ratelimit-reset': String(resetSeconds),
      'x-ratelimit-resource': resource,
    });
    if (hour.used >= limit) {
      this.refused.primary += 1;
      const message = resource === 'core' ? 'API rate limit exceeded for user ID 1.' : 'API rate limit exceeded for user ID 1. (GraphQL)';
      return { ok: false, status: 403, kind: 'primary', message, headers: headers(hour.used) };
    }
    const flying = this.inFlight.get(token) ?? 0;
    const minute = this.window(this.minutely, `${token}\u0000${resource}`, this.spec.minuteMs, now);
    if (flying >= this.spec.maxConcurrent || (resource === 'core' && minute.used >= this.spec.pointsPerMinute)) {
      this.refused.secondary += 1;
      // GitHub's retry-after is whole seconds; the wait lasts until the minute window turns (at least 1 s).
      const retryAfter = Math.max(1, Math.ceil((minute.start + this.spec.minuteMs - now) / 1000));
      return {
        ok: false,
        status: 403,
        kind: 'secondary',
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        headers: { ...headers(hour.used), 'retry-after': String(retryAfter) },
      };
    }
    hour.used += 1;
    minute.used += 1;
    this.inFlight.set(token, flying + 1);
    let released = false;
    return {
      ok: true,
      headers: headers(hour.used),
      release: () => {
        if (released) return;
        released = true;
        this.inFlight.set(token, (this.inFlight.get(token) ?? 1) - 1);
      },
    };
  }
}
