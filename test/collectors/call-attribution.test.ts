import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallStats } from '../../src/sdk/call-stats.js';
import type { FakeGithub } from '../../src/demo/fakes/github/server.js';
import { collect as collectGithub, find, githubConfig, startGithub, token } from './github/harness.js';
import type { Estate } from '../../src/demo/estate/schema.js';

/**
 * Evidence `source` lists come from the calls actually counted (CallStats.attribute), not hand-typed strings:
 * a denied call was made and is named; a call not made is not. The AWS collectors' tests assert the same on
 * their observations (e.g. test/collectors/aws-s3/settings.test.ts, every read denied).
 */
describe('CallStats.attribute', () => {
  const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

  it('gives each concurrent branch its own operations, nested frames to their parents, and counts every call once', async () => {
    const stats = new CallStats();
    const call = async (op: string) => {
      await tick();
      stats.recordCall(op);
    };
    const outer = await stats.attribute(async () => {
      await call('svc:List');
      const [a, b] = await Promise.all([
        stats.attribute(async () => {
          await call('svc:GetA');
          await tick();
          await call('svc:GetA');
          return 'a';
        }),
        stats.attribute(async () => {
          await call('svc:GetB');
          return 'b';
        }),
      ]);
      return [a, b];
    });
    const [a, b] = outer.value;
    expect(a).toEqual({ value: 'a', operations: ['svc:GetA'] });
    expect(b).toEqual({ value: 'b', operations: ['svc:GetB'] });
    expect(outer.operations).toEqual(['svc:GetA', 'svc:GetB', 'svc:List']);
    expect(stats.byOperation).toEqual({ 'svc:List': 1, 'svc:GetA': 2, 'svc:GetB': 1 });
    // Outside any frame a call is counted and attributed to nothing.
    await call('svc:Other');
    expect(stats.calls).toBe(5);
  });

  it('keeps a failed call in the frame (it was made), and attributes nothing when told not to', async () => {
    const stats = new CallStats();
    const failing = stats.attribute(async () => {
      stats.recordCall('svc:Denied');
      throw new Error('AccessDenied');
    });
    await expect(failing).rejects.toThrow('AccessDenied');
    const traced = await stats.attribute(async () => {
      try {
        stats.recordCall('svc:Denied');
        throw new Error('AccessDenied');
      } catch {
        stats.recordCall('svc:Counted', false);
        return null;
      }
    });
    expect(traced.operations).toEqual(['svc:Denied']);
    expect(stats.byOperation).toEqual({ 'svc:Denied': 2, 'svc:Counted': 1 });
  });
});

describe('github sources name the routes requested for each observation', () => {
  let estate: Estate;
  let fake: FakeGithub;

  beforeAll(async () => {
    ({ estate, fake } = await startGithub());
  });
  afterAll(() => fake.close());

  it('a forbidden call is in the source (it was made); routes not requested for it are not', async () => {
    fake.faults.inject({ route: 'GET /repos/{owner}/{repo}/keys', repo: 'infra', kind: 'forbidden' });
    const out = await collectGithub(githubConfig({ url: fake.url, token: token(estate, 'demo-owner') }));
    const infra = find(out, 'github.repo', 'github:acme/infra');
    expect((infra.attributes as { deployKeys: unknown }).deployKeys).toEqual({ $unknown: expect.stringContaining('HTTP 403') });
    expect(infra.source).toContain('GET /repos/{owner}/{repo}/keys');
    // The scope-level calls the repository rests on (the listing, the GraphQL query that gave its settings and
    // collaborators, the organisation-wide alert lists its alerts come from), and its own reads…
    const ORG_ALERTS = ['GET /orgs/{org}/dependabot/alerts', 'GET /orgs/{org}/code-scanning/alerts', 'GET /orgs/{org}/secret-scanning/alerts'];
    expect(infra.source).toEqual(expect.arrayContaining(['GET /orgs/{org}/repos', 'POST /graphql', 'GET /repos/{owner}/{repo}/hooks', ...ORG_ALERTS]));
    // … but not another observation's: no other organisation-level route, no pull-request route.
    expect(infra.source.filter((r) => r.startsWith('GET /orgs/{org}/') && r !== 'GET /orgs/{org}/repos' && !ORG_ALERTS.includes(r))).toEqual([]);
    expect(infra.source.filter((r) => r.includes('/pulls'))).toEqual([]);
    // Each source route was counted; the organisation observation names its own calls.
    for (const route of infra.source) expect(out.stats.byOperation[route], route).toBeGreaterThan(0);
    const org = find(out, 'github.org', 'github:acme');
    expect(org.source).toEqual(expect.arrayContaining(['GET /orgs/{org}', 'GET /orgs/{org}/members', 'GET /orgs/{org}/hooks']));
    expect(org.source).not.toContain('GET /repos/{owner}/{repo}/keys');
  });
});
