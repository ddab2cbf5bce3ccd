import { createPublicKey, randomBytes, verify } from 'node:crypto';
import type { EstateGithub, EstateGithubToken } from '../../estate/github-schema.js';

/**
 * GitHub App installation auth for the fake: POST /app/installations/{installation_id}/access_tokens with
 * `Authorization: Bearer <App JWT>`. The JWT is verified as GitHub does: RS256 over the App's public key,
 * `iss` = the App id, `iat`/`exp` sane (GitHub allows at most 10 minutes of validity). JWT times are
 * checked against the real clock: the client signs with it, not with the estate's simulated `now`.
 */

export const ACCESS_TOKENS_ROUTE = 'POST /app/installations/{installation_id}/access_tokens';
const PATH = /^\/app\/installations\/(\d+)\/access_tokens$/;
const DOCS = 'https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app';
/** Allowed clock drift between the client and the server, in seconds. */
const SKEW = 60;
const TOKEN_LIFETIME_MS = 3_600_000;

/** Read-only permissions matching what the collector needs (GITHUB_PERMISSIONS), in GitHub's names. */
const PERMISSIONS = {
  administration: 'read',
  contents: 'read',
  metadata: 'read',
  pull_requests: 'read',
  repository_hooks: 'read',
  secret_scanning_alerts: 'read',
  security_events: 'read',
  vulnerability_alerts: 'read',
  members: 'read',
  organization_administration: 'read',
  organization_hooks: 'read',
} as const;

export interface ExchangeReply {
  readonly status: number;
  readonly body: unknown;
  /** `app:<id>` once the JWT is verified, for the request log. */
  readonly caller: string | null;
}

export function isAccessTokensPath(method: string, path: string): boolean {
  return method === 'POST' && PATH.test(path);
}

const error = (status: number, message: string, caller: string | null = null): ExchangeReply => ({ status, body: { message, documentation_url: DOCS, status: String(status) }, caller });

function decodeJson(part: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The App the JWT proves, or GitHub's 401 answer. */
function verifyJwt(estate: EstateGithub, jwt: string | undefined, nowSec: number): EstateGithub['apps'][number] | ExchangeReply {
  const parts = (jwt ?? '').split('.');
  const header = parts.length === 3 ? decodeJson(parts[0]!) : null;
  const claims = parts.length === 3 ? decodeJson(parts[1]!) : null;
  if (header === null || claims === null || header['alg'] !== 'RS256') return error(401, 'A JSON web token could not be decoded');
  const app = estate.apps.find((a) => String(a.id) === String(claims['iss']));
  if (app === undefined) return error(401, `'Issuer' claim ('iss') must be an Integer or the Client ID of an existing GitHub App`);
  let signed = false;
  try {
    signed = verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), createPublicKey(app.public_key), Buffer.from(parts[2]!, 'base64url'));
  } catch {
    // A malformed signature is just an invalid one.
  }
  if (!signed) return error(401, 'A JSON web token could not be decoded');
  const { iat, exp } = claims;
  if (typeof iat !== 'number' || typeof exp !== 'number') return error(401, "Missing 'issued at' or 'expiration time' claim ('iat', 'exp')");
  if (iat > nowSec + SKEW) return error(401, "'Issued at' claim ('iat') must be an Integer representing a time in the past.");
  if (exp <= nowSec) return error(401, "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires.");
  if (exp - iat > 600 + SKEW) return error(401, "'Expiration time' claim ('exp') is too far in the future");
  return app;
}

/** Installation tokens issued so far, by value: accepted like the estate's tokens. */
export class InstallationTokens {
  private readonly issued = new Map<string, { token: EstateGithubToken; org: string }>();

  constructor(private readonly estate: EstateGithub) {}

  /** The token, and the one organisation it was installed on (other organisations answer 404). */
  lookup(value: string | undefined): { token: EstateGithubToken; org: string } | undefined {
    return value === undefined ? undefined : this.issued.get(value);
  }

  exchange(path: string, jwt: string | undefined, nowMs: number): ExchangeReply {
    const verified = verifyJwt(this.estate, jwt, Math.floor(nowMs / 1000));
    if ('status' in verified) return verified;
    const caller = `app:${verified.id}`;
    const id = Number(PATH.exec(path)?.[1]);
    const installation = verified.installations.find((i) => i.id === id);
    // GitHub answers 404 for an installation that is not this App's, as for one that does not exist.
    if (installation === undefined) return error(404, 'Not Found', caller);
    const token = `ghs_${randomBytes(18).toString('base64url')}`;
    this.issued.set(token, {
      org: installation.org,
      token: {
        name: `${caller}/installation:${installation.id}`,
        token,
        role: installation.role,
        repositories: installation.repositories,
        deny_repositories: installation.deny_repositories,
      },
    });
    return {
      status: 201,
      caller,
      body: {
        token,
        expires_at: new Date(nowMs + TOKEN_LIFETIME_MS).toISOString().replace('.000Z', 'Z'),
        permissions: PERMISSIONS,
        repository_selection: installation.role === 'repo_limited' ? 'selected' : 'all',
      },
    };
  }
}
