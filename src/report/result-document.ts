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
  const fresh = newFindingKeys(report);
  return {
    schema_version: SCHEMA_VERSION,
    kind,
    run: report.run,
    previousRun: report.previousRun,
    scopeCoverage: report.scopeCoverage,
    totals: report.totals,
    findings: report.findings.map((f) => ({ ...f, owners: ownersOf(report, f.controls), new: fresh.has(findingKey(f)) })),
  };
}

/** `report --format json`: the whole report, or with a view only that section beside the common header fields. */
export function reportDocument(report: Report, view?: ReportView): Record<string, unknown> {
  const core = resultCore(report, 'report');
  const full: Record<string, unknown> = {
    ...core,
    frameworks: report.frameworks,
    summary: frameworkSummaries(report),
    checks: report.checks,
    controls: report.controls,
    coverage: report.coverage,
    changes: report.changes,
    configDisagreements: report.configDisagreements,
  };
  // Sections contributed by other parts of the programme (scope drift, exceptions, …) ride along as they are.
  for (const [key, value] of Object.entries(report)) if (!(key in full)) full[key] = value;
  if (!view) return full;
  if (view in PROGRAMME_VIEW_KEYS) {
    const key = PROGRAMME_VIEW_KEYS[view as ProgrammeView];
    full[key] = report.programme[key];
  }
  const keep = new Set(['schema_version', 'kind', 'run', 'previousRun', 'scopeCoverage', 'totals', VIEW_KEYS[view]]);
  return { ...Object.fromEntries(Object.entries(full).filter(([k]) => keep.has(k))), view };
}
