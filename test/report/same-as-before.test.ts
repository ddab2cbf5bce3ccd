import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/load.js';
import type { AppConfig } from '../../src/config/schema.js';
import { loadEstateFile } from '../../src/demo/estate/load.js';
import { startFakeAws } from '../../src/demo/fakes/server.js';
import { startFakeGitHub, type FakeGithub } from '../../src/demo/fakes/github/server.js';
import { DEMO_CONFIG, DEMO_ESTATE, demoEnvironment } from '../../src/demo/environment.js';
import { runPipeline } from '../../src/engine/pipeline.js';
import { checkInfos, frameworkInfos } from '../../src/engine/catalog-info.js';
import { silentLogger } from '../../src/log.js';
import { openEvidence, producersFrom } from '../../src/period/index.js';
import type { Registry } from '../../src/registry/index.js';
import { buildReport } from '../../src/report/build.js';
import { findingCountsOf } from '../../src/report/finding-counts.js';
import { EvidenceStore } from '../../src/store/index.js';
import { buildReport as buildReportBefore } from './reference/build.js';

/**
 * `report` moved onto the period layer and must say exactly what it said before on the demo estate:
 * the frozen pre-period builder (test/report/reference/) is the oracle. Only `scopeCoverage`, `programme` and
 * `findingCounts` (the summary's tallies, from the stored counts) are new.
 */
describe('report on the period layer = the report before it', () => {
  let db: string;
  let config: AppConfig;
  let registry: Registry;
  let runIds: number[];

  beforeAll(async () => {
    const estate = await loadEstateFile(DEMO_ESTATE);
    const fake = await startFakeAws({ estate });
    let github: FakeGithub | undefined;
    try {
      github = await startFakeGitHub({ estate });
      config = parseConfig(readFileSync(DEMO_CONFIG, 'utf8'), DEMO_CONFIG, demoEnvironment(estate, fake.endpoints, github));
      db = join(mkdtempSync(join(tmpdir(), 'cw-same-')), 'demo.db');
      const first = await runPipeline(config, db, 'test', silentLogger);
      const second = await runPipeline(config, db, 'test', silentLogger);
      registry = second.registry;
      runIds = [first.outcome.runId, second.outcome.runId];
    } finally {
      await fake.close();
      await github?.close();
    }
  });

  /**
   * Findings gained `underlying` and `exceptionId` on excepted results, controls `evidence` and `attestation`
   * (issue 16); the oracle predates them, and showed a control evidenced by attestation alone as `manual`.
   * A declared manual control's owner now owns its control rows too; the demo names those owners only
   * there (programme.manualControls), so the oracle had none.
   */
  function withoutProgrammeFields<T extends { findings: readonly object[]; controls: readonly object[] }>(report: T): T {
    return {
      ...report,
      findings: report.findings.map(({ underlying: _u, exceptionId: _e, ...f }: { underlying?: unknown; exceptionId?: unknown }) => f),
      controls: report.controls.map(({ evidence, attestation, ...c }: { evidence?: string; attestation?: unknown; status?: string; owner?: string | null }) =>
        evidence === undefined || attestation === null ? c : { ...c, owner: null, ...(evidence === 'attested' ? { status: 'manual' } : {}) },
      ),
    };
  }

  function both(runId: number | undefined, frameworkFilter: string[] = []) {
    const store = EvidenceStore.open(db, { readonly: true });
    try {
      const common = { checks: checkInfos(registry), frameworks: frameworkInfos(registry), frameworkFilter, owners: config.owners as Record<string, string>, ...(runId === undefined ? {} : { runId }) };
      const before = buildReportBefore({ store, timezone: config.audit.timezone, ...common });
      const evidence = openEvidence(store, { timezone: config.audit.timezone, producers: producersFrom(registry.collectors) });
      const after = buildReport({ evidence, ...common });
      return { before, after };
    } finally {
      store.close();
    }
  }

  it('the latest run: the same report, field for field and key order included', () => {
    const { before, after } = both(undefined);
    const { scopeCoverage, programme: _programme, findingCounts, ...rest } = withoutProgrammeFields(after);
    expect(rest).toEqual(before);
    // The summary's tallies, from the stored counts, are the findings' own.
    expect(findingCounts).toEqual(findingCountsOf(after.findings));
    expect(findingCounts.excepted).toBeGreaterThan(0);
    expect(JSON.stringify(rest)).toBe(JSON.stringify(before));
    // Not a comparison of two empty reports: the demo fails, disagrees with AWS Config and has a previous run.
    expect(before.run.id).toBe(runIds[1]);
    expect(before.previousRun?.id).toBe(runIds[0]);
    expect(before.findings.length).toBeGreaterThanOrEqual(10);
    expect(before.configDisagreements.length).toBeGreaterThanOrEqual(1);
    expect(scopeCoverage.status).toBe('complete');
    expect(scopeCoverage.expected).toBeGreaterThan(0);
  });

  it('the first run (no previous run), and a framework filter', () => {
    const { before, after } = both(runIds[0]);
    const { scopeCoverage: _first, programme: _p, findingCounts: _c, ...rest } = withoutProgrammeFields(after);
    expect(rest).toEqual(before);
    expect(JSON.stringify(rest)).toBe(JSON.stringify(before));
    expect(before.previousRun).toBeNull();

    const filtered = both(runIds[0], ['soc2-2017']);
    const { scopeCoverage: _filtered, programme: _fp, findingCounts: _fc, ...filteredRest } = withoutProgrammeFields(filtered.after);
    expect(filteredRest).toEqual(filtered.before);
    expect(filtered.before.controls.every((c) => c.framework === 'soc2-2017')).toBe(true);
  });
});
