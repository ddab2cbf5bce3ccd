import { afterEach, describe, expect, it } from 'vitest';
import type { FakeGithub } from '../../../src/demo/fakes/github/server.js';
import type { GithubPullRequestAttributes } from '../../../collectors/github/observations.js';
import { attrs, collect, demoEstate, githubConfig, startGithub, token, type Collected } from './harness.js';

/**
 * Merged pull requests and direct pushes read by the batched GraphQL change query give exactly the observations
 * and gaps the REST path gives (the REST path is what runs when the query fails), over follow-up pages.
 */

function changeEvidence(out: Collected) {
  const events = out.observations
    .filter((o) => o.type === 'github.pull_request' || o.type === 'github.direct_push' || o.type === 'github.change_window')
    .map((o) => ({ type: o.type, id: o.id, attributes: o.attributes }))
    .sort((a, b) => a.id.localeCompare(b.id));
  return { events, gaps: out.gaps };
}

describe('github collector: merged pull requests and direct pushes by GraphQL', () => {
  let fake: FakeGithub | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  async function run(o: { graphqlFails?: boolean; pageSize?: number } = {}): Promise<Collected> {
    const estate = await demoEstate();
    const payments = estate.github!.organizations[0]!.repositories.find((r) => r.name === 'payments-api')!;
    // More approvals than the query's page of reviews (10): those are listed by REST.
    const crowded = payments.pull_requests.find((p) => p.number === 41)!;
    for (let i = 0; i < 11; i += 1) crowded.reviews.push({ user: `reviewer-${i}`, state: 'APPROVED', submitted: crowded.merged_at! });
    const started = await startGithub({ estate, ...(o.pageSize !== undefined ? { pageSize: o.pageSize } : {}) });
    fake = started.fake;
    if (o.graphqlFails === true) fake.faults.inject({ route: 'POST /graphql', kind: 'server_error' });
    const out = await collect(githubConfig({ url: fake.url, token: token(started.estate, 'demo-owner') }));
    await fake.close();
    fake = undefined;
    return out;
  }

  it('the same pull requests, approvals, mergers and direct pushes as REST, one page at a time', async () => {
    const graph = await run({ pageSize: 1 });
    const rest = await run({ pageSize: 1, graphqlFails: true });
    expect(changeEvidence(graph)).toEqual(changeEvidence(rest));
    // Not vacuous: there are records of both kinds, and the paths really differed.
    expect(graph.observations.filter((o) => o.type === 'github.pull_request').length).toBeGreaterThanOrEqual(3);
    expect(graph.observations.filter((o) => o.type === 'github.direct_push')).toHaveLength(1);
    expect(graph.stats.byOperation['GET /repos/{owner}/{repo}/pulls']).toBeUndefined();
    expect(graph.stats.byOperation['GET /repos/{owner}/{repo}/pulls/{pull_number}']).toBeUndefined();
    expect(graph.stats.byOperation['GET /repos/{owner}/{repo}/commits']).toBeUndefined();
    expect(rest.stats.byOperation['GET /repos/{owner}/{repo}/pulls/{pull_number}']).toBeGreaterThanOrEqual(3);
    // One page per connection and repository: several follow-up queries, each for the repositories that need one.
    expect(graph.stats.byOperation['POST /graphql']).toBeGreaterThan(3);
    expect(graph.logs).not.toContain('changes query failed');
    // Only the crowded pull request's reviews are asked by REST: its 13 approvals, a page each at page size 1.
    expect(graph.stats.byOperation['GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews']).toBe(13);
    expect(attrs<GithubPullRequestAttributes>(graph, 'github.pull_request', 'github:acme/payments-api#41').approvals).toHaveLength(13);
  });

  it('a failed change query falls back to REST, with a warning', async () => {
    const out = await run({ graphqlFails: true });
    expect(out.logs).toContain('GitHub GraphQL changes query failed; falling back to REST per repository');
    expect(out.stats.byOperation['GET /repos/{owner}/{repo}/pulls']).toBeGreaterThan(0);
    expect(out.gaps).toEqual([]);
  });
});
