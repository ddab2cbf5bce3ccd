import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { PIPED_FLEX_WIDTH, renderReportTable } from '../../src/report/render-table.js';
import { CSV_COLUMNS, renderReportCsv } from '../../src/report/render-csv.js';
import { filterReport, resolveFrameworks } from '../../src/report/filters.js';
import { reportDocument } from '../../src/report/result-document.js';
import { REPORT_VIEWS } from '../../src/report/views.js';
import { frameworkSummaries, isNewFinding } from '../../src/report/summary.js';
import type { Report } from '../../src/report/types.js';
import { LONG_ARN, reportOf, twoRunStore } from './report-fixture.js';

let report: Report;
beforeAll(() => {
  report = reportOf(twoRunStore());
});

const csvRows = (r: Report, view: (typeof REPORT_VIEWS)[number]) => parse(renderReportCsv(r, view), { columns: true }) as Record<string, string>[];

describe('report layout', () => {
  it('leads with coverage and the per-framework summary, then findings by owner and severity, then changes', () => {
    const text = renderReportTable(report);
    const at = (s: string) => text.indexOf(s);
    expect(text.split('\n')[1]).toBe('coverage: complete — 2 of 2 expected scopes collected');
    expect(at('Summary — controls per framework')).toBeGreaterThan(0);
    expect(at('Summary')).toBeLessThan(at('Findings: 4'));
    expect(at('Findings: 4')).toBeLessThan(at('Changes since run 1: 1'));
    // Owned groups first, alphabetically; unowned last. Worst severity first within a group.
    expect(at('owner: identity-team')).toBeLessThan(at('owner: platform'));
    expect(at('owner: platform')).toBeLessThan(at('owner: (no owner)'));
    const identity = text.slice(at('owner: identity-team'), at('owner: platform'));
    expect(identity).toContain('critical (1)');
    expect(identity).toContain('iam.root_mfa_enabled');
  });

  it('the per-framework summary counts controls passing, failing, erroring and with no automated check', () => {
    const byFw = Object.fromEntries(frameworkSummaries(report).map((s) => [s.framework, s]));
    expect(byFw['iso27001-2022']).toMatchObject({ controls: 4, passing: 0, failing: 3, erroring: 0, noAutomatedCheck: 1 });
    expect(byFw['soc2-2017']).toMatchObject({ controls: 3, failing: 2, erroring: 1, noAutomatedCheck: 0 });
    expect(byFw['pci-dss-4.0']).toMatchObject({ controls: 2, failing: 1, noAutomatedCheck: 1 });
  });

  it('marks the finding new since the previous run, and only that one', () => {
    const text = renderReportTable(report);
    const newLines = text.split('\n').filter((l) => l.startsWith('│') && l.includes(' NEW '));
    expect(newLines).toHaveLength(1);
    expect(newLines[0]).toContain(LONG_ARN);
    expect(csvRows(report, 'findings').filter((r) => r.new === 'yes').map((r) => r.resource)).toEqual([LONG_ARN]);
    expect(isNewFinding({ from: 'fail', to: 'error' })).toBe(false);
    expect(isNewFinding({ from: null, to: 'fail' })).toBe(true);
  });

  it.each([undefined, 60, 100, 200])('never cuts an id, whatever the width (%s)', (width) => {
    const text = renderReportTable(report, width === undefined ? {} : { width });
    expect(text).toContain(LONG_ARN);
    expect(text).not.toContain('…');
    for (const view of REPORT_VIEWS) expect(renderReportTable(report, { view, ...(width ? { width } : {}) })).not.toContain('…');
  });

  it('wraps the reason column to fit a terminal width; piped (no width) a reason stays whole up to 160 columns', () => {
    // Without the long ARN (a table is never narrower than its ids).
    const short = filterReport(report, { severity: ['critical', 'medium', 'low'] });
    const long = { ...short, findings: short.findings.map((f) => ({ ...f, reason: 'word '.repeat(32).trim() })) };
    const narrow = renderReportTable(long, { width: 100, view: 'findings' });
    const wide = renderReportTable(long, { view: 'findings' });
    const tableLines = narrow.split('\n').filter((l) => /^[│┌└├]/.test(l));
    expect(tableLines.length).toBeGreaterThan(10);
    expect(Math.max(...tableLines.map((l) => l.length))).toBeLessThanOrEqual(100);
    expect('word '.repeat(32).trim()).toHaveLength(PIPED_FLEX_WIDTH - 1);
    expect(wide.split('\n').some((l) => l.includes('word '.repeat(32).trim()))).toBe(true);
  });

  it('piped, a reason longer than 160 columns wraps there instead of widening every row of its table', () => {
    const short = filterReport(report, { severity: ['critical', 'medium', 'low'] });
    // One finding names many collaborators (as a real org-wide reason can: thousands of characters); the rest are short.
    const huge = Array.from({ length: 200 }, (_, i) => `contractor-${i} is not on approved_collaborators`).join('; ');
    // All in one table (one owner group, one severity), so the short rows share the long one's columns.
    const first = short.findings[0]!;
    const findings = short.findings.map((f, i) => ({ ...f, severity: first.severity, controls: first.controls, reason: i === 0 ? huge : 'short reason' }));
    expect(findings.length).toBeGreaterThan(2);
    const piped = renderReportTable({ ...short, findings }, { view: 'findings' });
    const rows = piped.split('\n').filter((l) => l.startsWith('│'));
    const widest = Math.max(...rows.map((l) => l.length));
    // Every row is as wide as the table, and the reason column is at most 160 wide (+ its padding and border).
    const others = rows.find((l) => l.includes('short reason'))!;
    expect(others.length).toBe(widest);
    expect(others.length - others.indexOf('short reason')).toBeLessThanOrEqual(PIPED_FLEX_WIDTH + 2);
    // Nothing of the long reason is lost: its words are all there, in order, across its lines.
    const reasonText = rows.map((l) => l.split('│')[4]!.trim()).filter((t) => t !== '' && t !== 'short reason' && t !== 'reason').join(' ');
    expect(reasonText).toBe(huge);
  });
});

