import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { CallStats } from '../../src/sdk/call-stats.js';
import { createGithubClient } from '../../src/sdk/github.js';

/**
 * Issue 14, defect 4: a slow-drip endpoint (one byte at a time, never finishing) and an oversize answer,
 * served on 127.0.0.1 to the real Octokit client: each call ends in an error naming the reason, never a hang
 * and never hundreds of megabytes in memory.
 */
type Handler = Parameters<typeof createServer>[1];

describe('hostile GitHub endpoints', () => {
  let server: Server | undefined;
  const timers: NodeJS.Timeout[] = [];
  afterEach(async () => {
    timers.splice(0).forEach(clearInterval);
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    server = undefined;
  });

  async function serve(handler: Handler): Promise<string> {
    server = createServer(handler);
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const client = (baseUrl: string, maxResponseBytes?: number) =>
    createGithubClient({
      baseUrl,
      auth: { token: 'ghp_reliabilitytesttoken000000000000000' },
      stats: new CallStats(),
      log: silentLogger,
      requestTimeoutMs: 300,
      maxThrottleRetries: 0,
      timeScaleMs: 1,
      ...(maxResponseBytes !== undefined ? { maxResponseBytes } : {}),
    });

  it('a body that drips one byte at a time and never ends is cut off by the total deadline', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{');
      // Every write resets an idle-socket timer; only a deadline on the whole request ends this.
      timers.push(setInterval(() => res.write(' '), 20));
    });
    await expect(client(url).request('GET /orgs/{org}', { org: 'acme' })).rejects.toThrow(/abort|timeout/i);
  });

  it('an answer with a declared Content-Length past the cap is refused before its body is read', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(50 * 1024 * 1024) });
      res.write('[');
    });
    await expect(client(url, 64 * 1024).request('GET /orgs/{org}/repos', { org: 'acme' })).rejects.toThrow(/exceeds the 65536-byte size cap/);
  });

  it('a chunked answer that grows past the cap (no Content-Length) is cut off while streaming', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const item = JSON.stringify({ name: 'x'.repeat(1000) });
      res.write('[' + item);
      for (let i = 0; i < 200; i++) res.write(',' + item);
      res.end(']');
    });
    await expect(client(url, 64 * 1024).request('GET /orgs/{org}/repos', { org: 'acme' })).rejects.toThrow(/exceeds the 65536-byte size cap/);
  });

  it('an answer under the cap is read whole (the cap is not a truncation)', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify([{ name: 'a' }, { name: 'b' }]));
    });
    const out = await client(url, 64 * 1024).request('GET /orgs/{org}/repos', { org: 'acme' });
    expect(out.data).toEqual([{ name: 'a' }, { name: 'b' }]);
  });
});
