import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createGithubClient } from '../../../src/sdk/github.js';
import { CallStats } from '../../../src/sdk/call-stats.js';
import { restBranchRules } from '../../../collectors/github/branch-rules-rest.js';
import { listAll, type Json } from '../../../collectors/github/call.js';
import { mergeBranchRules, normalizeOrg } from '../../../collectors/github/normalize.js';

/**
 * Recorded real api.github.com responses from @octokit/fixtures, replayed over HTTP to the real client and
 * through the collector's normalisers: the fake's shapes are checked by OpenAPI; these check the code
 * against what GitHub actually sent.
 */

const require = createRequire(import.meta.url);
interface Recorded {
  method: string;
  path: string;
  status: number;
  response: unknown;
  headers: Record<string, string>;
}
const scenario = (name: string) => require(`@octokit/fixtures/scenarios/api.github.com/${name}/normalized-fixture.json`) as Recorded[];

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** Serves recorded exchanges by method + path (queries included); Link headers are rewritten to this server. */
async function replay(entries: { method: string; path: string; status: number; body: unknown; headers?: Record<string, string> }[]): Promise<string> {
  let base = '';
  server = createServer((req, res) => {
    const hit = entries.find((e) => e.method.toUpperCase() === req.method && e.path === req.url);
    if (hit === undefined) {
      res.writeHead(404, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ message: `no recording for ${req.method} ${req.url}` }));
    }
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    if (hit.headers?.['link'] !== undefined) headers['link'] = hit.headers['link'].split('https://api.github.com').join(base);
    res.writeHead(hit.status, headers);
    res.end(hit.status === 204 ? undefined : JSON.stringify(hit.body));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  return base;
}

function client(baseUrl: string, stats = new CallStats()) {
  return createGithubClient({ baseUrl, auth: { token: 'ghp_fixture0000000000000000000000000000' }, stats, log: pino({ level: 'silent' }), requestTimeoutMs: 5000, maxThrottleRetries: 0, timeScaleMs: 1 });
}

describe('@octokit/fixtures replays', () => {
  it('branch-protection: the recorded 404 "Branch not protected" and the recorded protection payload', async () => {
    const rec = scenario('branch-protection');
    const notProtected = rec.find((r) => r.method === 'get' && r.status === 404)!;
    const protection = rec.filter((r) => r.method === 'put' && r.status === 200)[1]!;
    const path = '/repos/octokit-fixture-org/branch-protection/branches/main/protection';
    const rules = (status: number, body: unknown) => [
      { method: 'GET', path, status, body },
      { method: 'GET', path: '/repos/octokit-fixture-org/branch-protection/rules/branches/main?per_page=100&page=1', status: 200, body: [] },
    ];

    const unprotected = await restBranchRules(client(await replay(rules(404, notProtected.response))), 'octokit-fixture-org', 'branch-protection', 'main', true);
    expect(mergeBranchRules(unprotected)).toMatchObject({ protected: false, classicProtection: false, forcePushesBlocked: false });
    await new Promise<void>((resolve) => server!.close(() => resolve()));

    const protectedRaw = await restBranchRules(client(await replay(rules(200, protection.response))), 'octokit-fixture-org', 'branch-protection', 'main', true);
    const merged = mergeBranchRules(protectedRaw);
    expect(merged).toMatchObject({ protected: true, classicProtection: true, requiredStatusChecks: ['foo/bar'], strictStatusChecks: true });
  });

  it('get-organization: an owner’s recorded organisation payload gives known settings', async () => {
    const [org] = scenario('get-organization');
    const ok = <T>(value: T) => ({ ok: true as const, value });
    const attrs = normalizeOrg({
      login: 'octokit-fixture-org',
      settings: ok(org!.response as Json),
      members: { admins: ok([]), members: ok([]), without2fa: ok([]), insecure2fa: ok([]) },
      outside: { all: ok([]), without2fa: ok([]) },
      hooks: ok([]),
      actions: { permissions: ok({ enabled_repositories: 'all', allowed_actions: 'all' }), selected: null, workflow: ok({ default_workflow_permissions: 'read', can_approve_pull_request_reviews: false }) },
      securityManagers: ok([]),
    });
    const body = org!.response as Json;
    expect(attrs.twoFactorRequirementEnabled).toBe(body['two_factor_requirement_enabled']);
    expect(attrs.defaultRepositoryPermission).toBe(body['default_repository_permission']);
    expect(attrs.membersCanCreatePublicRepositories).toBe(body['members_can_create_public_repositories']);
    // The same payload without the owner-only fields (what a member receives) → Unknown, never false.
    const memberView = Object.fromEntries(Object.entries(body).filter(([k]) => !['two_factor_requirement_enabled', 'default_repository_permission'].includes(k)));
    const asMember = normalizeOrg({ ...{ login: 'x', settings: ok(memberView as Json) }, members: { admins: ok([]), members: ok([]), without2fa: ok([]), insecure2fa: ok([]) }, outside: { all: ok([]), without2fa: ok([]) }, hooks: ok([]), actions: { permissions: ok({}), selected: null, workflow: ok({}) }, securityManagers: ok([]) });
    expect(asMember.twoFactorRequirementEnabled).toEqual({ $unknown: 'requires organisation owner' });
  });

  it('paginate-issues: recorded Link headers are followed to the last page, each page counted', async () => {
    const rec = scenario('paginate-issues');
    // The recording's first page is addressed by repository name, the rest by repository id (as GitHub does).
    const entries = rec.map((r, i) => ({
      method: 'GET',
      path: i === 0 ? '/repos/octokit-fixture-org/paginate-issues/issues?per_page=100&page=1' : r.path.replace('per_page=3', 'per_page=100'),
      status: r.status,
      body: r.response,
      headers: { link: (r.headers['link'] ?? '').split('per_page=3').join('per_page=100') },
    }));
    const stats = new CallStats();
    // listAll follows rel="next" by page number on the route template; the recorded ids stay consistent.
    const base = await replay(entries.map((e, i) => (i === 0 ? e : { ...e, path: `/repos/octokit-fixture-org/paginate-issues/issues?per_page=100&page=${i + 1}` })));
    const items = await listAll(client(base, stats), 'GET /repos/{owner}/{repo}/issues', { owner: 'octokit-fixture-org', repo: 'paginate-issues' });
    expect(items).toHaveLength(rec.reduce((n, r) => n + (r.response as unknown[]).length, 0));
    expect(stats.byOperation['GET /repos/{owner}/{repo}/issues']).toBe(rec.length);
  });
});