describe('report --view in every format', () => {
  it.each(REPORT_VIEWS)('table view %s prints only its section after the header', (view) => {
    const text = renderReportTable(report, { view });
    const titles: Record<string, string> = {
      summary: 'Summary',
      findings: 'Findings:',
      changes: 'Changes since',
      checks: 'Checks:',
      controls: 'Controls —',
      coverage: 'Scope coverage:',
      'config-disagreements': 'AWS Config rules',
      scope: 'Scope drift:',
      owners: 'Failing controls and findings by owner',
      exceptions: 'Exceptions register:',
      'manual-controls': 'Manual controls',
    };
    expect(text).toContain(titles[view]);
    for (const [other, title] of Object.entries(titles)) if (other !== view) expect(text).not.toContain(title);
  });

  it.each(REPORT_VIEWS)('csv view %s has its documented header', (view) => {
    expect(renderReportCsv(report, view).split('\n')[0]).toBe(CSV_COLUMNS[view].join(','));
  });

  it.each(REPORT_VIEWS)('an empty csv view %s still prints its full header', (view) => {
    const empty = filterReport(report, { check: ['no.such_check'], scope: ['nowhere'], framework: ['nope'] });
    const none = { ...empty, scopeCoverage: { ...empty.scopeCoverage, scopes: [] }, frameworks: [] };
    expect(renderReportCsv(none, view)).toBe(CSV_COLUMNS[view].join(',') + '\n');
  });

  it.each(REPORT_VIEWS)('json view %s carries that section and the header fields only', (view) => {
    const doc = reportDocument(report, view);
    expect(doc).toMatchObject({ schema_version: 1, kind: 'report', view, run: { id: report.run.id } });
    const key = { coverage: 'scopeCoverage', 'config-disagreements': 'configDisagreements', 'manual-controls': 'manualControls' }[view as string] ?? view;
    expect(doc[key]).toBeDefined();
    expect(Object.keys(doc).sort()).toEqual([...new Set(['schema_version', 'kind', 'run', 'previousRun', 'scopeCoverage', 'totals', 'view', key])].sort());
  });
});

