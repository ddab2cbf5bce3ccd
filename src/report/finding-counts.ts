import type { CheckSummary, FindingCounts, FindingRow } from './types.js';

/**
 * The findings' tallies from the run's stored per-check counts (summed over scopes, sealed with the run): a finding
 * is a fail, error or excepted result, and its severity is its check's (build.ts findingRow), so these equal the
 * tallies of the findings list without reading a result (test/report/finding-counts.test.ts holds them equal).
 */
export function findingCountsOfChecks(checks: readonly CheckSummary[]): FindingCounts {
  return tally(checks.map((c) => ({ severity: c.severity, open: c.counts.fail + c.counts.error, excepted: c.counts.excepted })));
}

/** The same tallies from a findings list (a filtered one: filters narrow findings, not the stored counts). */
export function findingCountsOf(findings: readonly FindingRow[]): FindingCounts {
  return tally(findings.map((f) => (f.status === 'excepted' ? { severity: f.severity, open: 0, excepted: 1 } : { severity: f.severity, open: 1, excepted: 0 })));
}

function tally(parts: readonly { severity: string; open: number; excepted: number }[]): FindingCounts {
  const openBySeverity: Record<string, number> = {};
  let open = 0;
  let excepted = 0;
  for (const p of parts) {
    if (p.open > 0) openBySeverity[p.severity] = (openBySeverity[p.severity] ?? 0) + p.open;
    open += p.open;
    excepted += p.excepted;
  }
  return { openBySeverity, open, excepted };
}
