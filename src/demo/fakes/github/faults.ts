import { CountedRules } from '../counted-rules.js';

/**
 * Fault injection for the GitHub fake: make one endpoint (optionally for one repository) fail the way
 * GitHub does, so tests and the demo show throttling, retries and Unknown attributes.
 */

export type GithubFaultKind =
  /** 403 with `x-ratelimit-remaining: 0` and `x-ratelimit-reset` (primary rate limit). */
  | 'rate_limit'
  /** 403 "You have exceeded a secondary rate limit" with `retry-after`. */
  | 'secondary_limit'
  /** 403 "Resource not accessible by personal access token". */
  | 'forbidden'
  | 'not_found'
  /** 502 Bad Gateway (retried by the client). */
  | 'server_error'
  /** 200 with a body that is not JSON. */
  | 'malformed';

export interface GithubFaultRule {
  /** Route as `METHOD /template`, e.g. `GET /repos/{owner}/{repo}/keys`, or `POST /graphql`. */
  readonly route: string;
  /** Only requests for this repository name. */
  readonly repo?: string;
  readonly kind: GithubFaultKind;
  /** How many matching requests fail; default: all. */
  readonly times?: number;
  /** Seconds for `retry-after` / until `x-ratelimit-reset`; default 1. */
  readonly retryAfterSeconds?: number;
}

export class GithubFaultInjector extends CountedRules<GithubFaultRule> {
  take(route: string, repo: string | undefined): GithubFaultRule | undefined {
    return this.takeFirst((r) => r.route === route && (r.repo === undefined || r.repo === repo));
  }
}
