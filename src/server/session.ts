import { createHmac } from 'node:crypto';

/**
 * The dashboard's browser session: a person cannot add an `Authorization` header to a page they open,
 * so the login form (login.ts) posts the token once and gets this cookie instead. The cookie holds only
 * its expiry time, signed by @fastify/cookie with a key derived from the token (HMAC): it never carries
 * the token, it needs no server-side state (a restarted daemon keeps its sessions), and changing the
 * token ends every session at once.
 */
export const SESSION_COOKIE = 'controlwatch_session';

/** How long a login lasts. The dashboard refreshes itself every minute; a working day is enough. */
export const SESSION_SECONDS = 12 * 3600;

/** The cookie-signing key: never the token itself, so a leaked signing key does not give the bearer token. */
export function sessionSecret(token: string): Buffer {
  return createHmac('sha256', token).update('controlwatch dashboard session v1').digest();
}

/** The value a new session's cookie carries (before signing): when it ends, in ms since the epoch. */
export function sessionValue(now: Date): string {
  return String(now.getTime() + SESSION_SECONDS * 1000);
}

/** Whether an unsigned, verified cookie value is a session still running at `now`. */
export function sessionLive(value: string, now: Date): boolean {
  if (!/^\d{1,15}$/.test(value)) return false;
  const endsAt = Number(value);
  return endsAt > now.getTime() && endsAt <= now.getTime() + SESSION_SECONDS * 1000;
}