describe('report filters', () => {
  const findings = (r: Report) => r.findings.map((f) => `${f.checkId} ${f.resourceId}`);

  it('--severity and --status', () => {
    expect(findings(filterReport(report, { severity: ['critical', 'high'] }))).toEqual(['iam.root_mfa_enabled arn:aws:iam::111111111111:root', `iam.cross_account_trust_restricted ${LONG_ARN}`]);
    expect(findings(filterReport(report, { status: ['error'] }))).toEqual(['s3.bucket_access_logging_enabled arn:aws:s3:::logs-bucket']);
    expect(filterReport(report, { status: ['manual'] }).controls.map((c) => c.controlId)).toEqual(['A.5.1', '12.1.1']);
  });

  it('--check exact or prefix, --control', () => {
    expect(findings(filterReport(report, { check: ['github.*'] }))).toEqual(['github.repo_pr_review_required github:acme/infra']);
    expect(filterReport(report, { check: ['iam.root_mfa_enabled'] }).checks.map((c) => c.checkId)).toEqual(['iam.root_mfa_enabled']);
    expect(findings(filterReport(report, { control: ['CC7.2'] }))).toEqual(['s3.bucket_access_logging_enabled arn:aws:s3:::logs-bucket']);
  });

  it('--framework with aliases', () => {
    expect(resolveFrameworks(['soc2', 'iso27001', 'pci', 'PCI'])).toEqual(['soc2-2017', 'iso27001-2022', 'pci-dss-4.0']);
    const pci = filterReport(report, { framework: resolveFrameworks(['pci']) });
    expect(findings(pci)).toEqual([`iam.cross_account_trust_restricted ${LONG_ARN}`]);
    expect(new Set(pci.controls.map((c) => c.framework))).toEqual(new Set(['pci-dss-4.0']));
  });

  it('--scope by account, region, organisation, repository or scope id', () => {
    expect(findings(filterReport(report, { scope: ['222222222222'] }))).toEqual(['s3.bucket_access_logging_enabled arn:aws:s3:::logs-bucket']);
    expect(findings(filterReport(report, { scope: ['eu-west-1'] }))).toEqual(['s3.bucket_access_logging_enabled arn:aws:s3:::logs-bucket']);
    expect(findings(filterReport(report, { scope: ['acme'] }))).toEqual(['github.repo_pr_review_required github:acme/infra']);
    expect(findings(filterReport(report, { scope: ['acme/infra'] }))).toEqual(['github.repo_pr_review_required github:acme/infra']);
    expect(findings(filterReport(report, { scope: ['infra'] }))).toEqual(['github.repo_pr_review_required github:acme/infra']);
    expect(filterReport(report, { scope: ['aws:111111111111'] }).scopeCoverage.scopes.map((s) => s.scope)).toEqual(['aws:111111111111']);
  });

  it('--owner, including the unowned', () => {
    expect(findings(filterReport(report, { owner: ['platform'] }))).toEqual(['github.repo_pr_review_required github:acme/infra']);
    expect(findings(filterReport(report, { owner: ['(no owner)'] })).sort()).toEqual([`iam.cross_account_trust_restricted ${LONG_ARN}`, 's3.bucket_access_logging_enabled arn:aws:s3:::logs-bucket'].sort());
  });

  it('filters combine (all must hold) and narrow every view and the totals', () => {
    const r = filterReport(report, { severity: ['critical'], scope: ['111111111111'] });
    expect(findings(r)).toEqual(['iam.root_mfa_enabled arn:aws:iam::111111111111:root']);
    expect(r.checks.map((c) => c.checkId)).toEqual(['iam.root_mfa_enabled']);
    expect(r.changes).toEqual([]);
    expect(r.totals).toEqual(report.checks.find((c) => c.checkId === 'iam.root_mfa_enabled')!.counts);
  });
});

describe('documented CSV columns', () => {
  it('docs/schema/README.md lists exactly the columns each view prints', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { PROJECT_ROOT } = await import('../../src/util/project-root.js');
    const doc = readFileSync(join(PROJECT_ROOT, 'docs/schema/README.md'), 'utf8');
    for (const view of REPORT_VIEWS) {
      const row = doc.slice(doc.indexOf('## CSV columns')).split('\n').find((l) => l.startsWith(`| \`${view}\``));
      expect(row?.split('|')[2]?.trim().split(', '), view).toEqual([...CSV_COLUMNS[view]]);
    }
  });
});
