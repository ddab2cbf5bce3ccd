import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../http.js';
import type { Estate } from '../../estate/schema.js';
import { resolveDate } from '../../estate/dates.js';
import { Access } from './access.js';
import { ACCESS_TOKENS_ROUTE, InstallationTokens, isAccessTokensPath } from './app-auth.js';
import { GithubFaultInjector, type GithubFaultRule } from './faults.js';
import { handleGraphql } from './graphql.js';
import { findOrg, githubError, matchRoute, type RestReply } from './rest.js';
import type { GithubRateLimiter } from './rate-limits.js';

/**
 * A stateful fake of the GitHub REST and GraphQL endpoints the collector uses, on 127.0.0.1, driven by
 * the estate file's `github:` section. Real Octokit clients (with the throttling and retry plugins)
 * talk to it over HTTP: tokens with roles, rate-limit headers, Link pagination, ETag / 304, faults.
 */

export interface FakeGithubOptions {
  readonly estate: Estate;
  /** The clock against which the estate's relative dates resolve; default: the real clock. */
  readonly now?: Date | (() => Date);
  /** Server-side cap on page sizes (per_page above it is reduced), to force pagination. */
  readonly pageSize?: number;
  /** Delay before every answer (the benchmark's per-call latency). */
  readonly latencyMs?: number;
  /** GitHub's primary and secondary limits (rate-limits.ts); absent → plain countdown headers, never refused. */
  readonly rateLimits?: GithubRateLimiter;
}

export interface FakeGithubRequest {
  readonly method: string;
  /** `GET /repos/{owner}/{repo}/keys`, `POST /graphql`, or the raw path when no route matched. */
  readonly route: string;
  readonly path: string;
  readonly repo: string | undefined;
  /** The estate token name, or null when the token was missing / unknown. */
  readonly token: string | null;
  readonly status: number;
}

export interface FakeGithub {
  /** Base URL for Octokit's `baseUrl`. */
  readonly url: string;
  readonly faults: GithubFaultInjector;
  readonly requests: FakeGithubRequest[];
  close(): Promise<void>;
}

const RATE_LIMIT = 5000;
const HOUR_MS = 3_600_000;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function bearer(header: string | undefined): string | undefined {
  const m = /^(?:token|bearer)\s+(\S+)$/i.exec(header ?? '');
  return m?.[1];
}

