import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { FakeAwsEndpoints } from '../../src/demo/fakes/server.js';

/**
 * Transport faults between the SDK clients and the AWS protocol fakes, for the soak's fault schedules: the
 * fakes answer at the protocol level (AccessDenied, throttling, 5xx, malformed bodies: their FaultInjector);
 * what a broken network or a hostile server does to the bytes of an answer — reset, stall, drip, truncate,
 * oversize, empty — is done here, on the fake's real answer, without touching the fakes.
 *
 * The operation of a request is the one the fake itself recorded for it (FakeAws.requests), so every service
 * the fakes serve (a new collector's included) is named the way CallStats names it, with no second router.
 * Requests go through one at a time for that; the fakes are fast, so the cost is small.
 */
export type TransportFault =
  /** The connection is dropped without an answer. */
  | 'Reset'
  /** Status and headers, then nothing (the client's deadline must end it). */
  | 'Stall'
  /** Status and headers, then one byte every 50 ms, never the end. */
  | 'SlowDrip'
  /** The declared Content-Length, half of the body, then the connection is dropped. */
  | 'Truncated'
  /** A Content-Length of 64 MiB (past any size cap), then a little of the body and silence. */
  | 'Oversize'
  /** The status and headers of the real answer with an empty body. */
  | 'EmptyBody';

export const TRANSPORT_FAULTS: readonly TransportFault[] = ['Reset', 'Stall', 'SlowDrip', 'Truncated', 'Oversize', 'EmptyBody'];

interface Rule {
  readonly operation: string;
  readonly fault: TransportFault;
  remaining: number;
}

export interface FaultProxy {
  /** The fakes' endpoints as seen through the proxy. */
  readonly endpoints: FakeAwsEndpoints;
  /** `operation` as CallStats names it (`iam:ListUsers`); `times` absent → every request. */
  inject(operation: string, fault: TransportFault, times?: number): void;
  clear(): void;
  /** Transport faults applied so far. */
  readonly applied: number;
  close(): Promise<void>;
}

interface Recorded {
  readonly service: string;
  readonly action: string;
}

export async function startFaultProxy(endpoints: FakeAwsEndpoints, requests: readonly Recorded[]): Promise<FaultProxy> {
  let rules: Rule[] = [];
  let applied = 0;
  let queue: Promise<void> = Promise.resolve();
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  /** Forwards one request and returns the fake's whole answer and the operation the fake recorded for it. */
  function forward(target: URL, req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer; operation: string | undefined }> {
    const run = queue.then(
      () =>
        new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer; operation: string | undefined }>((resolve, reject) => {
          const before = requests.length;
          const out = httpRequest(
            { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
            (res) => {
              const chunks: Buffer[] = [];
              res.on('data', (c: Buffer) => chunks.push(c));
              res.on('end', () => {
                const record = requests[before];
                resolve({ status: res.statusCode ?? 500, headers: res.headers, body: Buffer.concat(chunks), operation: record ? `${record.service}:${record.action}` : undefined });
              });
              res.on('error', reject);
            },
          );
          out.on('error', reject);
          out.end(body);
        }),
    );
    queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  function take(operation: string | undefined): TransportFault | undefined {
    const rule = rules.find((r) => r.remaining > 0 && r.operation === operation);
    if (rule === undefined) return undefined;
    rule.remaining -= 1;
    applied += 1;
    return rule.fault;
  }

  /** A repeating write that stops when the client hangs up (its deadline) or the proxy closes. */
  function every(res: ServerResponse, ms: number, tick: () => void): void {
    const timer = setInterval(tick, ms);
    timers.add(timer);
    res.on('close', () => {
      clearInterval(timer);
      timers.delete(timer);
    });
  }

  function answer(res: ServerResponse, fault: TransportFault | undefined, upstream: { status: number; headers: IncomingMessage['headers']; body: Buffer }): void {
    const headers = { ...upstream.headers };
    delete headers['transfer-encoding'];
    delete headers['content-length'];
    switch (fault) {
      case undefined:
        res.writeHead(upstream.status, { ...headers, 'content-length': String(upstream.body.length) });
        res.end(upstream.body);
        return;
      case 'Reset':
        res.socket?.destroy();
        return;
      case 'Stall':
        res.writeHead(upstream.status, { ...headers, 'content-length': String(upstream.body.length) });
        res.flushHeaders();
        return;
      case 'SlowDrip': {
        res.writeHead(upstream.status, headers);
        let i = 0;
        every(res, 50, () => res.write(upstream.body.length > 0 ? upstream.body.subarray(i % upstream.body.length, (i++ % upstream.body.length) + 1) : ' '));
        return;
      }
      case 'Truncated':
        res.writeHead(upstream.status, { ...headers, 'content-length': String(upstream.body.length) });
        res.write(upstream.body.subarray(0, Math.floor(upstream.body.length / 2)));
        setImmediate(() => res.socket?.destroy());
        return;
      case 'Oversize':
        res.writeHead(upstream.status, { ...headers, 'content-length': String(64 * 1024 * 1024) });
        res.write(upstream.body.subarray(0, Math.floor(upstream.body.length / 2)));
        return;
      case 'EmptyBody':
        res.writeHead(upstream.status, { ...headers, 'content-length': '0' });
        res.end();
        return;
    }
  }

  async function proxy(target: string): Promise<string> {
    const url = new URL(target);
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        forward(url, req, Buffer.concat(chunks)).then(
          (upstream) => answer(res, take(upstream.operation), upstream),
          () => res.socket?.destroy(),
        );
      });
    });
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const proxied: Record<string, string> = {};
  for (const [service, target] of Object.entries(endpoints)) proxied[service] = await proxy(target as string);

  return {
    endpoints: proxied as unknown as FakeAwsEndpoints,
    inject(operation, fault, times) {
      rules.push({ operation, fault, remaining: times ?? Number.POSITIVE_INFINITY });
    },
    clear() {
      rules = [];
      timers.forEach(clearInterval);
      timers.clear();
    },
    get applied() {
      return applied;
    },
    async close() {
      timers.forEach(clearInterval);
      sockets.forEach((s) => s.destroy());
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    },
  };
}
