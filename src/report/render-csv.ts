import { stringify } from 'csv-stringify/sync';
import type { Report } from './types.js';
import { REPORT_VIEWS, type ReportView } from './views.js';
import { frameworkSummaries, findingKey, newFindingKeys } from './summary.js';
import { ownersOf } from './filters.js';
import { programmeRows } from './programme-rows.js';

/** Every view is a CSV view (kept under this name for existing callers). */
export const CSV_VIEWS = REPORT_VIEWS;
export type CsvView = ReportView;

const mappings = (m: Readonly<Record<string, readonly string[]>>) =>
  Object.entries(m)
    .map(([fw, ids]) => `${fw}:${ids.join('|')}`)
    .join(' ');

/**
 * The columns of each view, in order (documented in docs/schema/README.md). Fixed here rather than taken
 * from the first row, so an empty view still prints its full header and a spreadsheet's columns never move.
 */
export const CSV_COLUMNS: Readonly<Record<ReportView, readonly string[]>> = {
  summary: ['run_id', 'day', 'framework', 'controls', 'passing', 'failing', 'erroring', 'excepted', 'not_applicable', 'no_automated_check', 'no_evidence'],
  controls: ['run_id', 'day', 'framework', 'control', 'title', 'status', 'pass', 'fail', 'error', 'excepted', 'not_applicable', 'checks', 'owner', 'evidence', 'attestation'],
  checks: ['run_id', 'day', 'check', 'title', 'severity', 'status', 'pass', 'fail', 'error', 'excepted', 'not_applicable', 'controls'],
  findings: ['run_id', 'day', 'status', 'severity', 'check', 'scope', 'resource', 'reason', 'controls', 'owner', 'new'],
  changes: ['run_id', 'day', 'check', 'scope', 'resource', 'was', 'now', 'reason'],
  'config-disagreements': ['run_id', 'day', 'account', 'resource', 'config_rule', 'managed_rule', 'config_says', 'check', 'check_says', 'check_reason'],
  coverage: ['run_id', 'day', 'coverage', 'collector', 'scope', 'origin', 'collection', 'collected', 'reason'],
  scope: ['run_id', 'day', 'scope_coverage', 'type', 'resource', 'scope', 'why'],
  owners: ['run_id', 'day', 'owner', 'backup', 'contact', 'kind', 'framework', 'control', 'check', 'resource', 'status'],
  exceptions: ['run_id', 'day', 'id', 'check', 'control', 'resource', 'state', 'starts', 'expires', 'expiring_soon', 'matched', 'risk', 'approver', 'approved', 'reason', 'compensating_control'],
  'manual-controls': ['run_id', 'day', 'control', 'title', 'cadence', 'owner', 'status', 'last_attested', 'last_attested_by', 'attestation_id', 'due', 'reason'],
};

/** One flat table per view, for spreadsheets and GRC tools. Every row carries the run id and day. */
export function renderReportCsv(report: Report, view: ReportView): string {
  const runCols = { run_id: report.run.id, day: report.run.day };
  let rows: Record<string, unknown>[];
  switch (view) {
    case 'summary':
      rows = frameworkSummaries(report).map((s) => ({ ...runCols, framework: s.framework, controls: s.controls, passing: s.passing, failing: s.failing, erroring: s.erroring, excepted: s.excepted, not_applicable: s.notApplicable, no_automated_check: s.noAutomatedCheck, no_evidence: s.noEvidence }));
      break;
    case 'controls':
      rows = report.controls.map((c) => ({ ...runCols, framework: c.framework, control: c.controlId, title: c.title, status: c.status, ...c.counts, checks: c.checks.join(' '), owner: c.owner ?? '', evidence: c.evidence, attestation: c.attestation?.reason ?? '' }));
      break;
    case 'checks':
      rows = report.checks.map((c) => ({ ...runCols, check: c.checkId, title: c.title, severity: c.severity, status: c.status, ...c.counts, controls: mappings(c.controls) }));
      break;
    case 'findings': {
      const fresh = newFindingKeys(report);
      rows = report.findings.map((f) => ({ ...runCols, status: f.status, severity: f.severity, check: f.checkId, scope: f.scope, resource: f.resourceId, reason: f.reason, controls: mappings(f.controls), owner: ownersOf(report, f.controls).join(' '), new: fresh.has(findingKey(f)) ? 'yes' : 'no' }));
      break;
    }
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
    default:
      rows = programmeRows(report, view).map((r) => ({ ...runCols, ...r }));
  }
  return stringify(rows, { header: true, columns: [...CSV_COLUMNS[view]] });
}
