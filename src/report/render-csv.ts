import { stringify } from 'csv-stringify/sync';
import type { Report } from './types.js';

export const CSV_VIEWS = ['controls', 'checks', 'findings', 'changes', 'config-disagreements', 'coverage'] as const;
export type CsvView = (typeof CSV_VIEWS)[number];

const mappings = (m: Readonly<Record<string, readonly string[]>>) =>
  Object.entries(m)
    .map(([fw, ids]) => `${fw}:${ids.join('|')}`)
    .join(' ');

/** One flat table per view, for spreadsheets and GRC tools. Every row carries the run id and day. */
export function renderReportCsv(report: Report, view: CsvView): string {
  const runCols = { run_id: report.run.id, day: report.run.day };
  let rows: Record<string, unknown>[];
  switch (view) {
    case 'controls':
      rows = report.controls.map((c) => ({ ...runCols, framework: c.framework, control: c.controlId, title: c.title, status: c.status, ...c.counts, checks: c.checks.join(' '), owner: c.owner ?? '' }));
      break;
    case 'checks':
      rows = report.checks.map((c) => ({ ...runCols, check: c.checkId, title: c.title, severity: c.severity, status: c.status, ...c.counts, controls: mappings(c.controls) }));
      break;
    case 'findings':
      rows = report.findings.map((f) => ({ ...runCols, status: f.status, severity: f.severity, check: f.checkId, scope: f.scope, resource: f.resourceId, reason: f.reason, controls: mappings(f.controls) }));
      break;
    case 'config-disagreements':
      rows = report.configDisagreements.map((d) => ({ ...runCols, account: d.account, resource: d.resourceArn, config_rule: d.configRule, managed_rule: d.managedRuleIdentifier, config_says: d.configSays, check: d.checkId, check_says: d.checkSays, check_reason: d.checkReason }));
      break;
    case 'coverage':
      // One row per expected scope: what the run said it must cover and whether it did.
      rows = report.scopeCoverage.scopes.map((c) => ({ ...runCols, coverage: report.scopeCoverage.status, collector: c.collector, scope: c.scope, origin: c.origin, collection: c.collection ?? '', collected: c.collected ? 'yes' : 'no', reason: c.reason ?? '' }));
      break;
    case 'changes':
      rows = report.changes.map((c) => ({ ...runCols, check: c.checkId, scope: c.scope, resource: c.resourceId, was: c.from ?? '', now: c.to ?? '', reason: c.reason ?? '' }));
      break;
  }
  return stringify(rows, { header: true, columns: rows.length ? undefined : ['run_id', 'day'] });
}
