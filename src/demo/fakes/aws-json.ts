import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EstateAwsAccount } from '../estate/schema.js';
import { readBody } from './http.js';
import { sendAwsReply, sigV4AccessKeyId, sigV4Region, type FakeReply } from './aws-query.js';
import type { FakeService, FaultInjector, FaultRule } from './faults.js';
import { throttlingCode, type AwsRateLimiter } from './rate-limits.js';

/**
 * AWS JSON 1.1 plumbing for the JSON-protocol fakes (AWS Config): every request is `POST /` with
 * `X-Amz-Target: <TargetPrefix>.<Operation>` and a JSON body; answers are JSON, and errors are
 * `{"__type": "<Code>", "message": "…"}` with the HTTP status AWS uses (400 for client errors,
 * throttling included), which is what the SDK's AwsJson1_1Protocol deserializer reads.
 */

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** What a JSON service's operation answers: a success body, or a JsonError thrown from the handler. */
export class JsonError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'JsonError';
  }
}

export function jsonSuccess(body: JsonObject): FakeReply {
  return { status: 200, contentType: JSON_CONTENT_TYPE, body: JSON.stringify(body), requestId: randomUUID() };
}

export function jsonError(status: number, code: string, message: string): FakeReply {
  return { status, contentType: JSON_CONTENT_TYPE, body: JSON.stringify({ __type: code, message }), requestId: randomUUID() };
}

/** AWS JSON timestamps are epoch seconds. */
export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}


/** One JSON operation: the caller's account and region (from SigV4) and the parsed request body. */
export type JsonHandler = (operation: string, account: EstateAwsAccount, region: string, input: JsonObject) => FakeReply;

export interface JsonServiceDeps {
  readonly service: FakeService;
  /** e.g. `StarlingDoveService` for AWS Config. */
  readonly targetPrefix: string;
  readonly handler: JsonHandler;
  readonly accountByAccessKey: (accessKeyId: string) => EstateAwsAccount | undefined;
  readonly faults: FaultInjector;
  readonly record: (entry: { service: FakeService; action: string; accountId: string | null }) => void;
  readonly wait: (ms: number) => Promise<void>;
  readonly latencyMs?: number;
  readonly rateLimits?: AwsRateLimiter;
}

// A 200 whose body is cut off mid-document: what a truncated or corrupted answer looks like.
const MALFORMED_BODY = '{"ConfigurationRecorders": [{"name": "default", "recordingGroup": {';


function parseInput(body: string): JsonObject | undefined {
  if (body.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}

async function applyFault(fault: FaultRule, account: EstateAwsAccount, deps: JsonServiceDeps, res: ServerResponse): Promise<void> {
  switch (fault.kind) {
    case 'AccessDenied':
      return sendAwsReply(
        res,
        jsonError(
          400,
          'AccessDeniedException',
          `User: arn:aws:iam::${account.id}:user/controlwatch is not authorized to perform: ${fault.service}:${fault.operation} on resource: * because no identity-based policy allows the ${fault.service}:${fault.operation} action`,
        ),
      );
    case 'Throttling':
      return sendAwsReply(res, jsonError(400, 'ThrottlingException', 'Rate exceeded'));
    case 'ServiceUnavailable':
      return sendAwsReply(res, jsonError(503, 'ServiceUnavailableException', 'Service is unable to handle request.'));
    case 'Malformed':
      return sendAwsReply(res, { status: 200, contentType: JSON_CONTENT_TYPE, body: MALFORMED_BODY, requestId: 'malformed' });
    case 'Timeout':
      // Hold the request unanswered; the client's timeout fires first. Dropped at delayMs or on close().
      if (fault.delayMs !== undefined) {
        await deps.wait(fault.delayMs);
        res.socket?.destroy();
      }
      return;
  }
}

/** Serves one JSON 1.1 request: protocol checks, caller identity, faults, latency, then the operation. */
export async function serveJson(deps: JsonServiceDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  const target = req.headers['x-amz-target'];
  const operation = typeof target === 'string' && target.startsWith(`${deps.targetPrefix}.`) ? target.slice(deps.targetPrefix.length + 1) : '';
  const accessKeyId = sigV4AccessKeyId(req.headers.authorization);
  const account = accessKeyId !== undefined ? deps.accountByAccessKey(accessKeyId) : undefined;
  deps.record({ service: deps.service, action: operation, accountId: account?.id ?? null });
  if (deps.latencyMs !== undefined && deps.latencyMs > 0) await deps.wait(deps.latencyMs);

  if (req.method !== 'POST' || operation === '') {
    return sendAwsReply(res, jsonError(400, 'UnknownOperationException', `missing or foreign X-Amz-Target (expected ${deps.targetPrefix}.<Operation>)`));
  }
  if (accessKeyId === undefined) return sendAwsReply(res, jsonError(400, 'MissingAuthenticationTokenException', 'Missing Authentication Token'));
  if (account === undefined) return sendAwsReply(res, jsonError(400, 'UnrecognizedClientException', 'The security token included in the request is invalid.'));
  const region = sigV4Region(req.headers.authorization);
  if (region === undefined) return sendAwsReply(res, jsonError(400, 'IncompleteSignatureException', 'Credential scope has no region'));

  if (deps.rateLimits !== undefined && !deps.rateLimits.admit(deps.service, operation, account.id, region)) {
    const t = throttlingCode(deps.service);
    return sendAwsReply(res, jsonError(t.status, t.code, t.message));
  }
  const fault = deps.faults.take(deps.service, operation, undefined, region);
  if (fault !== undefined) return applyFault(fault, account, deps, res);

  const input = parseInput(body);
  if (input === undefined) return sendAwsReply(res, jsonError(400, 'SerializationException', 'Request body is not a JSON object'));
  try {
    sendAwsReply(res, deps.handler(operation, account, region, input));
  } catch (error) {
    if (error instanceof JsonError) return sendAwsReply(res, jsonError(error.status, error.code, error.message));
    // A bug in the fake: answer like an AWS internal failure rather than hanging the client.
    sendAwsReply(res, jsonError(500, 'InternalFailure', `fake failure: ${error instanceof Error ? error.message : String(error)}`));
  }
}
