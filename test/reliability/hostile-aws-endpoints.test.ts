import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetAccountSummaryCommand, IAMClient } from '@aws-sdk/client-iam';
import { afterEach, describe, expect, it } from 'vitest';
import { call, CallFailedError } from '../../src/sdk/aws-call.js';
import { AwsClientPool } from '../../src/sdk/aws-clients.js';
import { boundedRequestHandler } from '../../src/sdk/aws-bounded-handler.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../src/sdk/bounded-body.js';
import type { AwsClientConfig } from '../../src/sdk/aws.js';
import { CallStats } from '../../src/sdk/call-stats.js';

/**
 * Issue 14, defect 4, the AWS half: hostile endpoints on 127.0.0.1 answering the real IAM client built by the
 * collectors' client pool (so the wiring is tested, not only the handler): a body that drips forever, a stall
 * after the headers, an enormous body (declared or chunked). Each call ends as an error naming the call and
 * the limit, within the deadline (times the SDK's attempts), never a hang and never the whole body in memory.
 */
type Handler = Parameters<typeof createServer>[1];

const SUMMARY_XML =
  '<GetAccountSummaryResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetAccountSummaryResult><SummaryMap>' +
  '<entry><key>AccountMFAEnabled</key><value>1</value></entry></SummaryMap></GetAccountSummaryResult>' +
  '<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetAccountSummaryResponse>';

describe('hostile AWS endpoints', () => {
  let server: Server | undefined;
  const timers: NodeJS.Timeout[] = [];
  let requests = 0;
  afterEach(async () => {
    timers.splice(0).forEach(clearInterval);
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    server = undefined;
    requests = 0;
  });

  async function serve(handler: Handler): Promise<string> {
    server = createServer((req, res) => {
      requests++;
      req.resume();
      req.on('end', () => handler!(req, res));
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const DEADLINE_MS = 300;
  const MAX_ATTEMPTS = 2;
  const config = (endpoint: string, deadlineMs = DEADLINE_MS): AwsClientConfig => ({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'AKIAHOSTILETEST00000', secretAccessKey: 'hostile-test-secret' },
    retryMode: 'standard',
    maxAttempts: MAX_ATTEMPTS,
    requestHandler: { requestTimeout: deadlineMs, connectionTimeout: deadlineMs, throwOnRequestTimeout: true },
  });

  /** The call as a collector makes it: the pool's client, classified by aws-call.ts. */
  async function summary(endpoint: string, deadlineMs = DEADLINE_MS): Promise<{ error: CallFailedError; ms: number }> {
    const pool = new AwsClientPool({ iam: IAMClient }, () => config(endpoint, deadlineMs), new CallStats(), 'us-east-1');
    const started = Date.now();
    try {
      await call('iam:GetAccountSummary', () => pool.get('iam').send(new GetAccountSummaryCommand({})));
      throw new Error('the call succeeded');
    } catch (error) {
      if (!(error instanceof CallFailedError)) throw error;
      return { error, ms: Date.now() - started };
    } finally {
      pool.destroy();
    }
  }

  it('a body that drips one byte at a time and never ends: timed out, naming the call and the deadline', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.write('<');
      // Every write resets an idle-socket timer; only a deadline on the whole answer ends this.
      timers.push(setInterval(() => res.write(' '), 20));
    });
    const { error, ms } = await summary(url);
    expect(error.reason).toBe('iam:GetAccountSummary timed out: no complete answer within 300 ms (aws.requestTimeoutMs)');
    expect(requests).toBe(MAX_ATTEMPTS); // a timeout is transient: retried like the SDK's own
    expect(ms).toBeLessThan(MAX_ATTEMPTS * DEADLINE_MS + 3_000);
  });

  it('headers, then silence (a stalled body): timed out by the same deadline', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml', 'content-length': '5000' });
      res.write('<GetAccountSummaryResponse');
    });
    const { error, ms } = await summary(url);
    expect(error.reason).toMatch(/^iam:GetAccountSummary timed out: no complete answer within 300 ms/);
    expect(ms).toBeLessThan(MAX_ATTEMPTS * DEADLINE_MS + 3_000);
  });

  it('a declared Content-Length past the cap is refused before the body is read, and not retried', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml', 'content-length': String(300 * 1024 * 1024) });
      res.write('<');
    });
    const { error } = await summary(url);
    expect(error.reason).toBe(`iam:GetAccountSummary answer exceeds the ${DEFAULT_MAX_RESPONSE_BYTES}-byte size cap`);
    expect(requests).toBe(1);
  });

  it('a chunked body that grows past the cap is cut off while streaming (memory stays bounded)', { timeout: 60_000 }, async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      // 300 MB unless the client hangs up: written as the socket drains.
      const pump = () => {
        while (sent < 300 && res.write(chunk)) sent++;
        if (sent >= 300) res.end();
      };
      res.on('drain', pump);
      res.on('close', () => res.off('drain', pump));
      pump();
    });
    const before = process.memoryUsage().rss;
    // A generous deadline: on a loaded machine 32 MB may take longer than 300 ms, and the cap is what is tested.
    const { error } = await summary(url, 30_000);
    expect(error.reason).toBe(`iam:GetAccountSummary answer exceeds the ${DEFAULT_MAX_RESPONSE_BYTES}-byte size cap`);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('an answer under the cap and within the deadline is parsed as usual', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(SUMMARY_XML);
    });
    const pool = new AwsClientPool({ iam: IAMClient }, () => config(url), new CallStats(), 'us-east-1');
    try {
      const out = await pool.get('iam').send(new GetAccountSummaryCommand({}));
      expect(out.SummaryMap).toEqual({ AccountMFAEnabled: 1 });
    } finally {
      pool.destroy();
    }
  });

  it('the cap is configurable on the handler, and the caller may still abort', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(SUMMARY_XML);
    });
    const client = new IAMClient({
      ...config(url),
      requestHandler: boundedRequestHandler({ requestTimeout: 1000 }, { deadlineMs: 1000, maxResponseBytes: 100 }),
    });
    try {
      await expect(call('iam:GetAccountSummary', () => client.send(new GetAccountSummaryCommand({})))).rejects.toThrow('iam:GetAccountSummary answer exceeds the 100-byte size cap');
      const aborted = new AbortController();
      aborted.abort();
      await expect(client.send(new GetAccountSummaryCommand({}), { abortSignal: aborted.signal })).rejects.toThrow(/abort/i);
    } finally {
      client.destroy();
    }
  });
});

describe('an empty answer', () => {
  it('a 200 with no body is a malformed answer naming the call, never an empty output', async () => {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/xml', 'content-length': '0' });
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const pool = new AwsClientPool(
      { iam: IAMClient },
      () => ({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'AKIAHOSTILETEST00000', secretAccessKey: 'x' }, retryMode: 'standard', maxAttempts: 1, requestHandler: { requestTimeout: 2000, connectionTimeout: 2000, throwOnRequestTimeout: true } }),
      new CallStats(),
      'us-east-1',
    );
    try {
      await expect(call('iam:GetAccountSummary', () => pool.get('iam').send(new GetAccountSummaryCommand({})))).rejects.toThrow('iam:GetAccountSummary returned a malformed response (HTTP 200 with an empty body)');
    } finally {
      pool.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
