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
 * Tag rules on collected data, end to end over the protocol fakes and the real collectors: a repository's
 * custom property (from the organisation's repository listing, no extra call) brings it into the declared
 * scope although no include pattern names it, and its pull requests come in with it; a repository with
 * neither stays drift, listed and not judged.
 */
describe('declared-scope tag rules on real collected data', () => {
  let fake: Awaited<ReturnType<typeof startFakeAws>>;
  let github: FakeGithub;
  let outcome: RunOutcome;
  let registry: Registry;
  let db: string;

  beforeAll(async () => {
    const estate: Estate = await loadEstateFile(DEMO_ESTATE);
    const repos = estate.github!.organizations[0]!.repositories;
    const webApp = repos.find((r) => r.name === 'web-app')!;
    Object.assign(webApp, { custom_properties: { 'data-class': 'restricted', 'cost-center': ['eng', 'payments'] }, topics: ['frontend'] });
    fake = await startFakeAws({ estate });
    github = await startFakeGitHub({ estate });
    const base = parseConfig(readFileSync(DEMO_CONFIG, 'utf8'), DEMO_CONFIG, demoEnvironment(estate, fake.endpoints, github));
    // Only payments-api by name; web-app by its custom property; infra and secret-project by neither.
    const config: AppConfig = {
      ...base,
      scope: { ...base.scope, github: { organizations: ['acme'], repositories: { include: ['payments-api'], exclude: [], archived: false, tags: { 'data-class': ['restricted', 'confidential'] } } } },
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
