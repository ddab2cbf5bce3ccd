import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { loadEstateFile } from '../../src/demo/estate/load.js';
import { DEMO_ESTATE } from '../../src/demo/environment.js';
import { startFakeGitHub, type FakeGithub } from '../../src/demo/fakes/github/server.js';
import { CallStats } from '../../src/sdk/call-stats.js';
import { createGithubClient } from '../../src/sdk/github.js';
import { BRANCH_RULES_OPERATION } from '../../src/demo/fakes/github/graphql.js';

/**
 * Octokit's throttling plugin spaces GraphQL requests 1 s apart per client. A live run keeps that pacing; a client
 * on a shorter time scale (tests, the demo's backfill of simulated days: timeScaleMs) is paced on its own scale.
 */
describe('GitHub client: GraphQL pacing follows the client’s time scale', () => {
  let fake: FakeGithub;
  let token: string;
  beforeAll(async () => {
    const estate = await loadEstateFile(DEMO_ESTATE);
    token = estate.github!.tokens.find((t) => t.name === estate.github!.demo_token)!.token;
    fake = await startFakeGitHub({ estate, now: new Date('2026-03-15T12:00:00.000Z') });
  });
  afterAll(async () => {
    await fake?.close();
  });

  async function threeQueries(timeScaleMs?: number): Promise<number> {
    const gh = createGithubClient({ baseUrl: fake.url, auth: { token }, stats: new CallStats(), log: pino({ level: 'silent' }), requestTimeoutMs: 5000, maxThrottleRetries: 0, ...(timeScaleMs !== undefined ? { timeScaleMs } : {}) });
    const query = `query ${BRANCH_RULES_OPERATION}($org: String!, $cursor: String) { organization(login: $org) { login } }`;
    const started = performance.now();
    for (let i = 0; i < 3; i += 1) await gh.request('POST /graphql', { query, variables: { org: 'acme', cursor: null } }).catch(() => undefined);
    return performance.now() - started;
  }

  it('a live client waits 1 s between GraphQL requests (two gaps for three requests)', async () => {
    expect(await threeQueries()).toBeGreaterThanOrEqual(1_900);
  });

  it('a client on a 1 ms time scale does not wait seconds', async () => {
    expect(await threeQueries(1)).toBeLessThan(1_500);
  });
});
