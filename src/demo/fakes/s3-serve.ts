import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EstateAwsAccount } from '../estate/schema.js';
import { sigV4AccessKeyId, sigV4Region } from './aws-query.js';
import { sendReply } from './http.js';
import type { FakeService, FaultInjector, FaultRule } from './faults.js';
import { throttlingCode, type AwsRateLimiter } from './rate-limits.js';
import { publicAccessBlockXml, routeS3, S3Fake } from './s3.js';
import { s3Error, s3Raw, s3Xml, type S3Reply } from './s3-xml.js';

/**
 * The HTTP side of the S3 and S3 Control fakes: caller identity from SigV4, request records, latency,
 * injected faults (answered as S3 answers them: 403 AccessDenied, 503 SlowDown, …) and the reply.
 */

export interface S3ServeDeps {
  /** Every estate account: bucket names are global, so a bucket may belong to another account. */
  readonly accounts: readonly EstateAwsAccount[];
  /** Resolves a SigV4 access key (estate key or STS session) to its account. */
  readonly accountByAccessKey: (accessKeyId: string) => EstateAwsAccount | undefined;
  readonly faults: FaultInjector;
  readonly record: (service: FakeService, action: string, accountId: string | null) => void;
  /** A cancellable delay owned by the server, so held requests never outlive close(). */
  readonly wait: (ms: number) => Promise<void>;
  readonly now: () => Date;
  readonly latencyMs?: number;
  readonly pageSize?: number;
  readonly rateLimits?: AwsRateLimiter;
  readonly listBucketsWithoutRegion?: boolean;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

const S3CONTROL_NAMESPACE = 'http://awss3control.amazonaws.com/doc/2018-08-20/';
const MALFORMED_BODY = '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Result><<not xml';

const send = (res: ServerResponse, reply: S3Reply) => sendReply(res, reply);


function accessDenied(): S3Reply {
  return s3Error({ status: 403, code: 'AccessDenied', message: 'Access Denied' });
}

/** Shared request pipeline; `route` names the operation (for faults and records) or answers an error itself. */
function serve(
  service: FakeService,
  deps: S3ServeDeps,
  route: (req: IncomingMessage) => { operation: string; resource?: string } | S3Reply,
  answer: (req: IncomingMessage, operation: string, caller: EstateAwsAccount) => S3Reply,
): Handler {
  return async (req, res) => {
    const accessKeyId = sigV4AccessKeyId(req.headers.authorization);
    const caller = accessKeyId !== undefined ? deps.accountByAccessKey(accessKeyId) : undefined;
    const routed = route(req);
    deps.record(service, 'operation' in routed ? routed.operation : 'Unknown', caller?.id ?? null);
    if (deps.latencyMs !== undefined && deps.latencyMs > 0) await deps.wait(deps.latencyMs);
    // Anonymous requests are allowed by S3 but see nothing of an account; the collector always signs.
    if (accessKeyId === undefined) return send(res, accessDenied());
    if (caller === undefined) {
      return send(res, s3Error({ status: 403, code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist in our records.' }));
    }
    if (!('operation' in routed)) return send(res, routed);
    if (deps.rateLimits !== undefined && !deps.rateLimits.admit(service, routed.operation, caller.id)) return send(res, s3Error(throttlingCode(service)));
    const fault = deps.faults.take(service, routed.operation, routed.resource);
    if (fault !== undefined) return applyFault(fault, res, deps);
    send(res, answer(req, routed.operation, caller));
  };
}

async function applyFault(fault: FaultRule, res: ServerResponse, deps: S3ServeDeps): Promise<void> {
  switch (fault.kind) {
    case 'AccessDenied':
      return send(res, accessDenied());
    case 'Throttling':
      // S3's throttling answer is 503 SlowDown, not the Query services' 400 Throttling.
      return send(res, s3Error({ status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' }));
    case 'ServiceUnavailable':
      return send(res, s3Error({ status: 503, code: 'ServiceUnavailable', message: 'Service is unable to handle request.' }));
    case 'Malformed':
      return send(res, s3Raw(MALFORMED_BODY, 'application/xml'));
    case 'Timeout':
      // Hold the request unanswered; the client's timeout fires first. Dropped at delayMs or on close().
      if (fault.delayMs !== undefined) {
        await deps.wait(fault.delayMs);
        res.socket?.destroy();
      }
      return;
  }
}

/** The S3 listener (path-style REST). */
export function s3Handler(deps: S3ServeDeps): Handler {
  const s3 = new S3Fake({ now: deps.now, ...(deps.pageSize !== undefined ? { pageSize: deps.pageSize } : {}), ...(deps.listBucketsWithoutRegion === true ? { listBucketsWithoutRegion: true } : {}) });
  return serve(
    's3',
    deps,
    (req) => {
      const route = routeS3(req.method, req.url);
      if (route === undefined) return s3Error({ status: 501, code: 'NotImplemented', message: 'A header you provided implies functionality that is not implemented' });
      return { operation: route.operation, ...(route.bucket !== null ? { resource: route.bucket } : {}) };
    },
    (req, operation, caller) => {
      const route = routeS3(req.method, req.url)!;
      const params = new URL(req.url ?? '/', 'http://fake').searchParams;
      return s3.handle({ operation, bucket: route.bucket }, caller, sigV4Region(req.headers.authorization), deps.accounts, params);
    },
  );
}

/** The S3 Control listener: only the account-level GetPublicAccessBlock. */
export function s3ControlHandler(deps: S3ServeDeps): Handler {
  return serve(
    's3control',
    deps,
    (req) => {
      const path = new URL(req.url ?? '/', 'http://fake').pathname;
      if (req.method === 'GET' && path === '/v20180820/configuration/publicAccessBlock') return { operation: 'GetPublicAccessBlock' };
      return s3Error({ status: 501, code: 'NotImplemented', message: 'This operation is not implemented by the fake' });
    },
    (req, _operation, caller) => {
      const accountId = req.headers['x-amz-account-id'];
      if (typeof accountId !== 'string' || !/^\d{12}$/.test(accountId)) {
        return s3Error({ status: 400, code: 'InvalidRequest', message: 'Missing or invalid x-amz-account-id header' });
      }
      // Another account's setting: the caller's identity policy cannot grant it.
      if (accountId !== caller.id) return accessDenied();
      const pab = caller.s3?.public_access_block;
      if (pab === undefined) {
        return s3Error({ status: 404, code: 'NoSuchPublicAccessBlockConfiguration', message: 'The public access block configuration was not found', extra: { AccountId: accountId } });
      }
      return s3Xml('PublicAccessBlockConfiguration', publicAccessBlockXml(pab), S3CONTROL_NAMESPACE);
    },
  );
}
