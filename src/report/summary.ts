import type { ResultChange } from '../period/index.js';
import type { ControlStatus, Report } from './types.js';

/** One framework's line in the summary: how many of its controls are in each state. */
export interface FrameworkSummary {
  readonly framework: string;
  readonly controls: number;
  readonly passing: number;
  readonly failing: number;
  readonly erroring: number;
  readonly excepted: number;
  readonly notApplicable: number;
  /** Declared manual controls (alone or beside checks) with no attestation on or before the day. */
  readonly noEvidence: number;
  /** Controls neither an automated check nor a declared manual control covers: they need evidence gathered by hand. */
  readonly noAutomatedCheck: number;
}

/** Per framework, from the report's control rows (so filters narrow the summary too). */
export function frameworkSummaries(report: Pick<Report, 'frameworks' | 'controls'>): FrameworkSummary[] {
  return report.frameworks.map((framework) => {
    const rows = report.controls.filter((c) => c.framework === framework);
    const n = (s: ControlStatus) => rows.filter((c) => c.status === s).length;
    return { framework, controls: rows.length, passing: n('pass'), failing: n('fail'), erroring: n('error'), excepted: n('excepted'), notApplicable: n('not_applicable'), noEvidence: n('no_evidence'), noAutomatedCheck: n('manual') };
  });
}

/**
 * A change that is a new problem: a result that now fails and did not fail before (a new resource, or
 * one that passed, errored or was excepted), or that now errors having passed / been absent. A failing
 * resource that turns to error is not new: the problem was already known.
 */
export function isNewFinding(c: Pick<ResultChange, 'from' | 'to'>): boolean {
  if (c.to === 'fail') return c.from !== 'fail';
  if (c.to === 'error') return c.from !== 'error' && c.from !== 'fail';
  return false;
}

/** Findings new since the previous sealed run; with no previous run every finding is new (nothing to compare with). */
export function newFindingKeys(report: Pick<Report, 'previousRun' | 'changes' | 'findings'>): Set<string> {
  if (!report.previousRun) return new Set(report.findings.filter((f) => f.status === 'fail' || f.status === 'error').map(findingKey));
  return new Set(report.changes.filter(isNewFinding).map(findingKey));
}

export const findingKey = (r: { checkId: string; scope: string; resourceId: string }) => `${r.checkId}\u0000${r.scope}\u0000${r.resourceId}`;
