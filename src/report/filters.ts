import type { Status } from '../model/status.js';
import { addCounts } from './rollup.js';
import { emptyCounts } from '../model/status.js';
import type { FindingRow, Report } from './types.js';
import { findingCountsOf } from './finding-counts.js';

/**
 * `report` filters (--severity --status --check --control --framework --scope --owner). Each narrows the
 * rows of every view it applies to; several values of one filter are alternatives, different filters must
 * all hold. Pure: a Report in, a narrower Report out, so every format and view sees the same rows.
 */
export interface ReportFilter {
  readonly severity?: readonly string[];
  readonly status?: readonly string[];
  /** Check ids; `github.*` or `github.` match a prefix. */
  readonly check?: readonly string[];
  readonly control?: readonly string[];
  /** Framework ids after alias resolution (resolveFrameworks). */
  readonly framework?: readonly string[];
  /** An account, region, organisation, repository or a whole scope (`aws:111111111111`, `eu-west-1`, `acme`, `acme/infra`). */
  readonly scope?: readonly string[];
  readonly owner?: readonly string[];
}

/** Short names people type; the catalogs' ids stay the canonical form in every output. */
export const FRAMEWORK_ALIASES: Readonly<Record<string, string>> = {
  soc2: 'soc2-2017',
  iso27001: 'iso27001-2022',
  iso: 'iso27001-2022',
  pci: 'pci-dss-4.0',
  'pci-dss': 'pci-dss-4.0',
  cis: 'cis-aws-foundations',
  'cis-aws': 'cis-aws-foundations',
};

export function resolveFrameworks(requested: readonly string[]): string[] {
  return [...new Set(requested.map((f) => FRAMEWORK_ALIASES[f.toLowerCase()] ?? f))];
}

export const NO_OWNER = '(no owner)';

const any = (values: readonly string[] | undefined) => values !== undefined && values.length > 0;

function checkMatches(patterns: readonly string[], id: string): boolean {
  return patterns.some((p) => (p.endsWith('*') ? id.startsWith(p.slice(0, -1)) : p.endsWith('.') ? id.startsWith(p) : id === p));
}

/** `aws:111111111111:eu-west-1` and `github:acme/infra` split into the parts a person filters by. */
function scopeParts(scope: string, resourceId = ''): Set<string> {
  const parts = new Set<string>([scope, resourceId]);
  const segments = scope.split(':');
  for (let i = 1; i <= segments.length; i++) parts.add(segments.slice(0, i).join(':'));
  for (const s of segments.slice(1)) parts.add(s);
  // A repository: `github:acme/infra` → `acme/infra`, `infra`.
  for (const id of [scope, resourceId]) {
    const repo = /^github:([^/:]+)\/([^/:]+)/.exec(id);
    if (repo) parts.add(`${repo[1]}/${repo[2]}`).add(repo[2]!).add(repo[1]!);
  }
  return parts;
}

function scopeMatches(wanted: readonly string[], scope: string, resourceId?: string): boolean {
  const parts = scopeParts(scope, resourceId);
  return wanted.some((w) => parts.has(w));
}

/** The owners of the controls a check maps to (owners are kept per control), or NO_OWNER. */
export function ownersOf(report: Pick<Report, 'controls'>, mappings: Readonly<Record<string, readonly string[]>>): string[] {
  const owners = new Set<string>();
  for (const c of report.controls) if (c.owner && (mappings[c.framework] ?? []).includes(c.controlId)) owners.add(c.owner);
  return owners.size === 0 ? [NO_OWNER] : [...owners].sort();
}

function mapsTo(mappings: Readonly<Record<string, readonly string[]>>, f: ReportFilter): boolean {
  if (any(f.framework) && !f.framework!.some((fw) => (mappings[fw] ?? []).length > 0)) return false;
  if (any(f.control)) {
    const fws = any(f.framework) ? f.framework! : Object.keys(mappings);
    if (!fws.some((fw) => (mappings[fw] ?? []).some((id) => f.control!.includes(id)))) return false;
  }
  return true;
}

export function isEmptyFilter(f: ReportFilter): boolean {
  return !Object.values(f).some((v) => any(v as readonly string[] | undefined));
}

