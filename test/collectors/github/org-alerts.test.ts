import { afterEach, describe, expect, it } from 'vitest';
import type { FakeGithub } from '../../../src/demo/fakes/github/server.js';
import type { GithubRepoAttributes } from '../../../collectors/github/observations.js';
import { attrs, collect, demoEstate, githubConfig, startGithub, token, type Collected } from './harness.js';

/**
 * Open alerts come from the three organisation-wide lists (one paginated list per kind) instead of three
 * calls per repository, with exactly the attributes the per-repository lists give: a feature that is off is
 * still NotAvailable and a list the token may not read still Unknown, never an empty list.
 */

const ORG_ROUTES = ['GET /orgs/{org}/dependabot/alerts', 'GET /orgs/{org}/code-scanning/alerts', 'GET /orgs/{org}/secret-scanning/alerts'];
const REPO_ROUTES = ['GET /repos/{owner}/{repo}/dependabot/alerts', 'GET /repos/{owner}/{repo}/code-scanning/alerts', 'GET /repos/{owner}/{repo}/secret-scanning/alerts'];
const ALERT_ATTRIBUTES = ['dependabotAlerts', 'codeScanningAlerts', 'secretScanningAlerts'] as const;

/** An attribute's verdict, with the wording of NotAvailable / Unknown reasons left out (the source differs). */
function verdict(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && '$notAvailable' in v) return 'not available';
  if (v !== null && typeof v === 'object' && '$unknown' in v) return 'unknown';
  return v;
}

function alertVerdicts(out: Collected): Record<string, unknown> {
  const byRepo: Record<string, unknown> = {};
  for (const o of out.observations.filter((x) => x.type === 'github.repo')) {
    const a = o.attributes as GithubRepoAttributes;
    byRepo[o.id] = Object.fromEntries(ALERT_ATTRIBUTES.map((k) => [k, verdict(a[k])]));
  }
  return byRepo;
}

const calls = (out: Collected, routes: string[]) => routes.reduce((n, r) => n + (out.stats.byOperation[r] ?? 0), 0);

