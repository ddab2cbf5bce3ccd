import type { GithubClient } from '../../src/sdk/github.js';
import { DEFAULT_MAX_PAGES, PaginationNotEndingError } from '../../src/sdk/pagination-limit.js';
import { httpStatus } from '../../src/sdk/github-status.js';
import { networkCause } from '../../src/sdk/network-cause.js';

/**
 * One GitHub call's outcome: the value, or why it failed (status + GitHub's message, never headers or
 * the token). A failed call makes exactly the attributes it fills Unknown.
 */
export type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  /** `unreachable`: GitHub never answered (DNS, refused, TLS, timeout): nothing from it can be read at all. */
  | { readonly ok: false; readonly status: number | undefined; readonly reason: string; readonly unreachable?: true };

export type Json = Record<string, unknown>;

export class MalformedResponseError extends Error {}

export async function attempt<T>(fn: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    return failure(error);
  }
}

export function failure(error: unknown): { ok: false; status: number | undefined; reason: string; unreachable?: true } {
  // Octokit reports a fetch that never reached GitHub (DNS, refused, TLS, timeout) as "HTTP 500":
  // name the network cause instead, and no status (GitHub never answered).
  const net = networkCause(error);
  if (net !== null) return { ok: false, status: undefined, reason: `could not reach GitHub: ${net.text}`, unreachable: true };
  const status = httpStatus(error);
  if (status !== undefined) {
    const message = (error as { response?: { data?: { message?: unknown } } }).response?.data?.message;
    const text = typeof message === 'string' ? message : status === 403 ? 'Forbidden' : `HTTP ${status}`;
    return { ok: false, status, reason: `HTTP ${status}: ${text}` };
  }
  if (error instanceof MalformedResponseError) return { ok: false, status: undefined, reason: error.message };
  const name = error instanceof Error ? error.name : 'Error';
  if (name === 'SyntaxError') return { ok: false, status: undefined, reason: 'malformed response (not JSON)' };
  return { ok: false, status: undefined, reason: name === 'AbortError' || name === 'TimeoutError' ? 'request timed out' : `request failed (${name})` };
}

function requireObject(data: unknown, route: string): Json {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new MalformedResponseError(`malformed response from ${route}`);
  return data as Json;
}

function requireArray(data: unknown, route: string): Json[] {
  if (!Array.isArray(data) || data.some((x) => x === null || typeof x !== 'object')) throw new MalformedResponseError(`malformed response from ${route}`);
  return data as Json[];
}

/** GET returning one JSON object. */
export async function getObject(client: GithubClient, route: string, params: Json): Promise<Json> {
  const res = await client.request(route, params);
  return requireObject(res.data, route);
}

/**
 * GET of a paginated list, every page (per_page=100), following GitHub's Link rel="next". Pages are
 * requested through the route template (not Octokit's paginator, which sends expanded URLs), so the
 * accounting hook counts each page under its route and repository.
 */
export async function listAll(client: GithubClient, route: string, params: Json, stop?: (page: Json[]) => boolean, maxPages = DEFAULT_MAX_PAGES): Promise<Json[]> {
  const out: Json[] = [];
  for (let page = 1; ; page += 1) {
    // An endpoint that always links a next page of items would otherwise be read (and held) until the deadline.
    if (page > maxPages) throw new PaginationNotEndingError(`GET ${route}`, `more than ${maxPages} pages`);
    const res = await client.request(route, { ...params, per_page: 100, page });
    const items = requireArray(res.data, route);
    out.push(...items);
    const link = typeof res.headers.link === 'string' ? res.headers.link : '';
    if (!/rel="next"/.test(link) || items.length === 0 || stop?.(items) === true) return out;
  }
}

/**
 * Like listAll, for the cursor-paginated lists (GET /orgs/{org}/dependabot/alerts takes `after`, not `page`):
 * each next page is asked with the query of GitHub's Link rel="next" (its cursor), still through the route
 * template so the accounting hook counts the pages under the route.
 */
export async function listAllByLink(client: GithubClient, route: string, params: Json, maxPages = DEFAULT_MAX_PAGES): Promise<Json[]> {
  const out: Json[] = [];
  let next: Json = {};
  for (let page = 1; ; page += 1) {
    if (page > maxPages) throw new PaginationNotEndingError(`GET ${route}`, `more than ${maxPages} pages`);
    const res = await client.request(route, { ...params, per_page: 100, ...next });
    const items = requireArray(res.data, route);
    out.push(...items);
    const link = typeof res.headers.link === 'string' ? res.headers.link : '';
    const url = /<([^>]+)>;\s*rel="next"/.exec(link)?.[1];
    if (url === undefined || items.length === 0) return out;
    const query: Json = Object.fromEntries([...new URL(url).searchParams].filter(([k]) => k !== 'per_page' && !(k in params)));
    // A next link that asks for the page just read is a loop, not a listing.
    if (JSON.stringify(query) === JSON.stringify(next)) throw new PaginationNotEndingError(`GET ${route}`, `the next link repeats the query just asked (${JSON.stringify(query)})`);
    next = query;
  }
}

/** GET answered by status only (204 yes / 404 no), e.g. /vulnerability-alerts. */
export async function statusOf(client: GithubClient, route: string, params: Json): Promise<number> {
  try {
    const res = await client.request(route, params);
    return res.status;
  } catch (error) {
    const status = httpStatus(error);
    if (status === 404) return 404;
    throw error;
  }
}

export function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

export function login(user: unknown): string | null {
  return user !== null && typeof user === 'object' ? str((user as Json)['login']) : null;
}
