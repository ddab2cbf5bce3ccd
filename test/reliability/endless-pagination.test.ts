import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IAMClient, paginateListUsers } from '@aws-sdk/client-iam';
import { afterEach, describe, expect, it } from 'vitest';
import { call } from '../../src/sdk/aws-call.js';
import { AwsClientPool } from '../../src/sdk/aws-clients.js';
import { attachPaginationGuard } from '../../src/sdk/aws-pagination-guard.js';
import { CallStats } from '../../src/sdk/call-stats.js';

/**
 * Issue 14, the suite's point 1, "endless pagination bounded": an IAM endpoint on 127.0.0.1 that always answers
 * ListUsers with IsTruncated and a marker. The collectors' clients (AwsClientPool) stop at a repeated marker
 * and at a page cap, with an error naming the call, instead of reading until the scope's deadline.
 */
const page = (marker: string) =>
  `<ListUsersResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListUsersResult><IsTruncated>true</IsTruncated><Marker>${marker}</Marker><Users>` +
  `<member><UserName>u-${marker}</UserName><UserId>AIDA${marker}</UserId><Arn>arn:aws:iam::111111111111:user/u-${marker}</Arn><Path>/</Path><CreateDate>2024-01-01T00:00:00Z</CreateDate></member>` +
  `</Users></ListUsersResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></ListUsersResponse>`;

describe('pagination that never ends', () => {
  let server: Server | undefined;
  let requests = 0;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    server = undefined;
    requests = 0;
  });

  async function serve(marker: (n: number) => string): Promise<string> {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        requests++;
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(page(marker(requests)));
      });
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const options = (endpoint: string) => ({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'AKIAPAGINATIONTEST00', secretAccessKey: 'x' },
    retryMode: 'standard' as const,
    maxAttempts: 1,
    requestHandler: { requestTimeout: 2000, connectionTimeout: 2000, throwOnRequestTimeout: true as const },
  });

  async function listAll(client: IAMClient): Promise<number> {
    let users = 0;
    for await (const p of paginateListUsers({ client }, {})) users += p.Users?.length ?? 0;
    return users;
  }

  it('the same marker handed back again is a loop: the collectors\' client stops at once, naming the call', async () => {
    const url = await serve(() => 'same');
    const pool = new AwsClientPool({ iam: IAMClient }, () => options(url), new CallStats(), 'us-east-1');
    try {
      await expect(call('iam:ListUsers', () => listAll(pool.get('iam')))).rejects.toThrow(
        'iam:ListUsers pagination does not end: the service handed back the page token it was asked with (a loop)',
      );
      expect(requests).toBe(2);
    } finally {
      pool.destroy();
    }
  });

  it('a pooled client resolves each command\'s middleware once, and the guard and the call counts still run on every send', async () => {
    const url = await serve(() => 'same');
    const stats = new CallStats();
    const pool = new AwsClientPool({ iam: IAMClient }, () => options(url), stats, 'us-east-1');
    try {
      const client = pool.get('iam');
      // The SDK's handler cache (smithy Client.send): the stack is resolved for the first ListUsers only.
      expect((client.config as { cacheMiddleware?: boolean }).cacheMiddleware).toBe(true);
      for (let i = 0; i < 2; i += 1) {
        await expect(call('iam:ListUsers', () => listAll(client))).rejects.toThrow('iam:ListUsers pagination does not end');
      }
      expect(requests).toBe(4);
      expect(stats.calls).toBe(4);
    } finally {
      pool.destroy();
    }
  });

  it('a new marker on every page: stopped at the page cap', async () => {
    const url = await serve((n) => `m${n}`);
    const client = new IAMClient(options(url));
    attachPaginationGuard(client, 'iam', 25);
    try {
      await expect(call('iam:ListUsers', () => listAll(client))).rejects.toThrow('iam:ListUsers pagination does not end: more than 25 pages');
      expect(requests).toBe(25);
    } finally {
      client.destroy();
    }
  });

  it('a listing that ends is read whole, and the same listing can be read again', async () => {
    const url = await serve((n) => `m${n}`);
    const client = new IAMClient(options(url));
    attachPaginationGuard(client, 'iam', 25);
    try {
      // The server never ends; a listing of 10 pages is cut by the caller here, as a collector's own limit would.
      let pages = 0;
      for await (const _ of paginateListUsers({ client }, {})) if (++pages === 10) break;
      for await (const _ of paginateListUsers({ client }, {})) if (++pages === 30) break;
      expect(pages).toBe(30);
    } finally {
      client.destroy();
    }
  });
});