describe('github collector: organisation-wide alert lists', () => {
  let fake: FakeGithub | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  async function run(o: { refuse?: 'forbidden' | 'not_found'; tokenName?: string; pageSize?: number; moreAlerts?: boolean } = {}): Promise<Collected> {
    const estate = await demoEstate();
    if (o.moreAlerts === true) {
      // Enough open alerts of each kind, over several repositories, to need several pages of the organisation lists.
      for (const r of estate.github!.organizations[0]!.repositories) {
        for (let n = 1; n <= 3; n += 1) {
          r.dependabot_alert_list.push({ number: 100 + n, severity: 'high', created: `-${n}d`, state: 'open', subject: `pkg-${n}` });
          r.code_scanning_alert_list.push({ number: 200 + n, severity: 'medium', created: `-${n}d`, state: 'open', subject: `js/rule-${n}` });
          r.secret_scanning_alert_list.push({ number: 300 + n, severity: 'high', created: `-${n}d`, state: n === 3 ? 'fixed' : 'open', subject: 'github_pat' });
        }
      }
    }
    const started = await startGithub({ estate, ...(o.pageSize !== undefined ? { pageSize: o.pageSize } : {}) });
    fake = started.fake;
    if (o.refuse !== undefined) for (const route of ORG_ROUTES) fake.faults.inject({ route, kind: o.refuse });
    const out = await collect(githubConfig({ url: fake.url, token: token(started.estate, o.tokenName ?? 'demo-owner') }));
    await fake.close();
    fake = undefined;
    return out;
  }

  it('an owner reads the three organisation lists once, and gets the same alerts as the per-repository lists', async () => {
    const org = await run({ moreAlerts: true, pageSize: 2 });
    const perRepo = await run({ moreAlerts: true, pageSize: 2, refuse: 'forbidden' });
    expect(alertVerdicts(org)).toEqual(alertVerdicts(perRepo));
    // Several pages of each organisation list (Dependabot's by cursor), and no per-repository list for a
    // repository whose feature states the listing and the vulnerability-alert setting decide.
    for (const route of ORG_ROUTES) expect(org.stats.byOperation[route], route).toBeGreaterThanOrEqual(2);
    // Repositories whose feature is on (or not known) are asked one by one only when the organisation list is refused.
    expect(calls(perRepo, REPO_ROUTES)).toBeGreaterThanOrEqual(5);
    expect(calls(org, REPO_ROUTES)).toBeLessThan(calls(perRepo, REPO_ROUTES) - 4);
    // What the lists hold, not just that both paths agree.
    const infra = attrs<GithubRepoAttributes>(org, 'github.repo', 'github:acme/infra');
    expect(infra.dependabotAlerts).toMatchObject({ openBySeverity: { critical: 1, high: 3 } });
    expect(infra.codeScanningAlerts).toEqual({ $notAvailable: expect.stringContaining('Advanced Security') });
    const payments = attrs<GithubRepoAttributes>(org, 'github.repo', 'github:acme/payments-api');
    expect(payments.codeScanningAlerts).toMatchObject({ openBySeverity: { medium: 3 } });
    expect(payments.secretScanningAlerts).toMatchObject({ open: [expect.objectContaining({ number: 301 }), expect.objectContaining({ number: 302 })] });
    // The observation names the organisation list it rests on.
    const source = org.observations.find((x) => x.id === 'github:acme/payments-api')!.source;
    expect(source).toEqual(expect.arrayContaining(ORG_ROUTES.map((r) => expect.stringContaining(r.replace('GET ', '')))));
  });

  it('a feature that is off is NotAvailable from the organisation path too, never an empty list', async () => {
    const out = await run();
    const estate = await demoEstate();
    for (const r of estate.github!.organizations[0]!.repositories.filter((x) => x.name !== 'secret-project')) {
      const a = attrs<GithubRepoAttributes>(out, 'github.repo', `github:acme/${r.name}`);
      if (!r.dependabot_alerts) expect(a.dependabotAlerts, r.name).toEqual({ $notAvailable: expect.stringContaining('disabled') });
      if (!r.code_scanning) expect(a.codeScanningAlerts, r.name).toEqual({ $notAvailable: expect.stringContaining('Advanced Security') });
      if (r.secret_scanning === 'disabled') expect(a.secretScanningAlerts, r.name).toEqual({ $notAvailable: expect.stringContaining('disabled') });
    }
    expect(calls(out, ORG_ROUTES)).toBe(3);
  });

  it('code scanning on but never analysed is NotAvailable, not a clean zero: a repository absent from the organisation list is asked its own', async () => {
    const estate = await demoEstate();
    const repos = estate.github!.organizations[0]!.repositories;
    const payments = repos.find((r) => r.name === 'payments-api')!;
    payments.code_scanning_alert_list = [];
    payments.code_scanning_analysed = false;
    // Another repository turns code scanning on and is analysed, with no open alert: a clean zero.
    const clean = repos.find((r) => r.name === 'infra')!;
    clean.code_scanning = true;
    clean.code_scanning_alert_list = [];
    const started = await startGithub({ estate });
    fake = started.fake;
    const out = await collect(githubConfig({ url: fake.url, token: token(started.estate, 'demo-owner') }));
    expect(attrs<GithubRepoAttributes>(out, 'github.repo', 'github:acme/payments-api').codeScanningAlerts).toEqual({ $notAvailable: expect.stringContaining('no analysis found') });
    expect(attrs<GithubRepoAttributes>(out, 'github.repo', `github:acme/${clean.name}`).codeScanningAlerts).toMatchObject({ openBySeverity: {} });
    // Only the repositories the organisation list cannot decide are asked: those with code scanning on and no open alert there.
    const undecided = repos.filter((r) => r.code_scanning && !r.code_scanning_alert_list.some((a) => a.state === 'open')).length;
    expect(out.stats.byOperation['GET /repos/{owner}/{repo}/code-scanning/alerts']).toBe(undecided);
  });

  it.each(['forbidden', 'not_found'] as const)('organisation lists answering %s: each repository’s own lists are read instead', async (kind) => {
    const out = await run({ refuse: kind });
    for (const route of REPO_ROUTES) expect(out.stats.byOperation[route], route).toBeGreaterThan(0);
    expect(out.logs).toContain('falling back to the per-repository lists');
    expect(alertVerdicts(out)).toEqual(alertVerdicts(await run()));
  });

  it('a member token: the organisation lists are refused and the per-repository answers stay Unknown, never empty', async () => {
    const out = await run({ tokenName: 'demo-member' });
    expect(out.logs).toContain('falling back to the per-repository lists');
    const infra = attrs<GithubRepoAttributes>(out, 'github.repo', 'github:acme/infra');
    expect(infra.dependabotAlerts).toEqual({ $unknown: expect.stringContaining('403') });
    expect(calls(out, REPO_ROUTES)).toBeGreaterThan(0);
  });
});
