/**
 * The network-level cause of a failed call, whatever wraps it. The AWS SDK surfaces a DNS failure inside
 * a CredentialsProviderError (the credential chain could not reach STS) and Octokit turns any fetch
 * failure into "HTTP 500"; both keep the original Node error on `cause` (or in an AggregateError's
 * `errors`, from Happy Eyeballs). Reading that chain names the true cause — DNS, refused, reset,
 * timeout, TLS — instead of blaming credentials or the server. Only codes and the host name are kept:
 * no message text (it may quote a URL with a query), never a secret.
 */
export type NetworkCauseKind = 'dns' | 'refused' | 'reset' | 'timeout' | 'tls' | 'unreachable';

export interface NetworkCause {
  readonly kind: NetworkCauseKind;
  readonly code: string;
  readonly host: string | undefined;
  /** e.g. "DNS lookup failed for sts.amazonaws.com (ENOTFOUND)" */
  readonly text: string;
}

const KIND_BY_CODE: Readonly<Record<string, NetworkCauseKind>> = {
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_FAIL: 'dns',
  EAI_NONAME: 'dns',
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  UND_ERR_SOCKET: 'reset',
  ETIMEDOUT: 'timeout',
  ESOCKETTIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  TimeoutError: 'timeout',
  RequestTimeout: 'timeout',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  EPROTO: 'tls',
  CERT_HAS_EXPIRED: 'tls',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'tls',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'tls',
  SELF_SIGNED_CERT_IN_CHAIN: 'tls',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'tls',
  ERR_TLS_CERT_ALTNAME_INVALID: 'tls',
  ERR_SSL_WRONG_VERSION_NUMBER: 'tls',
};

const WORDS: Readonly<Record<NetworkCauseKind, string>> = {
  dns: 'DNS lookup failed',
  refused: 'connection refused',
  reset: 'connection reset',
  timeout: 'timed out',
  tls: 'TLS handshake failed',
  unreachable: 'network unreachable',
};

interface Shape {
  code?: unknown;
  name?: unknown;
  hostname?: unknown;
  host?: unknown;
  address?: unknown;
  cause?: unknown;
  errors?: unknown;
}

export function networkCause(error: unknown): NetworkCause | null {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  let host: string | undefined;
  while (queue.length > 0) {
    const e = queue.shift();
    if (typeof e !== 'object' || e === null || seen.has(e)) continue;
    seen.add(e);
    const s = e as Shape;
    for (const h of [s.hostname, s.host]) if (host === undefined && typeof h === 'string' && h !== '') host = h;
    for (const c of [s.code, s.name]) {
      const kind = typeof c === 'string' ? (KIND_BY_CODE[c] ?? (c.startsWith('ERR_TLS_') || c.startsWith('ERR_SSL_') ? 'tls' : undefined)) : undefined;
      if (kind && typeof c === 'string') {
        const where = kind === 'dns' ? (host ? ` for ${host}` : '') : host ? ` (${host})` : '';
        return { kind, code: c, host, text: kind === 'dns' ? `${WORDS[kind]}${where} (${c})` : `${WORDS[kind]}${where}${c === 'TimeoutError' ? '' : ` (${c})`}` };
      }
    }
    if (s.cause !== undefined) queue.push(s.cause);
    if (Array.isArray(s.errors)) queue.push(...s.errors);
  }
  return null;
}
