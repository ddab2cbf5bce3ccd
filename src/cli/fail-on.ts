import { EXIT, CliError, type ExitCode } from './exit-codes.js';
import { findingKey, newFindingKeys } from '../report/summary.js';
import type { Report } from '../report/types.js';

/**
 * `--fail-on`: which findings make the exit non-zero. Comma-separated terms that must all hold:
 * `any` (every fail or error; the default for `run`), `new` (only findings new since the previous sealed
 * run), `severity>=LEVEL` (critical, high, medium, low), `none` (findings never fail the exit). So
 * `new,severity>=high` is "only new high or critical". Coverage problems (5, 6) are never filtered: a run
 * that could not look is not a clean run whatever the findings say.
 */
export interface FailOn {
  readonly none: boolean;
  readonly onlyNew: boolean;
  readonly minSeverity: string | null;
}

const SEVERITY_RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };

export function parseFailOn(text: string): FailOn {
  let none = false;
  let onlyNew = false;
  let minSeverity: string | null = null;
  for (const term of text.split(',').map((t) => t.trim().toLowerCase())) {
    const severity = /^severity>=(critical|high|medium|low)$/.exec(term);
    if (term === 'any') continue;
    else if (term === 'none') none = true;
    else if (term === 'new') onlyNew = true;
    else if (severity) minSeverity = severity[1]!;
    else throw new CliError(`--fail-on: unknown term "${term}"; use any, new, none, severity>=critical|high|medium|low, or a comma-separated combination (new,severity>=high)`, EXIT.usage);
  }
  return { none, onlyNew, minSeverity };
}

export const FAIL_ON_ANY: FailOn = { none: false, onlyNew: false, minSeverity: null };
export const FAIL_ON_NONE: FailOn = { none: true, onlyNew: false, minSeverity: null };

/** What the exit code says about a sealed run, read back as a report (coverage first, then findings). */
export function exitCodeFor(report: Pick<Report, 'scopeCoverage' | 'findings' | 'changes' | 'previousRun'>, failOn: FailOn): ExitCode {
  if (report.scopeCoverage.status === 'empty') return EXIT.nothingCollected;
  if (report.scopeCoverage.status === 'partial') return EXIT.coverage;
  if (failOn.none) return EXIT.ok;
  const fresh = newFindingKeys(report);
  const selected = report.findings.filter(
    (f) => (f.status === 'fail' || f.status === 'error') && (failOn.minSeverity === null || (SEVERITY_RANK[f.severity] ?? 9) <= SEVERITY_RANK[failOn.minSeverity]!) && (!failOn.onlyNew || fresh.has(findingKey(f))),
  );
  if (selected.length === 0) return EXIT.ok;
  return selected.some((f) => fresh.has(findingKey(f))) ? EXIT.newFindings : EXIT.findings;
}

/** One line saying which code and why: printed by `demo`, and by `run` on stderr-free table output. */
export function explainExit(code: ExitCode): string {
  switch (code) {
    case EXIT.ok:
      return 'exit 0: no finding selected by --fail-on, and every expected scope was collected';
    case EXIT.findings:
      return 'exit 1: findings present (fail or error results), none new since the previous run';
    case EXIT.newFindings:
      return 'exit 8: findings present, some new since the previous run';
    case EXIT.coverage:
      return 'exit 5: collection incomplete — some expected scope could not be collected';
    case EXIT.nothingCollected:
      return 'exit 6: nothing could be collected — no expected scope was covered';
    default:
      return `exit ${code}`;
  }
}
