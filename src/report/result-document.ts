import type { Report } from './types.js';
import type { ReportView } from './views.js';
import { frameworkSummaries, findingKey, newFindingKeys } from './summary.js';
import { ownersOf } from './filters.js';
import { PROGRAMME_VIEW_KEYS, type ProgrammeView } from './programme-rows.js';

/**
 * The one machine-readable result shape that `report --format json` and `run --format json` share
 * (docs/schema/result.schema.json, described in docs/schema/README.md). `schema_version` changes only when
 * a field is removed or changes meaning; new fields may appear within a version.
 */
export const SCHEMA_VERSION = 1;

/** Which key of the document carries each view (so `--view` picks one section in JSON too). */
const VIEW_KEYS: Readonly<Record<ReportView, string>> = {
  summary: 'summary',
  findings: 'findings',
  changes: 'changes',
  checks: 'checks',
  controls: 'controls',
  coverage: 'scopeCoverage',
  'config-disagreements': 'configDisagreements',
  // The programme's sections, lifted out of `programme` under their own key (scope, owners, exceptions, manualControls).
  ...PROGRAMME_VIEW_KEYS,
};

/** Common part: which run, its scope coverage, its totals and every finding (with owners and whether it is new). */
export function resultCore(report: Report, kind: 'report' | 'run') {
  return { ...resultHeader(report, kind), findings: findingsDocument(report) };
}

/** The fields every document starts with: which run, its scope coverage and totals. */
function resultHeader(report: Report, kind: 'report' | 'run') {
  return {
    schema_version: SCHEMA_VERSION,
    kind,
    run: report.run,
    previousRun: report.previousRun,
    scopeCoverage: report.scopeCoverage,
    totals: report.totals,
  };
}

function findingsDocument(report: Report) {
  const fresh = newFindingKeys(report);
  return report.findings.map((f) => ({ ...f, owners: ownersOf(report, f.controls), new: fresh.has(findingKey(f)) }));
}

/** The report's own fields a document does not carry as they are (findingCounts: the summary's tallies, derived from findings). */
const NOT_IN_DOCUMENT = new Set(['findingCounts']);

/**
 * `report --format json`: the whole report, or with a view only that section beside the common header fields.
 * A view computes its section only: the summary of a large day reads no finding (issue 15).
 */
export function reportDocument(report: Report, view?: ReportView): Record<string, unknown> {
  const header = resultHeader(report, 'report');
  if (view) {
    const key = VIEW_KEYS[view];
    const section = key in header ? {} : { [key]: view in PROGRAMME_VIEW_KEYS ? report.programme[PROGRAMME_VIEW_KEYS[view as ProgrammeView]] : sectionOf(report, key) };
    return { ...header, ...section, view };
  }
  const full: Record<string, unknown> = {
    ...header,
    findings: findingsDocument(report),
    frameworks: report.frameworks,
    summary: frameworkSummaries(report),
    checks: report.checks,
    controls: report.controls,
    coverage: report.coverage,
    changes: report.changes,
    configDisagreements: report.configDisagreements,
  };
  // Sections contributed by other parts of the programme (scope drift, exceptions, …) ride along as they are.
  for (const [key, value] of Object.entries(report)) if (!(key in full) && !NOT_IN_DOCUMENT.has(key)) full[key] = value;
  return full;
}

/** One named section of the whole document, computed alone. */
function sectionOf(report: Report, key: string): unknown {
  switch (key) {
    case 'findings':
      return findingsDocument(report);
    case 'summary':
      return frameworkSummaries(report);
    default:
      return report[key as keyof Report];
  }
}