export async function startFakeGitHub(options: FakeGithubOptions): Promise<FakeGithub> {
  const estate = options.estate.github;
  if (estate === undefined) throw new Error('the estate has no github section');
  const clock = options.now;
  const now = clock === undefined ? () => new Date() : typeof clock === 'function' ? clock : () => clock;
  const pageSizeCap = options.pageSize ?? 100;
  const faults = new GithubFaultInjector();
  const requests: FakeGithubRequest[] = [];
  // Per token: the hour window's start (on the fake's clock) and what is left of it. GitHub resets the budget
  // every hour; a budget that never reset ran out after ~93 daily backfilled runs, and then every legitimate 403
  // (Advanced Security off) carried `remaining: 0`, which Octokit's throttling plugin waits out for an hour.
  const remaining = new Map<string, { start: number; left: number }>();
  const installationTokens = new InstallationTokens(estate);
  let baseUrl = '';

  function rateHeaders(tokenName: string): Record<string, string> {
    const at = now().getTime();
    const current = remaining.get(tokenName);
    const budget = current === undefined || at >= current.start + HOUR_MS || at < current.start ? { start: at, left: RATE_LIMIT } : current;
    budget.left = Math.max(0, budget.left - 1);
    remaining.set(tokenName, budget);
    return {
      'x-ratelimit-limit': String(RATE_LIMIT),
      'x-ratelimit-remaining': String(budget.left),
      'x-ratelimit-used': String(RATE_LIMIT - budget.left),
      'x-ratelimit-reset': String(Math.floor((budget.start + HOUR_MS) / 1000)),
      'x-ratelimit-resource': 'core',
    };
  }

  function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string | undefined): void {
    const h: Record<string, string | number> = { ...headers };
    if (body !== undefined) {
      h['content-type'] = 'application/json; charset=utf-8';
      h['content-length'] = Buffer.byteLength(body);
    }
    res.writeHead(status, h);
    res.end(body);
  }

  function faultReply(fault: GithubFaultRule, headers: Record<string, string>): { status: number; headers: Record<string, string>; body: string } {
    const wait = fault.retryAfterSeconds ?? 1;
    const json = (status: number, message: string, extra: Record<string, string> = {}) => ({
      status,
      headers: { ...headers, ...extra },
      body: JSON.stringify({ message, documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api', status: String(status) }),
    });
    switch (fault.kind) {
      case 'rate_limit':
        return json(403, 'API rate limit exceeded for user ID 1.', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + wait) });
      case 'secondary_limit':
        return json(403, 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', { 'retry-after': String(wait) });
      case 'forbidden':
        return json(403, 'Resource not accessible by personal access token');
      case 'not_found':
        return json(404, 'Not Found');
      case 'server_error':
        return json(502, 'Server Error');
      case 'malformed':
        return { status: 200, headers, body: '{"this is": not json' };
    }
  }

  /** Slices a list by per_page / `after` (an opaque cursor) and adds GitHub's Link header, for cursor-only endpoints. */
  function paginateByCursor(list: readonly unknown[], url: URL): { body: unknown[]; link: string | undefined } {
    const perPage = Math.min(Math.max(Number(url.searchParams.get('per_page') ?? 30) || 30, 1), 100, pageSizeCap);
    const after = url.searchParams.get('after');
    const offset = after === null ? 0 : Number(Buffer.from(after, 'base64url').toString('utf8').replace('offset:', '')) || 0;
    const end = offset + perPage;
    if (end >= list.length) return { body: list.slice(offset, end), link: undefined };
    const u = new URL(url.pathname + url.search, baseUrl);
    u.searchParams.set('per_page', String(perPage));
    u.searchParams.set('after', Buffer.from(`offset:${end}`).toString('base64url'));
    return { body: list.slice(offset, end), link: `<${u.toString()}>; rel="next"` };
  }

  /** Slices a list by per_page / page and adds GitHub's Link header. */
  function paginate(list: readonly unknown[], url: URL): { body: unknown[]; link: string | undefined } {
    const perPage = Math.min(Math.max(Number(url.searchParams.get('per_page') ?? 30) || 30, 1), 100, pageSizeCap);
    const page = Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1);
    const last = Math.max(1, Math.ceil(list.length / perPage));
    const link = (p: number, rel: string) => {
      const u = new URL(url.pathname + url.search, baseUrl);
      u.searchParams.set('per_page', String(perPage));
      u.searchParams.set('page', String(p));
      return `<${u.toString()}>; rel="${rel}"`;
    };
    const rels: string[] = [];
    if (page > 1) rels.push(link(page - 1, 'prev'), link(1, 'first'));
    if (page < last) rels.push(link(page + 1, 'next'), link(last, 'last'));
    return { body: list.slice((page - 1) * perPage, page * perPage), link: rels.length > 0 ? rels.join(', ') : undefined };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl);
    const method = req.method ?? 'GET';
    const rawBody = method === 'POST' ? await readBody(req) : '';
    const tokenValue = bearer(req.headers.authorization);
    if (isAccessTokensPath(method, url.pathname)) {
      // App auth: the bearer is the App's JWT, not a token; rate limits and faults do not apply here.
      const reply = installationTokens.exchange(url.pathname, tokenValue, Date.now());
      requests.push({ method, route: ACCESS_TOKENS_ROUTE, path: url.pathname, repo: undefined, token: reply.caller, status: reply.status });
      return send(res, reply.status, {}, JSON.stringify(reply.body));
    }
    const installation = installationTokens.lookup(tokenValue);
    const token = estate!.tokens.find((t) => t.token === tokenValue) ?? installation?.token;
    const isGraphql = method === 'POST' && url.pathname === '/graphql';
    const matched = isGraphql ? undefined : matchRoute(method, url.pathname);
    const routeName = isGraphql ? 'POST /graphql' : matched !== undefined ? `${method} ${matched.route.template}` : `${method} ${url.pathname}`;
    const repoName = matched?.params['repo'];
    const record = (status: number) => requests.push({ method, route: routeName, path: url.pathname + url.search, repo: repoName, token: token?.name ?? null, status });

    if (token === undefined) {
      record(401);
      return send(res, 401, {}, JSON.stringify({ message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' }));
    }
    let headers: Record<string, string>;
    if (options.rateLimits !== undefined) {
      const admission = options.rateLimits.admit(token.name, isGraphql ? 'graphql' : 'core');
      if (options.latencyMs) await delay(options.latencyMs);
      if (!admission.ok) {
        record(admission.status);
        const body = JSON.stringify({ message: admission.message, documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api', status: String(admission.status) });
        return send(res, admission.status, admission.headers, body);
      }
      // In flight until the answer has gone (or the client hung up).
      res.once('close', admission.release);
      headers = admission.headers;
    } else {
      if (options.latencyMs) await delay(options.latencyMs);
      headers = rateHeaders(token.name);
    }
    const fault = faults.take(routeName, repoName);
    if (fault !== undefined) {
      const f = faultReply(fault, headers);
      record(f.status);
      return send(res, f.status, f.headers, f.body);
    }
    const access = new Access(token);
    const at = (spec: string) => resolveDate(spec, now()).toISOString().replace('.000Z', 'Z');

    if (isGraphql) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(rawBody);
      } catch {
        record(400);
        return send(res, 400, headers, JSON.stringify({ message: 'Problems parsing JSON', documentation_url: 'https://docs.github.com/graphql' }));
      }
      const reply = handleGraphql(estate!, access, parsed as Record<string, never>, pageSizeCap, at);
      record(reply.status);
      return send(res, reply.status, headers, JSON.stringify(reply.body));
    }

    let reply: RestReply;
    const found = matched === undefined ? undefined : findOrg(estate!, matched.params);
    // An installation token reaches only the organisation the App is installed on.
    const org = installation !== undefined && found !== undefined && found.login.toLowerCase() !== installation.org.toLowerCase() ? undefined : found;
    if (matched === undefined || org === undefined) reply = githubError(404, 'Not Found');
    else reply = matched.route.handler({ params: matched.params, query: url.searchParams, access, org, at, nowMs: now().getTime() });

    let body: unknown = reply.body;
    const outHeaders: Record<string, string> = { ...headers };
    if (reply.list !== undefined) {
      const page = reply.cursor === true ? paginateByCursor(reply.list, url) : paginate(reply.list, url);
      body = page.body;
      if (page.link !== undefined) outHeaders['link'] = page.link;
    }
    if (reply.status === 204 || body === undefined) {
      record(reply.status);
      return send(res, reply.status, outHeaders, undefined);
    }
    const text = JSON.stringify(body);
    if (reply.status === 200) {
      // Conditional requests, as GitHub does them: a weak ETag over the body, 304 on a match.
      const etag = `W/"${createHash('sha256').update(text).digest('hex').slice(0, 32)}"`;
      outHeaders['etag'] = etag;
      if (req.headers['if-none-match'] === etag) {
        record(304);
        return send(res, 304, outHeaders, undefined);
      }
    }
    record(reply.status);
    send(res, reply.status, outHeaders, text);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, {}, JSON.stringify({ message: `fake failure: ${error instanceof Error ? error.message : String(error)}` }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    faults,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
