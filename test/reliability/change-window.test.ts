import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GithubChangeWindowAttributes } from '../../collectors/github/observations.js';
import type { FakeGithub } from '../../src/demo/fakes/github/server.js';
import { EvidenceStore } from '../../src/store/index.js';
import { githubConfig, NOW, startGithub, token } from '../collectors/github/harness.js';
import { runGithubAt, storedObservations } from './github-runs.js';

const DAY = 86_400_000;
const at = (days: number) => new Date(NOW.getTime() + days * DAY);
const SCOPE = 'github:acme';

/**
 * Issue 14, defects 1 and 2: an unreadable part of the change population is a gap (its checks `error`),
 * and the next good run reads the failed period again — the complete windows of sealed runs tile time.
 */
describe('change windows across good, failed and partial runs', () => {
  let fake: FakeGithub | undefined;
  let store: EvidenceStore | undefined;
  afterEach(async () => {
    store?.close();
    store = undefined;
    await fake?.close();
    fake = undefined;
  });

  it('a failed pull-request listing makes the direct-push check error for the scope, never not_applicable', async () => {
    const started = await startGithub();
    fake = started.fake;
    store = EvidenceStore.open(join(mkdtempSync(join(tmpdir(), 'cw-window-')), 'e.db'));
    // The pull requests are listed by the batched GraphQL change query, then by REST when it fails: both fail here.
    fake.faults.inject({ route: 'POST /graphql', kind: 'server_error' });
    fake.faults.inject({ route: 'GET /repos/{owner}/{repo}/pulls', kind: 'server_error' });
    const run = await runGithubAt(store, githubConfig({ url: fake.url, token: token(started.estate, 'demo-owner') }), NOW);
    const pushes = run.results.filter((r) => r.checkId === 'github.no_direct_pushes_to_default_branch' && r.scope === SCOPE);
    expect(pushes.length).toBeGreaterThan(0);
    expect(pushes.map((r) => r.status)).toEqual(pushes.map(() => 'error'));
    expect(pushes[0]?.reason).toMatch(/pulls|pull requests/);
    const approvals = run.results.filter((r) => r.checkId === 'github.pr_approved_by_other_than_author' && r.scope === SCOPE);
    expect(approvals.length).toBeGreaterThan(0);
    expect(approvals.every((r) => r.status === 'error')).toBe(true);
  });

  it('good → scope error → pulls 500 → commits 500 → good: every change is judged once by a complete window, and complete windows tile', async () => {
    const started = await startGithub();
    fake = started.fake;
    const config = githubConfig({ url: fake.url, token: token(started.estate, 'demo-owner'), lookbackDays: 30 });
    store = EvidenceStore.open(join(mkdtempSync(join(tmpdir(), 'cw-window-')), 'e.db'));
    const s = store;
    const f = fake;
    const graphqlDown = () => f.faults.inject({ route: 'POST /graphql', kind: 'server_error' });
    const steps: { at: Date; fault?: () => void }[] = [
      { at: at(-5) },
      { at: at(-3.5), fault: () => f.faults.inject({ route: 'GET /orgs/{org}', kind: 'not_found' }) },
      // The change query (GraphQL) fails, and so does its REST fallback's listing.
      { at: at(-2.5), fault: () => [graphqlDown(), f.faults.inject({ route: 'GET /repos/{owner}/{repo}/pulls', kind: 'server_error' })] },
      // The direct push (1 day before NOW) falls in this run's window, whose commit listing fails.
      { at: at(-0.5), fault: () => [graphqlDown(), f.faults.inject({ route: 'GET /repos/{owner}/{repo}/commits', kind: 'server_error' })] },
      { at: at(0) },
    ];
    const runs = [];
    for (const step of steps) {
      f.faults.clear();
      step.fault?.();
      runs.push(await runGithubAt(s, config, step.at));
    }
    f.faults.clear();
    expect(runs.map((r) => r.collected[0]?.status)).toEqual(['ok', 'error', 'partial', 'partial', 'ok'].map((x, i) => (i === 0 || i === 4 ? expect.stringMatching(/ok|partial/) : x)));

    const windows = runs.flatMap((r) => storedObservations<GithubChangeWindowAttributes>(s, r.runId, 'github', SCOPE, 'github.change_window').map((o) => ({ runId: r.runId, ...o.attributes })));
    for (const population of ['github.pull_request', 'github.direct_push'] as const) {
      const complete = windows.filter((w) => w.population === population && w.complete).sort((a, b) => a.from.localeCompare(b.from));
      // Tiling: the first starts at the look-back, each starts where the one before ended, the last ends at the last run.
      expect(complete[0]?.from).toBe(at(-35).toISOString());
      for (let i = 1; i < complete.length; i++) expect(complete[i]?.from).toBe(complete[i - 1]?.until);
      expect(complete.at(-1)?.until).toBe(at(0).toISOString());
    }
    // The pull-request failure of run 3 was caught up by run 4, the commit failure of run 4 by run 5.
    const pullWindows = windows.filter((w) => w.population === 'github.pull_request').map((w) => [w.from, w.until, w.complete]);
    expect(pullWindows).toEqual([
      [at(-35).toISOString(), at(-5).toISOString(), true],
      [at(-5).toISOString(), at(-2.5).toISOString(), false],
      [at(-5).toISOString(), at(-0.5).toISOString(), true],
      [at(-0.5).toISOString(), at(0).toISOString(), true],
    ]);
    const pushWindows = windows.filter((w) => w.population === 'github.direct_push').map((w) => [w.from, w.until, w.complete]);
    expect(pushWindows).toEqual([
      [at(-35).toISOString(), at(-5).toISOString(), true],
      [at(-5).toISOString(), at(-2.5).toISOString(), false],
      [at(-5).toISOString(), at(-0.5).toISOString(), false],
      [at(-5).toISOString(), at(0).toISOString(), true],
    ]);

    // Every merged pull request of the period is judged by exactly one complete window; the direct push is seen.
    const completeRunsFor = (population: string) => new Set(windows.filter((w) => w.population === population && w.complete).map((w) => w.runId));
    const prIds = [...completeRunsFor('github.pull_request')].flatMap((id) => storedObservations(s, id, 'github', SCOPE, 'github.pull_request').map((o) => o.id)).sort();
    expect(prIds).toEqual(['github:acme/infra#15', 'github:acme/payments-api#41', 'github:acme/payments-api#42', 'github:acme/web-app#7']);
    const pushIds = [...completeRunsFor('github.direct_push')].flatMap((id) => storedObservations(s, id, 'github', SCOPE, 'github.direct_push').map((o) => o.id));
    expect(pushIds).toEqual(['github:acme/infra@3f2a9c1b7d4e5f60718293a4b5c6d7e8f9012345']);
    const last = runs.at(-1)!.results.filter((r) => r.checkId === 'github.no_direct_pushes_to_default_branch' && r.status === 'fail');
    expect(last.map((r) => r.resourceId)).toEqual(['github:acme/infra@3f2a9c1b7d4e5f60718293a4b5c6d7e8f9012345']);
  });
});
