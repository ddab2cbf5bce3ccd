import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openEvidence } from '../../src/period/index.js';
import { buildReport } from '../../src/report/build.js';
import { findingCountsOf } from '../../src/report/finding-counts.js';
import { filterReport } from '../../src/report/filters.js';
import { renderReportTable } from '../../src/report/render-table.js';
import { renderReportCsv } from '../../src/report/render-csv.js';
import { reportDocument } from '../../src/report/result-document.js';
import type { EvidenceStore } from '../../src/store/index.js';
import { STATUSES } from '../../src/model/status.js';
import { sealedRun, tempDbPath, tempStore, type ResultSpec } from '../period/fixtures.js';
import { storeWith } from '../support/store-with.js';
import { mergeScheduleReports } from '../../src/server/service-view.js';
import { CHECKS, FRAMEWORKS, T1, T2 } from './report-fixture.js';

/**
 * The summary's finding tallies come from the run's stored per-check counts, so `report --view summary` reads no
 * result (issue 15: ~500 ms → ~30 ms for a day of 32,000 findings). They must equal the tallies of the findings
 * list in every case: every status, a check no longer in the catalog (severity unknown), several scopes.
 */
const CHECK_IDS = [...CHECKS.map((c) => c.id), 'retired.check_gone_from_catalog'];

const results = fc.uniqueArray(
  fc.record({
    checkId: fc.constantFrom(...CHECK_IDS),
    scope: fc.constantFrom('aws:111111111111', 'aws:222222222222:eu-west-1', 'github:acme'),
    resourceId: fc.constantFrom('r1', 'r2', 'r3', 'r4'),
    status: fc.constantFrom(...STATUSES),
  }),
  { selector: (r) => `${r.checkId} ${r.scope} ${r.resourceId}`, minLength: 1, maxLength: 40 },
);

const stores: EvidenceStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

function storeOf(first: readonly ResultSpec[], second: readonly ResultSpec[]): EvidenceStore {
  const store = tempStore(tempDbPath());
  stores.push(store);
  sealedRun(store, { startedAt: T1, results: first });
  sealedRun(store, { startedAt: T2, results: second });
  return store;
}

const reportFrom = (source: Parameters<typeof openEvidence>[0]) => buildReport({ evidence: openEvidence(source, { timezone: 'UTC', producers: () => [] }), checks: CHECKS, frameworks: FRAMEWORKS, frameworkFilter: [], onDemand: true });

describe('report finding tallies from stored counts', () => {
  it('equal the tallies of the findings list, unfiltered and filtered', () => {
    fc.assert(
      fc.property(results, results, (first, second) => {
        const report = reportFrom(storeOf(first, second));
        expect(report.findingCounts).toEqual(findingCountsOf(report.findings));
        expect(report.findingCounts.open + report.findingCounts.excepted).toBe(report.findings.length);
        const filtered = filterReport(report, { severity: ['critical', 'low'] });
        expect(filtered.findingCounts).toEqual(findingCountsOf(filtered.findings));
        expect(filtered.findingCounts.open).toBe(filtered.findings.filter((f) => f.status !== 'excepted').length);
      }),
      { numRuns: 30 },
    );
  });

  it('the summary view, in every format, opens no result: only views that show findings do', () => {
    const specs: ResultSpec[] = [
      { checkId: 'iam.root_mfa_enabled', scope: 'aws:111111111111', resourceId: 'root', status: 'fail' },
      { checkId: 'iam.cross_account_trust_restricted', scope: 'aws:111111111111', resourceId: 'role', status: 'excepted' },
      { checkId: 's3.bucket_access_logging_enabled', scope: 'aws:222222222222:eu-west-1', resourceId: 'bucket', status: 'error' },
      { checkId: 'github.repo_pr_review_required', scope: 'github:acme', resourceId: 'repo', status: 'pass' },
    ];
    const store = storeOf(specs, specs.map((s) => (s.resourceId === 'repo' ? { ...s, status: 'fail' as const } : s)));
    const opened: string[] = [];
    const source = storeWith(store, { results: (hash: string) => (opened.push(hash), store.results(hash)) });
    const report = reportFrom(source);
    const summary = renderReportTable(report, { view: 'summary' });
    renderReportCsv(report, 'summary');
    JSON.stringify(reportDocument(report, 'summary'));
    expect(opened).toEqual([]);
    expect(summary).toContain('findings to act on: 3 (1 critical, 1 medium, 1 low); new since run 1: 1; excepted: 1');
    // The findings view reads the four result sets that hold findings (the passing one is skipped by its counts).
    renderReportTable(report, { view: 'findings' });
    expect(opened).toHaveLength(4);
    expect(report.findings).toHaveLength(4);
  });
});

describe('finding tallies of the dashboard merged over schedules', () => {
  it('follow the merged checks: each check and its findings from the newest run that evaluated it', () => {
    const aws: ResultSpec[] = [
      { checkId: 'iam.root_mfa_enabled', scope: 'aws:111111111111', resourceId: 'root', status: 'fail' },
      { checkId: 's3.bucket_access_logging_enabled', scope: 'aws:222222222222:eu-west-1', resourceId: 'bucket', status: 'excepted' },
    ];
    const github: ResultSpec[] = [{ checkId: 'github.repo_pr_review_required', scope: 'github:acme', resourceId: 'repo', status: 'error' }];
    const store = storeOf(aws, github);
    const evidence = openEvidence(store, { timezone: 'UTC', producers: () => [] });
    const reportOf = (runId: number) => buildReport({ evidence, checks: CHECKS, frameworks: FRAMEWORKS, frameworkFilter: [], runId });
    const [daily, hourly] = [reportOf(1), reportOf(2)];
    const merged = mergeScheduleReports(hourly, [
      { s: { schedule: 'default', runId: 1, previousRunId: null }, report: daily },
      { s: { schedule: 'github', runId: 2, previousRunId: null }, report: hourly },
    ], () => []);
    expect(merged.findings).toHaveLength(3);
    expect(merged.findingCounts).toEqual(findingCountsOf(merged.findings));
    expect(merged.findingCounts).toEqual({ openBySeverity: { critical: 1, medium: 1 }, open: 2, excepted: 1 });
  });
});