export function filterReport(report: Report, f: ReportFilter): Report {
  if (isEmptyFilter(f)) return report;
  const severityOk = (s: string) => !any(f.severity) || f.severity!.includes(s);
  const statusOk = (s: string) => !any(f.status) || f.status!.includes(s);
  const checkOk = (id: string) => !any(f.check) || checkMatches(f.check!, id);
  const ownerOk = (mappings: Readonly<Record<string, readonly string[]>>) => !any(f.owner) || ownersOf(report, mappings).some((o) => f.owner!.includes(o));
  const severityOf = new Map(report.checks.map((c) => [c.checkId, c.severity]));
  const mappingsOf = new Map(report.checks.map((c) => [c.checkId, c.controls]));

  const findings = report.findings.filter(
    (r: FindingRow) => severityOk(r.severity) && statusOk(r.status) && checkOk(r.checkId) && mapsTo(r.controls, f) && ownerOk(r.controls) && (!any(f.scope) || scopeMatches(f.scope!, r.scope, r.resourceId)),
  );
  // A check row is a roll-up over every scope: --scope narrows it to the checks with a finding there.
  const inScope = new Set(findings.map((r) => r.checkId));
  const checks = report.checks.filter(
    (c) => severityOk(c.severity) && statusOk(c.status) && checkOk(c.checkId) && mapsTo(c.controls, f) && ownerOk(c.controls) && (!any(f.scope) || inScope.has(c.checkId)),
  );
  const controls = report.controls.filter(
    (c) =>
      (!any(f.framework) || f.framework!.includes(c.framework)) &&
      (!any(f.control) || f.control!.includes(c.controlId)) &&
      (!any(f.owner) || f.owner!.includes(c.owner ?? NO_OWNER)) &&
      statusOk(c.status) &&
      (!any(f.check) || c.checks.some((id) => checkOk(id))),
  );
  const changes = report.changes.filter((c) => {
    const m = mappingsOf.get(c.checkId) ?? {};
    return (
      checkOk(c.checkId) &&
      (!any(f.severity) || severityOk(severityOf.get(c.checkId) ?? 'unknown')) &&
      (!any(f.status) || f.status!.includes(c.to ?? '') || f.status!.includes(c.from ?? '')) &&
      mapsTo(m, f) &&
      ownerOk(m) &&
      (!any(f.scope) || scopeMatches(f.scope!, c.scope, c.resourceId))
    );
  });
  const scopeCoverage = any(f.scope)
    ? { ...report.scopeCoverage, scopes: report.scopeCoverage.scopes.filter((s) => scopeMatches(f.scope!, s.scope)), missing: report.scopeCoverage.missing.filter((s) => scopeMatches(f.scope!, s.scope)) }
    : report.scopeCoverage;
  return {
    ...report,
    scopeCoverage,
    checks,
    controls,
    changes,
    findings,
    findingCounts: findingCountsOf(findings),
    programme: filterProgramme(report, f, { controls, findings, checkOk, statusOk }),
    totals: checks.reduce((acc, c) => addCounts(acc, c.counts), emptyCounts()),
    configDisagreements: report.configDisagreements.filter((d) => checkOk(d.checkId) && (!any(f.scope) || scopeMatches(f.scope!, `aws:${d.account}`, d.resourceArn))),
  };
}

/**
 * Values accepted by --status: a result's status; for controls also `no_evidence` (a declared manual
 * control never attested) and `manual` (neither an automated check nor a declared manual control).
 */
export const STATUS_VALUES: readonly (Status | 'manual' | 'no_evidence')[] = ['pass', 'fail', 'error', 'excepted', 'not_applicable', 'no_evidence', 'manual'];

interface Narrowed {
  readonly controls: Report['controls'];
  readonly findings: Report['findings'];
  readonly checkOk: (id: string) => boolean;
  readonly statusOk: (s: string) => boolean;
}

/**
 * The programme's sections narrowed by the same filters, so every view agrees: owners keep the failing
 * controls and findings that survived, scope drift is narrowed by --scope, exceptions by --check and
 * --control, manual controls (which have no checks) by --control, --owner, --status and --framework.
 */
function filterProgramme(report: Report, f: ReportFilter, n: Narrowed): Report['programme'] {
  const p = report.programme;
  const controlKeys = new Set(n.controls.map((c) => `${c.framework}\u0000${c.controlId}`));
  const findingKeys = new Set(n.findings.map((r) => `${r.checkId}\u0000${r.resourceId}`));
  const controlIds = new Set(n.controls.map((c) => c.controlId));
  const manualControls = p.manualControls.filter(
    (m) =>
      !any(f.check) &&
      (!any(f.control) || f.control!.includes(m.control)) &&
      (!any(f.owner) || f.owner!.includes(m.owner ?? NO_OWNER)) &&
      n.statusOk(m.status) &&
      (!any(f.framework) || controlIds.has(m.control)),
  );
  const manualIds = new Set(manualControls.map((m) => m.control));
  const owners = p.owners
    .filter((g) => !any(f.owner) || f.owner!.includes(g.owner))
    .map((g) => ({
      ...g,
      failingControls: g.failingControls.filter((c) => (c.framework === 'manual' ? manualIds.has(c.controlId) : controlKeys.has(`${c.framework}\u0000${c.controlId}`))),
      findings: g.findings.filter((r) => findingKeys.has(`${r.checkId}\u0000${r.resourceId}`)),
    }))
    .filter((g) => g.failingControls.length > 0 || g.findings.length > 0);
  const mappingsOf = new Map(report.checks.map((c) => [c.checkId, Object.values(c.controls).flat()]));
  const register = p.exceptions.register.filter(
    (e) =>
      (!any(f.check) || (e.check !== undefined && n.checkOk(e.check))) &&
      (!any(f.control) || (e.control !== undefined ? f.control!.includes(e.control) : (mappingsOf.get(e.check ?? '') ?? []).some((id) => f.control!.includes(id)))),
  );
  const kept = new Set(register.map((e) => e.id));
  const mentions = (line: string) => [...kept].some((id) => line.includes(id));
  const drift = any(f.scope) ? p.scope.drift.filter((d) => scopeMatches(f.scope!, d.scope, d.id)) : p.scope.drift;
  return {
    ...p,
    scope: { ...p.scope, drift },
    owners,
    exceptions: { register, expiringSoon: p.exceptions.expiringSoon.filter(mentions), stale: p.exceptions.stale.filter(mentions), warnings: p.exceptions.warnings.filter(mentions) },
    manualControls,
  };
}
