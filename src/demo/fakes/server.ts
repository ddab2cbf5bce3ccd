import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Estate, EstateAwsAccount } from '../estate/schema.js';
import { queryError, queryParams, sendAwsReply, sigV4AccessKeyId, type FakeReply } from './aws-query.js';
import { readBody } from './http.js';
import { FaultInjector, type FakeService, type FaultRule } from './faults.js';
import { IamFake } from './iam.js';
import { CallerDirectory, type FakeCaller } from './callers.js';
import { SessionRegistry, type FakeSession } from './sessions.js';
import { StsFake, STS_NAMESPACE } from './sts.js';
import { OrganizationsFake, ORGANIZATIONS_TARGET_PREFIX } from './organizations.js';
import { s3ControlHandler, s3Handler, type S3ServeDeps } from './s3-serve.js';
import { serveJson, type JsonHandler } from './aws-json.js';
import { ConfigFake } from './config.js';
import { CloudTrailFake, CLOUDTRAIL_TARGET_PREFIX } from './cloudtrail.js';
import { accessAnalyzerHandler } from './accessanalyzer.js';
import { IAM_NAMESPACE } from './iam-model.js';
import { throttlingCode, type AwsRateLimiter } from './rate-limits.js';

/**
 * Starts the protocol-level AWS fakes on 127.0.0.1 (ephemeral ports), one HTTP listener per service so
 * each service's SDK client gets its own endpoint, as with real AWS. Real SDK clients talk to them over
 * HTTP; the demo command and the tests use the same fakes.
 */

export interface FakeAwsOptions {
  readonly estate: Estate;
  /** The fake's clock, against which the estate's relative dates resolve; default: the real clock. */
  readonly now?: Date | (() => Date);
  /** Server-side cap on list page sizes, to force pagination. */
  readonly pageSize?: number;
  /** Delay before every answer, e.g. to kill a process mid-collection. */
  readonly latencyMs?: number;
  /** Per-API × account token buckets (rate-limits.ts); absent → no throttling unless a fault injects it. */
  readonly rateLimits?: AwsRateLimiter;
  /** ListBuckets without each bucket's BucketRegion, as S3 answered before October 2024 (and some S3-compatible stores still do). */
  readonly listBucketsWithoutRegion?: boolean;
}

export interface FakeAwsEndpoints {
  readonly iam: string;
  readonly sts: string;
  readonly s3: string;
  readonly s3control: string;
  readonly config: string;
  readonly organizations: string;
  readonly cloudtrail: string;
  readonly accessanalyzer: string;
}

export interface FakeAws {
  readonly endpoints: FakeAwsEndpoints;
  readonly faults: FaultInjector;
  /** Requests received, in order (action and the account they were attributed to). */
  readonly requests: readonly FakeRequestRecord[];
  /** Temporary credentials the fake STS has issued (secret key and session token included), in issue order. */
  issuedSessions(): readonly FakeSession[];
  /** The most requests the service's listener held at once (latency included): how much concurrency clients used. */
  peakInFlight(service: keyof FakeAwsEndpoints): number;
  close(): Promise<void>;
}

export interface FakeRequestRecord {
  readonly service: FakeService;
  readonly action: string;
  readonly accountId: string | null;
}

type QueryServiceHandler = (action: string, caller: FakeCaller, params: URLSearchParams) => FakeReply;

interface Listener {
  readonly server: Server;
  readonly url: string;
  /** The most requests this listener held at once, from arrival to the end of their answer. */
  readonly peakInFlight: () => number;
}

const MALFORMED_BODY = '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Result><<not xml';


