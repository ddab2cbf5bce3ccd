import { createHash, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../config/errors.js';
import type { ServerConfig } from '../config/server-schema.js';
import { isLoopback, type ListenAddress } from './listen-address.js';

/** What the server requires of a request to the API, the dashboard and /metrics. */
export type AuthPolicy = { readonly kind: 'token'; readonly token: string } | { readonly kind: 'open'; readonly why: string };

/** Raised before listening: the configuration would expose evidence without authentication (a config error: exit 2). */
export class UnsafeServerConfigError extends ConfigError {}

/**
 * A token, when configured, is always required. Without one the server is open only on loopback,
 * or where `server.allowUnauthenticated: true` says so explicitly; anything else refuses to start
 * and names the key to set.
 */
export function authPolicy(server: Pick<ServerConfig, 'token' | 'allowUnauthenticated'>, address: ListenAddress): AuthPolicy {
  if (server.token !== undefined) return { kind: 'token', token: server.token };
  if (isLoopback(address.host)) return { kind: 'open', why: `listening on loopback (${address.host}) without server.token` };
  if (server.allowUnauthenticated) return { kind: 'open', why: 'server.allowUnauthenticated is true' };
  throw new UnsafeServerConfigError(
    `server.token is required when server.listen is not a loopback address (${address.host}): set server.token (e.g. token: \${CONTROLWATCH_SERVER_TOKEN}), ` +
      'listen on 127.0.0.1, or set server.allowUnauthenticated: true if an authenticating proxy stands in front',
  );
}

/** Whether an Authorization header carries the token; constant-time over hashes so length leaks nothing. */
export function authorized(policy: AuthPolicy, header: string | undefined): boolean {
  if (policy.kind === 'open') return true;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m?.[1]) return false;
  return authorizedToken(policy, m[1]);
}

/** Whether `candidate` is the token (the login form's field); constant-time over hashes so length leaks nothing. */
export function authorizedToken(policy: AuthPolicy, candidate: string): boolean {
  if (policy.kind === 'open') return true;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(candidate), digest(policy.token));
}
