import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';

/**
 * The conditional-request (ETag) cache of the HTTP API clients: a GET answered with an ETag is kept, the
 * next GET of the same URL sends If-None-Match, and a 304 is answered from here without the body being
 * sent again (GitHub does not count such 304s against the rate limit).
 *
 * A daemon runs for months, so the cache is bounded: at most `maxEntries` responses and `maxBytes` of
 * stored text, least recently used first out (lru-cache). Bodies are kept as JSON text, not objects, so
 * the byte bound measures what is really held, and a caller can never change a cached response.
 * An evicted (or never kept) URL simply goes out unconditional again: the cache can only save requests,
 * never answer one it no longer holds.
 *
 * One process-wide store (`processEtagCache()`) bounds every client together; each (server, credentials)
 * gets its own partition of it, so a response fetched with one set of credentials is never served to
 * another, and a rotated token's old partition just ages out.
 */

export interface CachedResponse {
  readonly etag: string;
  /** A fresh copy of the response that carried the ETag (parsed again from the stored JSON on every hit). */
  readonly response: unknown;
}

/** One (server, credentials)'s view of the cache: what an HTTP client uses. */
export interface EtagPartition {
  /** The cached response for a GET URL (marking it recently used), or undefined: send the request unconditional. */
  get(url: string): CachedResponse | undefined;
  /** Keeps a response with its ETag; one that alone exceeds the byte bound is not kept (and replaces nothing). */
  set(url: string, etag: string, response: unknown): void;
}

export interface EtagCacheLimits {
  /** Most responses kept, over all partitions. */
  readonly maxEntries: number;
  /** Most UTF-8 bytes kept (stored JSON bodies, URLs and ETags), over all partitions. */
  readonly maxBytes: number;
}

/**
 * 32 MB: the cache lives in the agent's heap beside the whole run's observations, and the agent's peak memory
 * target is under 512 MB for a 12,000-resource estate (issue 15's benchmark). A kept response averages ~8 KB
 * (the whole Octokit response: url, headers, data), so this keeps ~4,000 of them: every REST GET of a sweep
 * of ~2,000 repositories once the per-repository reads are GraphQL (POSTs, never cached), a fifth of a sweep
 * that reads each repository by REST. At 128 MB it held 35 MB at a quarter of the benchmark's estate and its
 * whole bound at full size, for 304s that a one-shot `run` (a process per run) never gets to use.
 */
export const DEFAULT_ETAG_CACHE_LIMITS: EtagCacheLimits = { maxEntries: 50_000, maxBytes: 32 * 1024 * 1024 };

interface Entry {
  readonly etag: string;
  readonly body: string;
}

export class EtagCache {
  readonly #entries: LRUCache<string, Entry>;

  constructor(readonly limits: EtagCacheLimits = DEFAULT_ETAG_CACHE_LIMITS) {
    this.#entries = new LRUCache<string, Entry>({
      max: limits.maxEntries,
      maxSize: limits.maxBytes,
      sizeCalculation: (entry, key) => Buffer.byteLength(key) + Buffer.byteLength(entry.etag) + Buffer.byteLength(entry.body),
    });
  }

  /**
   * The partition for one server and one set of credentials. `credentials` is hashed with the server into
   * the partition's key prefix, so no secret is kept as a key.
   */
  partition(server: string, credentials: string): EtagPartition {
    const prefix = createHash('sha256').update(`${server}\n${credentials}`).digest('hex') + '\n';
    return {
      get: (url) => {
        const entry = this.#entries.get(prefix + url);
        return entry === undefined ? undefined : { etag: entry.etag, response: JSON.parse(entry.body) as unknown };
      },
      set: (url, etag, response) => {
        const body = JSON.stringify(response);
        // Nothing to keep (no body at all): drop any older copy, so it is never served for this URL.
        if (body === undefined) this.#entries.delete(prefix + url);
        else this.#entries.set(prefix + url, { etag, body });
      },
    };
  }

  /** Responses held now, over all partitions. */
  get entries(): number {
    return this.#entries.size;
  }

  /** Bytes held now, over all partitions (as counted against `maxBytes`). */
  get bytes(): number {
    return this.#entries.calculatedSize;
  }
}

let shared: EtagCache | undefined;

/**
 * The process-wide cache every GitHub client uses unless it is given another (tests give their own). Made on
 * first use: lru-cache allocates its slots up front, and commands that never call GitHub should not pay for it.
 */
export function processEtagCache(): EtagCache {
  return (shared ??= new EtagCache());
}
