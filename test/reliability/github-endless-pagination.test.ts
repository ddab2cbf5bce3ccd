import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { CallStats } from '../../src/sdk/call-stats.js';
import { createGithubClient } from '../../src/sdk/github.js';
import { listAll } from '../../collectors/github/call.js';
import { queryBranchRules } from '../../collectors/github/branch-rules-graphql.js';

/**
 * Issue 14, "endless pagination bounded", GitHub half: an endpoint that always links a next page of items (REST)
 * or always says hasNextPage (GraphQL) is served on 127.0.0.1 to the real Octokit client. The listing fails
 * naming the call after the page bound, or at once when GraphQL hands back the cursor it was asked with —
 * never reads until the deadline.
 */
describe('endless GitHub pagination', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    server = undefined;
  });

  async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
    server = createServer(handler);
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const client = (baseUrl: string) =>
    createGithubClient({ baseUrl, auth: { token: 'ghp_reliabilitytesttoken000000000000000' }, stats: new CallStats(), log: silentLogger, requestTimeoutMs: 2000, maxThrottleRetries: 0, timeScaleMs: 1 });

  it('REST: a list that always links a next page stops after the bound with an error naming the route', async () => {
    let pages = 0;
    const base = await serve((req, res) => {
      pages += 1;
      const page = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('page') ?? '1');
      res.writeHead(200, { 'content-type': 'application/json', link: `<http://127.0.0.1/orgs/acme/repos?page=${page + 1}>; rel="next"` });
      res.end(JSON.stringify([{ id: page, name: `repo-${page}` }]));
    });
    await expect(listAll(client(base), 'GET /orgs/{org}/repos', { org: 'acme' }, undefined, 5)).rejects.toThrow(/GET \/orgs\/\{org\}\/repos pagination does not end: more than 5 pages/);
    expect(pages).toBe(5);
  });

  it('GraphQL: a next page behind the same cursor is refused at once; ever-new cursors stop at the bound', async () => {
    let calls = 0;
    let fresh = false;
    const base = await serve((_req, res) => {
      calls += 1;
      const cursor = fresh ? `c${calls}` : 'same';
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: { organization: { repositories: { nodes: [], pageInfo: { hasNextPage: true, endCursor: cursor } } } } }));
    });
    await expect(queryBranchRules(client(base), 'acme', 50)).rejects.toThrow(/ControlwatchBranchRules pagination does not end: the answer hands back the cursor it was asked with \(same\)/);
    expect(calls).toBe(2);
    calls = 0;
    fresh = true;
    await expect(queryBranchRules(client(base), 'acme', 4)).rejects.toThrow(/ControlwatchBranchRules pagination does not end: more than 4 pages/);
    expect(calls).toBe(4);
  });
});
