import { AssumeRoleFailedError } from './aws-credentials.js';
import { networkCause } from './network-cause.js';
import { EmptyAnswerError, RequestDeadlineError } from './aws-bounded-handler.js';
import { ResponseTooLargeError } from './bounded-body.js';
import { PaginationNotEndingError } from './aws-pagination-guard.js';

/**
 * One AWS call's failure, turned into a short, stable reason (it becomes an `Unknown` attribute, and
 * observations must hash the same day to day, so no request ids or timestamps) — or, when the
 * credentials themselves were rejected, into an error that fails the whole scope.
 */

/** Errors meaning "these credentials are not valid here": nothing from this scope can be trusted. */
const CREDENTIAL_ERRORS = new Set([
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'UnrecognizedClientException',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidAccessKeyId',
  'AuthFailure',
  'CredentialsProviderError',
  // Raised by src/sdk/aws-credentials.ts when STS refuses the role: nothing in the account is reachable.
  'AssumeRoleFailed',
]);

const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnauthorizedAccess']);
const THROTTLED = new Set(['Throttling', 'ThrottlingException', 'ThrottledException', 'TooManyRequestsException', 'RequestLimitExceeded', 'RequestThrottled', 'SlowDown']);
const TIMED_OUT = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);

interface ErrorShape {
  name?: unknown;
  Code?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: number; requestId?: string };
  $responseBodyText?: unknown;
}

/** The service's error code (`AccessDenied`), else the SDK's error name, else a Node error code. */
export function errorCode(error: unknown): string {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorShape;
  for (const candidate of [e.Code, e.name, e.code]) {
    if (typeof candidate === 'string' && candidate !== '' && candidate !== 'Error') return candidate;
  }
  return 'Error';
}

export function httpStatus(error: unknown): number | undefined {
  return (error as ErrorShape | null)?.$metadata?.httpStatusCode;
}

function isMalformed(error: unknown): boolean {
  const e = error as ErrorShape | null;
  return (
    (typeof e === 'object' && e !== null && '$responseBodyText' in e) ||
    (typeof e?.message === 'string' && e.message.includes('Deserialization error')) ||
    error instanceof SyntaxError
  );
}

/** The scope's credentials were rejected: the collection fails as a whole. */
export class CredentialsRejectedError extends Error {
  constructor(
    readonly operation: string,
    readonly code: string,
    /** What went wrong, safe to show (e.g. "could not assume arn:…:role/x: AccessDenied"); never a key or secret. */
    readonly detail: string = code,
  ) {
    super(`${operation} rejected the credentials: ${detail}`);
    this.name = 'CredentialsRejectedError';
  }
}

/** One call failed; `reason` is what the attributes it would have filled say. */
export class CallFailedError extends Error {
  constructor(
    readonly operation: string,
    readonly reason: string,
    readonly code: string,
    readonly status: number | undefined,
  ) {
    super(reason);
    this.name = 'CallFailedError';
  }
}

/** Classifies an SDK error thrown by `operation` (after the SDK's own retries). Never includes the message text. */
export function classify(operation: string, error: unknown): CredentialsRejectedError | CallFailedError {
  const code = errorCode(error);
  const status = httpStatus(error);
  // The bounded request handler's own limits (aws-bounded-handler.ts): each says which limit, with its value.
  if (error instanceof RequestDeadlineError) return new CallFailedError(operation, `${operation} timed out: ${error.message}`, 'TimeoutError', status);
  if (error instanceof PaginationNotEndingError) return new CallFailedError(operation, error.message.startsWith(operation) ? error.message : `${operation}: ${error.message}`, 'PaginationNotEnding', status);
  if (error instanceof EmptyAnswerError) return new CallFailedError(operation, `${operation} returned a malformed response (HTTP 200 with an empty body)`, 'EmptyAnswer', status);
  if (error instanceof ResponseTooLargeError) return new CallFailedError(operation, `${operation} answer exceeds the ${error.limitBytes}-byte size cap`, 'ResponseTooLarge', status);
  // The network's answer first: a DNS failure or a refused connection reaches us wrapped as a
  // CredentialsProviderError (the chain could not reach STS) or a failed AssumeRole, which would
  // otherwise read as "AWS rejected the credentials". Nothing was rejected: AWS was never reached.
  const net = networkCause(error);
  if (net !== null && !(net.kind === 'timeout' && TIMED_OUT.has(code))) {
    const reason = error instanceof AssumeRoleFailedError ? `${operation}: could not reach STS to assume ${error.roleArn}: ${net.text}` : `${operation} could not reach AWS: ${net.text}`;
    return new CallFailedError(operation, reason, net.code, status);
  }
  if (CREDENTIAL_ERRORS.has(code)) {
    return new CredentialsRejectedError(operation, code, error instanceof AssumeRoleFailedError ? error.message : code);
  }
  let reason: string;
  if (DENIED.has(code)) reason = `${operation} denied: ${code}`;
  else if (THROTTLED.has(code) || status === 429) reason = `${operation} throttled after retries: ${code}`;
  else if (TIMED_OUT.has(code) || code === 'ETIMEDOUT') reason = `${operation} timed out`;
  else if (isMalformed(error)) reason = `${operation} returned a malformed response`;
  else if (status !== undefined && status >= 500) reason = `${operation} failed: ${code} (HTTP ${status})`;
  else reason = `${operation} failed: ${code}`;
  return new CallFailedError(operation, reason, code, status);
}

/** Runs one SDK call, rethrowing its failure classified. */
export async function call<T>(operation: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw classify(operation, error);
  }
}

/** A concern's result: its value, or why it is unknown. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/**
 * A concern's result with the operations counted while it ran (CallStats.attribute), failed ones
 * included: an observation's `source` is built from these, so it names the calls actually made.
 */
export type Traced<T> = Outcome<T> & { readonly operations: readonly string[] };

/**
 * Runs one concern (one or more calls), turning a CallFailedError into a failed Outcome. Anything else
 * (rejected credentials, a bug) propagates and fails the scope.
 */
export async function attempt<T>(run: () => Promise<T>, onFailure: (failure: CallFailedError) => void): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (error instanceof CallFailedError) {
      onFailure(error);
      return { ok: false, reason: error.reason };
    }
    throw error;
  }
}
