import { afterEach, describe, expect, it } from 'vitest';
import type { FakeGithub } from '../../../src/demo/fakes/github/server.js';
import type { GithubOrgAttributes } from '../../../collectors/github/observations.js';
import { attrs, collect, demoEstate, githubConfig, NOW, startGithub, token } from './harness.js';

describe('github collector: pagination, ETags and consecutive runs', () => {
  let fake: FakeGithub | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('follows Link headers over several pages (REST and GraphQL) with the same result', async () => {
    const started = await startGithub({ pageSize: 2 });
    fake = started.fake;
    const out = await collect(githubConfig({ url: fake.url, token: token(started.estate, 'demo-owner') }));
    expect(out.observations.filter((o) => o.type === 'github.repo')).toHaveLength(5);
    expect(attrs<GithubOrgAttributes>(out, 'github.org', 'github:acme').members).toHaveLength(5);
    const repoPages = fake.requests.filter((r) => r.route === 'GET /orgs/{org}/repos');
    expect(repoPages.map((r) => new URL(r.path, fake!.url).searchParams.get('page') ?? '1')).toEqual(['1', '2']);
    // Two pages of the repository query, one batched change query (its pages: test/collectors/github/changes-graphql.test.ts).
    expect(fake.requests.filter((r) => r.route === 'POST /graphql')).toHaveLength(3);
    expect(out.stats.byOperation['POST /graphql']).toBe(3);
  });

  it('two consecutive runs never report the same pull request; the second window starts at the first run’s start', async () => {
    const started = await startGithub();
    fake = started.fake;
    const config = githubConfig({ url: fake.url, token: token(started.estate, 'demo-owner') });
    // First run 3.5 days before NOW: sees the PRs merged up to then.
    const firstStart = new Date(NOW.getTime() - 3.5 * 86_400_000);
    const first = await collect(config, { clock: firstStart });
    const second = await collect(config, { clock: NOW, previous: { runId: 1, startedAt: firstStart.toISOString(), status: 'ok', completeThrough: { 'github.pull_request': firstStart.toISOString(), 'github.direct_push': firstStart.toISOString() } } });
    const prs = (o: typeof first) => o.observations.filter((x) => x.type === 'github.pull_request').map((x) => x.id).sort();
    expect(prs(first)).toEqual(['github:acme/payments-api#41', 'github:acme/web-app#7']);
    expect(prs(second)).toEqual(['github:acme/infra#15', 'github:acme/payments-api#42']);
    expect(prs(first).filter((id) => prs(second).includes(id))).toEqual([]);
  });

  it('a second collection with the same client cache sends If-None-Match; 304s are counted and give identical observations', async () => {
    const estate = await demoEstate();
    const started = await startGithub({ estate });
    fake = started.fake;
    const config = githubConfig({ url: fake.url, token: token(estate, 'demo-owner') });
    const first = await collect(config);
    const before = fake.requests.length;
    const second = await collect(config);
    const notModified = fake.requests.slice(before).filter((r) => r.status === 304);
    expect(notModified.length).toBeGreaterThan(10);
    expect(second.logs).toMatch(/"notModified":[1-9]\d+/);
    expect(second.stats.calls).toBe(first.stats.calls);
    expect(second.observations).toEqual(first.observations);
  });
});
