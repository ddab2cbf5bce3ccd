import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/load.js';
import type { AppConfig } from '../../src/config/schema.js';
import { loadEstateFile } from '../../src/demo/estate/load.js';
import type { Estate } from '../../src/demo/estate/schema.js';
import { startFakeAws } from '../../src/demo/fakes/server.js';
import { startFakeGitHub, type FakeGithub } from '../../src/demo/fakes/github/server.js';
import { DEMO_CONFIG, DEMO_ESTATE, demoEnvironment } from '../../src/demo/environment.js';
import { runPipeline } from '../../src/engine/pipeline.js';
import { silentLogger } from '../../src/log.js';
import { EvidenceStore } from '../../src/store/index.js';
import { openEvidence, producersFrom } from '../../src/period/index.js';
import { buildScopeView } from '../../src/report/scope-view.js';
import { observationTypesOf } from '../../src/engine/catalog-info.js';
import type { RunOutcome } from '../../src/runner/run.js';
import type { Registry } from '../../src/registry/index.js';

/**
 * Tag rules on collected data, end to end over the protocol fakes and the real collectors: an IAM role's
 * or user's tags (from GetAccountAuthorizationDetails) and a repository's custom property (from the
 * organisation's repository listing; no extra call for either) bring them into the declared scope although
 * no include pattern names them, a repository's pull requests with it; what has neither stays drift,
 * listed and not judged.
 */
describe('declared-scope tag rules on real collected data', () => {
  let fake: Awaited<ReturnType<typeof startFakeAws>>;
  let github: FakeGithub;
  let outcome: RunOutcome;
  let registry: Registry;
  let db: string;
  let taggedRole: string;
  let taggedUser: string;

  beforeAll(async () => {
    const estate: Estate = await loadEstateFile(DEMO_ESTATE);
    const repos = estate.github!.organizations[0]!.repositories;
    const webApp = repos.find((r) => r.name === 'web-app')!;
    Object.assign(webApp, { custom_properties: { 'data-class': 'restricted', 'cost-center': ['eng', 'payments'] }, topics: ['frontend'] });
    // IAM tags come in GetAccountAuthorizationDetails itself: one tagged role and one tagged user.
    const prod = estate.aws!.accounts.find((a) => a.id === '111111111111')!;
    taggedRole = prod.roles[0]!.name;
    taggedUser = prod.users[0]!.name;
    Object.assign(prod.roles[0]!, { tags: { 'data-class': 'confidential', team: 'payments' } });
    Object.assign(prod.users[0]!, { tags: { 'data-class': 'restricted' } });
    fake = await startFakeAws({ estate });
    github = await startFakeGitHub({ estate });
    const base = parseConfig(readFileSync(DEMO_CONFIG, 'utf8'), DEMO_CONFIG, demoEnvironment(estate, fake.endpoints, github));
    // Only payments-api by name; web-app by its custom property; infra and secret-project by neither.
    // On AWS only the buckets by pattern: IAM principals come in by their tags alone.
    const tags = { 'data-class': ['restricted', 'confidential'] };
    const config: AppConfig = {
      ...base,
      scope: {
        aws: { include: ['arn:aws:s3:::prod-*'], exclude: [], tags },
        github: { organizations: ['acme'], repositories: { include: ['payments-api'], exclude: [], archived: false, tags } },
      },
    };
    db = join(mkdtempSync(join(tmpdir(), 'cw-tags-')), 'e.db');
    ({ outcome, registry } = await runPipeline(config, db, 'test', silentLogger));
  }, 120_000);
  afterAll(async () => {
    await fake?.close();
    await github?.close();
  });

  it('the repository observation carries its custom properties and topics', () => {
    const repo = outcome.collected.flatMap((c) => c.observations).find((o) => o.id === 'github:acme/web-app')!;
    expect(repo.attributes).toMatchObject({ tags: { 'data-class': 'restricted', 'cost-center': ['eng', 'payments'] }, topics: ['frontend'] });
    const other = outcome.collected.flatMap((c) => c.observations).find((o) => o.id === 'github:acme/infra')!;
    expect(other.attributes).toMatchObject({ tags: {}, topics: [] });
  });

  it('IAM users and roles carry their tags; a tag rule brings them into scope, untagged ones are drift', () => {
    const all = outcome.collected.flatMap((c) => c.observations);
    const role = all.find((o) => o.type === 'aws.iam.role' && o.id.endsWith(`:role/${taggedRole}`))!;
    expect(role.attributes).toMatchObject({ tags: { 'data-class': 'confidential', team: 'payments' } });
    const user = all.find((o) => o.type === 'aws.iam.user' && o.id.endsWith(`:user/${taggedUser}`))!;
    expect(user.attributes).toMatchObject({ tags: { 'data-class': 'restricted' } });
    expect(outcome.results.some((r) => r.resourceId === role.id)).toBe(true);
    expect(outcome.results.some((r) => r.resourceId === user.id)).toBe(true);
    const untagged = all.filter((o) => o.type === 'aws.iam.role' && o.id !== role.id);
    expect(untagged.length).toBeGreaterThan(0);
    for (const o of untagged) expect(outcome.results.some((r) => r.resourceId === o.id), o.id).toBe(false);

    const store = EvidenceStore.open(db, { readonly: true });
    try {
      const view = buildScopeView(openEvidence(store, { timezone: 'UTC', producers: producersFrom(registry.collectors) }), undefined, observationTypesOf(registry), new Set());
      expect(view.inScope.find((r) => r.id === role.id)).toMatchObject({ by: 'tag data-class=confidential' });
      expect(view.drift.find((d) => d.id === untagged[0]!.id)).toMatchObject({ why: 'matches no include pattern and no tag rule' });
    } finally {
      store.close();
    }
  });

  it('a tag rule brings the repository (and its pull requests) into scope; the others are drift, never judged', () => {
    const judged = new Set(outcome.results.map((r) => r.resourceId));
    expect(judged.has('github:acme/web-app')).toBe(true);
    expect(judged.has('github:acme/payments-api')).toBe(true);
    expect(judged.has('github:acme/infra')).toBe(false);
    expect(outcome.results.some((r) => r.resourceId.startsWith('github:acme/web-app#'))).toBe(true);
    expect(outcome.results.some((r) => r.resourceId.startsWith('github:acme/infra#'))).toBe(false);

    const store = EvidenceStore.open(db, { readonly: true });
    try {
      const evidence = openEvidence(store, { timezone: 'UTC', producers: producersFrom(registry.collectors) });
      const view = buildScopeView(evidence, undefined, observationTypesOf(registry), new Set());
      expect(view.inScope.find((r) => r.id === 'github:acme/web-app')).toMatchObject({ by: 'tag data-class=restricted' });
      const drift = view.drift.filter((d) => d.type === 'github.repo').map((d) => [d.id, d.why]);
      expect(drift).toContainEqual(['github:acme/infra', 'repository acme/infra matches no include pattern and no tag rule']);
      expect(drift.map(([id]) => id)).not.toContain('github:acme/web-app');
    } finally {
      store.close();
    }
  });
});
