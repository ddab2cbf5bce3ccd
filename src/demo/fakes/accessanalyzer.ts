import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolveDate } from '../estate/dates.js';
import type { EstateAwsAccount } from '../estate/schema.js';
import { sendAwsReply, sigV4AccessKeyId, sigV4Region, type FakeReply } from './aws-query.js';
import type { FakeService, FaultInjector, FaultRule } from './faults.js';
import { readBody } from './http.js';

/**
 * IAM Access Analyzer, the one operation the collector calls: ListAnalyzers. Access Analyzer speaks REST-JSON
 * (API 2019-11-01): `GET /analyzer?type=&maxResults=&nextToken=`, a JSON answer `{analyzers, nextToken}`, errors
 * as `{"message": …}` with the code in the `x-amzn-ErrorType` header (the SDK's restJson1 deserializer reads
 * either). Answered per SigV4 region from the estate account's `access_analyzer:` part. The route table is
 * one entry, so it is matched by hand rather than through a router library.
 */

export const ACCESS_ANALYZER_SERVICE: FakeService = 'accessanalyzer';
const JSON_TYPE = 'application/json';
const TYPES = new Set(['ACCOUNT', 'ORGANIZATION', 'ACCOUNT_UNUSED_ACCESS', 'ORGANIZATION_UNUSED_ACCESS', 'ACCOUNT_INTERNAL_ACCESS', 'ORGANIZATION_INTERNAL_ACCESS']);
/** REST-JSON throttling: HTTP 429 ThrottlingException (the SDK retries it). */
const THROTTLED = { status: 429, code: 'ThrottlingException', message: 'Rate exceeded' } as const;
// A 200 cut off mid-document: what a truncated answer looks like.
const MALFORMED_BODY = '{"analyzers": [{"arn": "arn:aws:access-analyzer:';

export function analyzerArn(accountId: string, region: string, name: string): string {
  return `arn:aws:access-analyzer:${region}:${accountId}:analyzer/${name}`;
}

function reply(status: number, body: unknown, code?: string): FakeReply & { errorType?: string } {
  return { status, contentType: JSON_TYPE, body: JSON.stringify(body), requestId: randomUUID(), ...(code !== undefined ? { errorType: code } : {}) };
}

function error(status: number, code: string, message: string) {
  return reply(status, { message }, code);
}

function send(res: ServerResponse, r: FakeReply & { errorType?: string }): void {
  if (r.errorType !== undefined) res.setHeader('x-amzn-ErrorType', r.errorType);
  sendAwsReply(res, r);
}

export interface AccessAnalyzerDeps {
  readonly accountByAccessKey: (accessKeyId: string) => EstateAwsAccount | undefined;
  readonly faults: FaultInjector;
  readonly record: (entry: { service: FakeService; action: string; accountId: string | null }) => void;
  readonly wait: (ms: number) => Promise<void>;
  readonly now: () => Date;
  readonly latencyMs?: number;
  readonly pageSize?: number;
  /** Per-API × account token buckets shared with the other fakes; false → answer THROTTLED. */
  readonly rateLimits?: { admit(service: FakeService, operation: string, accountId: string, region?: string): boolean };
}

/** ListAnalyzers for one account and region: every analyzer (or those of `type`), a page at a time. */
export function listAnalyzers(account: EstateAwsAccount, region: string, query: URLSearchParams, now: Date, serverPageSize?: number) {
  const type = query.get('type');
  if (type !== null && !TYPES.has(type)) return error(400, 'ValidationException', `Invalid type: ${type}`);
  const maxText = query.get('maxResults');
  const max = maxText === null ? 100 : Number(maxText);
  if (!Number.isInteger(max) || max < 1 || max > 1000) return error(400, 'ValidationException', `Invalid maxResults: ${maxText}`);
  const all = (account.access_analyzer?.regions[region] ?? []).filter((a) => type === null || a.type === type);
  const tokenText = query.get('nextToken');
  const offset = tokenText === null ? 0 : Number(Buffer.from(tokenText, 'base64url').toString('utf8').replace(/^offset:/, ''));
  if (!Number.isInteger(offset) || offset < 0 || offset > all.length) return error(400, 'ValidationException', 'Invalid nextToken');
  const end = offset + Math.min(max, serverPageSize ?? max);
  const analyzers = all.slice(offset, end).map((a) => ({
    arn: analyzerArn(account.id, region, a.name),
    name: a.name,
    type: a.type,
    createdAt: resolveDate(a.created, now).toISOString(),
    status: a.status,
    ...(a.status_reason !== undefined ? { statusReason: { code: a.status_reason } } : {}),
    tags: {},
  }));
  return reply(200, { analyzers, ...(end < all.length ? { nextToken: Buffer.from(`offset:${end}`, 'utf8').toString('base64url') } : {}) });
}

async function applyFault(fault: FaultRule, account: EstateAwsAccount, deps: AccessAnalyzerDeps, res: ServerResponse): Promise<void> {
  switch (fault.kind) {
    case 'AccessDenied':
      return send(
        res,
        error(403, 'AccessDeniedException', `User: arn:aws:iam::${account.id}:user/controlwatch is not authorized to perform: access-analyzer:${fault.operation} on resource: * because no identity-based policy allows the access-analyzer:${fault.operation} action`),
      );
    case 'Throttling':
      return send(res, error(THROTTLED.status, THROTTLED.code, THROTTLED.message));
    case 'ServiceUnavailable':
      return send(res, error(503, 'ServiceUnavailableException', 'Service is unable to handle request.'));
    case 'Malformed':
      return sendAwsReply(res, { status: 200, contentType: JSON_TYPE, body: MALFORMED_BODY, requestId: 'malformed' });
    case 'Timeout':
      // Hold the request unanswered; the client's timeout fires first. Dropped at delayMs or on close().
      if (fault.delayMs !== undefined) {
        await deps.wait(fault.delayMs);
        res.socket?.destroy();
      }
      return;
  }
}

/** Serves one request: route, caller identity (SigV4 key and region), rate limits, faults, then the operation. */
export function accessAnalyzerHandler(deps: AccessAnalyzerDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fake');
    const operation = req.method === 'GET' && url.pathname === '/analyzer' ? 'ListAnalyzers' : '';
    const accessKeyId = sigV4AccessKeyId(req.headers.authorization);
    const account = accessKeyId !== undefined ? deps.accountByAccessKey(accessKeyId) : undefined;
    deps.record({ service: ACCESS_ANALYZER_SERVICE, action: operation, accountId: account?.id ?? null });
    if (deps.latencyMs !== undefined && deps.latencyMs > 0) await deps.wait(deps.latencyMs);

    if (operation === '') return send(res, error(404, 'ResourceNotFoundException', `the fake serves only GET /analyzer (ListAnalyzers), not ${req.method} ${url.pathname}`));
    if (accessKeyId === undefined) return send(res, error(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token'));
    if (account === undefined) return send(res, error(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.'));
    const region = sigV4Region(req.headers.authorization);
    if (region === undefined) return send(res, error(400, 'IncompleteSignatureException', 'Credential scope has no region'));
    if (deps.rateLimits !== undefined && !deps.rateLimits.admit(ACCESS_ANALYZER_SERVICE, operation, account.id, region)) {
      return send(res, error(THROTTLED.status, THROTTLED.code, THROTTLED.message));
    }
    const fault = deps.faults.take(ACCESS_ANALYZER_SERVICE, operation, undefined, region);
    if (fault !== undefined) return applyFault(fault, account, deps, res);
    send(res, listAnalyzers(account, region, url.searchParams, deps.now(), deps.pageSize));
  };
}