export async function startFakeAws(options: FakeAwsOptions): Promise<FakeAws> {
  const clock = options.now;
  const now = clock === undefined ? () => new Date() : typeof clock === 'function' ? clock : () => clock;
  const accounts = options.estate.aws?.accounts ?? [];
  const sessions = new SessionRegistry();
  const callers = new CallerDirectory(accounts, sessions);
  const faults = new FaultInjector();
  const requests: FakeRequestRecord[] = [];
  const timers = new Set<NodeJS.Timeout>();

  /** A timer that close() can cancel, so held requests never keep the process alive. */
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const iam = new IamFake({ now, ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {}) });
  const config = new ConfigFake({ now, ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {}) });

  /** Everything a Query-protocol service shares: parameters, caller identity, faults, latency. */
  async function serveQuery(service: FakeService, namespace: string, handler: QueryServiceHandler, req: IncomingMessage, res: ServerResponse) {
    const params = queryParams(req.url, await readBody(req));
    const action = params.get('Action') ?? '';
    const accessKeyId = sigV4AccessKeyId(req.headers.authorization);
    const caller = accessKeyId !== undefined ? callers.caller(accessKeyId) : undefined;
    const account = caller?.account;
    requests.push({ service, action, accountId: account?.id ?? null });
    if (options.latencyMs !== undefined && options.latencyMs > 0) await wait(options.latencyMs);

    if (accessKeyId === undefined) {
      return sendAwsReply(res, queryError(namespace, { status: 403, code: 'MissingAuthenticationToken', message: 'Request is missing Authentication Token' }));
    }
    if (caller === undefined || account === undefined) {
      return sendAwsReply(res, queryError(namespace, { status: 403, code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' }));
    }
    if (options.rateLimits !== undefined && !options.rateLimits.admit(service, action, account.id)) {
      return sendAwsReply(res, queryError(namespace, throttlingCode(service)));
    }
    const fault = faults.take(service, action);
    if (fault !== undefined) return applyFault(fault, namespace, account, res);
    sendAwsReply(res, handler(action, caller, params));
  }

  async function applyFault(fault: FaultRule, namespace: string, account: EstateAwsAccount, res: ServerResponse) {
    switch (fault.kind) {
      case 'AccessDenied':
        return sendAwsReply(
          res,
          queryError(namespace, {
            status: 403,
            code: 'AccessDenied',
            message: `User: arn:aws:iam::${account.id}:user/controlwatch is not authorized to perform: ${fault.service}:${fault.operation} on resource: * because no identity-based policy allows the ${fault.service}:${fault.operation} action`,
          }),
        );
      case 'Throttling':
        return sendAwsReply(res, queryError(namespace, { status: 400, code: 'Throttling', message: 'Rate exceeded' }));
      case 'ServiceUnavailable':
        return sendAwsReply(res, queryError(namespace, { status: 503, code: 'ServiceUnavailable', message: 'Service is unable to handle request.' }));
      case 'Malformed':
        return sendAwsReply(res, { status: 200, contentType: 'text/xml', body: MALFORMED_BODY, requestId: 'malformed' });
      case 'Timeout':
        // Hold the request unanswered; the client's timeout fires first. Dropped at delayMs or on close().
        if (fault.delayMs !== undefined) {
          await wait(fault.delayMs);
          res.socket?.destroy();
        }
        return;
    }
  }

  async function listen(handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Promise<Listener> {
    let inFlight = 0;
    let peak = 0;
    const server = createServer((req, res) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      res.once('close', () => (inFlight -= 1));
      handle(req, res).catch((error: unknown) => {
        // A bug in the fake: answer like an AWS internal failure rather than hanging the client.
        if (!res.headersSent) {
          sendAwsReply(res, queryError(IAM_NAMESPACE, { status: 500, code: 'InternalFailure', message: `fake failure: ${error instanceof Error ? error.message : String(error)}` }));
        }
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return { server, url: `http://127.0.0.1:${port}`, peakInFlight: () => peak };
  }

  const iamListener = await listen((req, res) => serveQuery('iam', IAM_NAMESPACE, (a, caller, p) => iam.handle(a, caller.account, p), req, res));
  const sts = new StsFake(callers.accounts, sessions, now);
  const stsListener = await listen((req, res) => serveQuery('sts', STS_NAMESPACE, (a, caller, p) => sts.handle(a, caller, p), req, res));
  // AWS Config speaks AWS JSON 1.1 (X-Amz-Target: StarlingDoveService.<Operation>), not the Query protocol.
  /** A JSON 1.1 service sharing the callers, faults, request log and latency of every fake. */
  const jsonService = (service: FakeService, targetPrefix: string, handler: JsonHandler) =>
    listen((req, res) =>
      serveJson(
        {
          service,
          targetPrefix,
          handler,
          accountByAccessKey: (key) => callers.account(key),
          faults,
          record: (entry) => requests.push(entry),
          wait,
          ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}),
          ...(options.rateLimits !== undefined ? { rateLimits: options.rateLimits } : {}),
        },
        req,
        res,
      ),
    );
  const configListener = await jsonService('config', 'StarlingDoveService', (op, acct, region, input) => config.handle(op, acct, region, input));
  // S3 and S3 Control speak REST-XML; both share the estate, faults and request log.
  const s3Deps: S3ServeDeps = {
    accounts,
    accountByAccessKey: (key) => callers.account(key),
    faults,
    record: (service, action, accountId) => requests.push({ service, action, accountId }),
    wait,
    now,
    ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}),
    ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {}),
    ...(options.rateLimits !== undefined ? { rateLimits: options.rateLimits } : {}),
    ...(options.listBucketsWithoutRegion === true ? { listBucketsWithoutRegion: true } : {}),
  };
  const s3Listener = await listen(s3Handler(s3Deps));
  const s3controlListener = await listen(s3ControlHandler(s3Deps));
  // AWS Organizations speaks AWS JSON 1.1 too, and answers only the management account.
  const organizations = new OrganizationsFake(options.estate.aws?.organization, now, options.pageSize);
  const organizationsListener = await jsonService('organizations', ORGANIZATIONS_TARGET_PREFIX, (op, acct, _region, input) => organizations.handle(op, acct, input));
  // AWS CloudTrail speaks AWS JSON 1.1 (X-Amz-Target: CloudTrail_20131101.<Operation>), answered per SigV4 region.
  const cloudtrail = new CloudTrailFake(now);
  const cloudtrailListener = await jsonService('cloudtrail', CLOUDTRAIL_TARGET_PREFIX, (op, acct, region, input) => cloudtrail.handle(op, acct, region, input));
  // IAM Access Analyzer speaks REST-JSON (GET /analyzer), answered per SigV4 region.
  const accessanalyzerListener = await listen(
    accessAnalyzerHandler({
      accountByAccessKey: (key) => callers.account(key),
      faults,
      record: (entry) => requests.push(entry),
      wait,
      now,
      ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}),
      ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {}),
      ...(options.rateLimits !== undefined ? { rateLimits: options.rateLimits } : {}),
    }),
  );
  const byService: Record<keyof FakeAwsEndpoints, Listener> = {
    iam: iamListener,
    sts: stsListener,
    config: configListener,
    s3: s3Listener,
    s3control: s3controlListener,
    organizations: organizationsListener,
    cloudtrail: cloudtrailListener,
    accessanalyzer: accessanalyzerListener,
  };
  const listeners = Object.values(byService);

  return {
    endpoints: {
      iam: iamListener.url,
      sts: stsListener.url,
      config: configListener.url,
      s3: s3Listener.url,
      s3control: s3controlListener.url,
      organizations: organizationsListener.url,
      cloudtrail: cloudtrailListener.url,
      accessanalyzer: accessanalyzerListener.url,
    },
    faults,
    requests,
    issuedSessions: () => sessions.all(),
    peakInFlight: (service) => byService[service].peakInFlight(),
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all(
        listeners.map(
          ({ server }) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      );
    },
  };
}
