import type { Report } from './types.js';
import type { ReportView } from './views.js';
import { frameworkSummaries, findingKey, newFindingKeys } from './summary.js';
import { ownersOf } from './filters.js';
import { wrapText } from './text-wrap.js';
import { EXTRA_SECTIONS } from './sections.js';
import { renderProgrammeView, scopeHeadline } from './render-programme.js';
import { compactTableLines } from './long-table.js';

const STATUS_LABEL: Record<string, string> = { pass: 'PASS', fail: 'FAIL', error: 'ERROR', excepted: 'EXCEPTED', not_applicable: 'N/A', no_evidence: 'NO EVIDENCE', manual: 'manual' };
const SEVERITIES = ['critical', 'high', 'medium', 'low'];

export interface TableOptions {
  /** Terminal columns to fit (a TTY); undefined: no wrapping, every line as long as it needs (piped). */
  readonly width?: number;
  /** Also list controls with no automated check in the controls table. */
  readonly allControls?: boolean;
  /** One section only; undefined: the daily layout (summary, findings, changes, then pointers). */
  readonly view?: ReportView;
}

const longest = (cell: string) => Math.max(0, ...cell.split('\n').map((l) => l.length));

/**
 * The flex column's width when there is no terminal (piped output): 160 columns keep all but the rarest reasons on
 * one line for grep (99.9 % of a day's 32,000 findings at the estate benchmark's default size are shorter), while one
 * reason naming forty collaborators (7,900 characters) no longer pads every row of its table to that width — the
 * piped daily report was 52.7 MB for 10 MB of text (issue 15).
 */
export const PIPED_FLEX_WIDTH = 160;

/**
 * A table whose ids are never cut: every column sizes to its content except `flex` (a reason or title),
 * which is wrapped to what the width leaves (at least 24 columns). With no width (piped) it wraps at PIPED_FLEX_WIDTH.
 */
function fitted(head: string[], rows: (string | number)[][], flex: number | null, width: number | undefined): string {
  return fittedLines(head, rows, flex, width).join('\n');
}

/** fitted() as its lines: the findings' tables join the report's lines, copied into one string once (issue 15). */
function fittedLines(head: string[], rows: (string | number)[][], flex: number | null, width: number | undefined): string[] {
  const cells = rows.map((r) => r.map(String));
  let flexWidth: number | undefined = PIPED_FLEX_WIDTH;
  if (width !== undefined && flex !== null) {
    const fixed = head.reduce((sum, h, i) => (i === flex ? sum : sum + Math.max(h.length, ...cells.map((r) => longest(r[i] ?? ''))) + 2), 0);
    flexWidth = Math.max(24, width - fixed - (head.length + 1) - 2);
  }
  return compactTableLines(head, cells.map((r) => r.map((c, i) => (i === flex ? wrapText(c, flexWidth) : c))));
}

/** Appends in a loop: a spread of a 32,000-line table as arguments nears the engine's argument limit. */
function append(out: string[], lines: readonly string[]): void {
  for (const line of lines) out.push(line);
}

function countsLine(c: Report['totals']): string {
  return `${c.pass} pass, ${c.fail} fail, ${c.error} error, ${c.excepted} excepted, ${c.not_applicable} not applicable`;
}

/**
 * Scope coverage first: a report over a day where some scope was never looked at must say so before
 * any pass is read. Each missing scope is listed with its reason.
 */
function coverageLines(cov: Report['scopeCoverage'], width: number | undefined): string[] {
  const summary = `${cov.collected} of ${cov.expected} expected scope${cov.expected === 1 ? '' : 's'} collected`;
  if (cov.status === 'complete') return [`coverage: complete — ${summary}`];
  const lines = [`coverage: ${cov.status.toUpperCase()} — ${summary}; ${cov.missing.length === 0 ? 'the run stated no expected scope' : 'its checks record error where a scope is missing'}`];
  if (cov.missing.length > 0) lines.push(fitted(['collector', 'scope', 'origin', 'why it was not collected'], cov.missing.map((m) => [m.collector, m.scope, m.origin, m.reason]), 3, width));
  return lines;
}

function header(report: Report, width: number | undefined): string[] {
  const { run } = report;
  return [
    `controlwatch report — run ${run.id} on ${run.day} (${run.trigger}), seal ${run.seal ?? '-'}`,
    ...coverageLines(report.scopeCoverage, width),
    scopeHeadline(report),
    report.previousRun ? `compared with run ${report.previousRun.id} (${report.previousRun.startedAt})` : 'no previous sealed run to compare with',
    `results: ${countsLine(report.totals)}`,
  ];
}

/** Per framework: how many controls pass, fail, error, are excepted, or have no automated check at all. */
export function summarySection(report: Report): string[] {
  const out = ['Summary — controls per framework'];
  out.push(
    fitted(
      ['framework', 'controls', 'passing', 'failing', 'erroring', 'excepted', 'n/a', 'not attested', 'no check or cadence'],
      frameworkSummaries(report).map((s) => [s.framework, s.controls, s.passing, s.failing, s.erroring, s.excepted, s.notApplicable, s.noEvidence, s.noAutomatedCheck]),
      null,
      undefined,
    ),
  );
  const { open, openBySeverity, excepted } = report.findingCounts;
  const bySeverity = SEVERITIES.map((s) => [s, openBySeverity[s] ?? 0] as const).filter(([, n]) => n > 0);
  const fresh = newFindingKeys(report).size;
  out.push(
    `findings to act on: ${open}${bySeverity.length ? ` (${bySeverity.map(([s, n]) => `${n} ${s}`).join(', ')})` : ''}` +
      (report.previousRun ? `; new since run ${report.previousRun.id}: ${fresh}` : '') +
      `; excepted: ${excepted}`,
  );
  return out;
}

/** Findings grouped by the owner of the controls they map to, then by severity (worst first). */
export function findingsSection(report: Report, width: number | undefined): string[] {
  const out = [`Findings: ${report.findings.length}${report.findings.length ? ' — by owner, then severity' + (report.previousRun ? `; NEW = new since run ${report.previousRun.id}` : '') : ''}`];
  if (report.findings.length === 0) return out;
  const fresh = report.previousRun ? newFindingKeys(report) : new Set<string>();
  const groups = new Map<string, Report['findings'][number][]>();
  // Appended in place: copying the group for each finding was quadratic (60,000 findings: seconds, issue 15).
  // Findings of one check share its mappings object: owners are worked out once per check, not per finding.
  const ownerOf = new Map<Report['findings'][number]['controls'], string>();
  for (const f of report.findings) {
    let owner = ownerOf.get(f.controls);
    if (owner === undefined) ownerOf.set(f.controls, (owner = ownersOf(report, f.controls).join(', ')));
    const group = groups.get(owner);
    if (group) group.push(f);
    else groups.set(owner, [f]);
  }
  // Owned groups first (someone can act), alphabetically; the unowned group last.
  const owners = [...groups.keys()].sort((a, b) => Number(a.startsWith('(')) - Number(b.startsWith('(')) || a.localeCompare(b));
  for (const owner of owners) {
    const rows = groups.get(owner)!;
    out.push('', `owner: ${owner} — ${rows.length} finding${rows.length === 1 ? '' : 's'}`);
    const severities = [...SEVERITIES, ...new Set(rows.map((r) => r.severity).filter((s) => !SEVERITIES.includes(s)))];
    for (const severity of severities) {
      const these = rows.filter((r) => r.severity === severity);
      if (these.length === 0) continue;
      out.push(`  ${severity} (${these.length})`);
      append(
        out,
        fittedLines(
          ['status', 'check', 'resource', 'reason'],
          these.map((f) => [`${STATUS_LABEL[f.status]}${fresh.has(findingKey(f)) ? ' NEW' : ''}`, f.checkId, f.resourceId, f.reason]),
          3,
          width,
        ),
      );
    }
  }
  return out;
}

export function changesSection(report: Report, width: number | undefined): string[] {
  if (!report.previousRun) return ['Changes: no previous sealed run to compare with'];
  const out = [`Changes since run ${report.previousRun.id}: ${report.changes.length === 0 ? 'none' : report.changes.length}`];
  if (report.changes.length > 0) {
    out.push(
      fitted(
        ['check', 'resource', 'was', 'now', 'reason'],
        report.changes.map((c) => [c.checkId, c.resourceId, c.from ? STATUS_LABEL[c.from]! : '(new)', c.to ? STATUS_LABEL[c.to]! : '(gone)', c.reason ?? '']),
        4,
        width,
      ),
    );
  }
  return out;
}

export function disagreementsSection(report: Report, width: number | undefined): string[] {
  if (report.configDisagreements.length === 0) return ['AWS Config rules that disagree with controlwatch checks: none'];
  return [
    `AWS Config rules that disagree with controlwatch checks: ${report.configDisagreements.length}`,
    fitted(
      ['resource', 'Config rule', 'Config says', 'check', 'check says', 'check reason'],
      report.configDisagreements.map((d) => [d.resourceArn, d.configRule, d.configSays, d.checkId, STATUS_LABEL[d.checkSays]!, d.checkReason]),
      5,
      width,
    ),
  ];
}

export function checksSection(report: Report, width: number | undefined): string[] {
  return [
    `Checks: ${report.checks.length}`,
    fitted(
      ['check', 'severity', 'status', 'pass', 'fail', 'error', 'exc.', 'n/a', 'title'],
      report.checks.map((c) => [c.checkId, c.severity, STATUS_LABEL[c.status]!, c.counts.pass, c.counts.fail, c.counts.error, c.counts.excepted, c.counts.not_applicable, c.title]),
      8,
      width,
    ),
  ];
}

export function controlsSection(report: Report, width: number | undefined, allControls: boolean): string[] {
  const out: string[] = [];
  for (const cov of report.coverage) {
    if (!report.frameworks.includes(cov.framework)) continue;
    const all = report.controls.filter((c) => c.framework === cov.framework);
    const attested = all.filter((c) => c.evidence === 'attested').length;
    out.push(
      `Controls — ${cov.framework}: ${cov.automated} of ${cov.controls} have automated checks, ${attested} more are attested on a cadence; the rest need manual evidence${allControls ? '' : ' (--all-controls lists them)'}`,
    );
    const rows = all.filter((c) => allControls || c.status !== 'manual');
    out.push(
      fitted(
        ['control', 'status', 'evidence', 'pass', 'fail', 'error', 'checks', 'owner', 'title'],
        rows.map((c) => [c.controlId, STATUS_LABEL[c.status]!, c.evidence, c.counts.pass, c.counts.fail, c.counts.error, c.checks.length, c.owner ?? '-', c.attestation && c.evidence === 'attested' ? `${c.title} — ${c.attestation.reason}` : c.title]),
        8,
        width,
      ),
      '',
    );
  }
  return out;
}

export function coverageSection(report: Report, width: number | undefined): string[] {
  const cov = report.scopeCoverage;
  return [
    `Scope coverage: ${cov.status} — ${cov.collected} of ${cov.expected} expected scopes collected`,
    fitted(['collector', 'scope', 'origin', 'collection', 'collected', 'why not'], cov.scopes.map((s) => [s.collector, s.scope, s.origin, s.collection ?? '-', s.collected ? 'yes' : 'NO', s.reason ?? '']), 5, width),
  ];
}

function viewSection(report: Report, view: ReportView, width: number | undefined, allControls: boolean): string[] {
  switch (view) {
    case 'summary':
      return summarySection(report);
    case 'findings':
      return findingsSection(report, width);
    case 'changes':
      return changesSection(report, width);
    case 'checks':
      return checksSection(report, width);
    case 'controls':
      return controlsSection(report, width, allControls);
    case 'coverage':
      return coverageSection(report, width);
    case 'config-disagreements':
      return disagreementsSection(report, width);
    default:
      return [renderProgrammeView(report, view)];
  }
}

/**
 * The human report: what a team reads each morning. The daily layout leads with coverage and the
 * per-framework summary, then the findings grouped by owner and severity, then changes; the reference
 * tables (checks, controls, every scope) are one `--view` away so the first screen is what needs doing.
 */
export function renderReportTable(report: Report, opts: TableOptions = {}): string {
  const { width } = opts;
  const out = header(report, width);
  out.push('');
  if (opts.view) {
    append(out, viewSection(report, opts.view, width, opts.allControls ?? false));
    return out.join('\n') + '\n';
  }
  out.push(...summarySection(report), '');
  append(out, findingsSection(report, width));
  out.push('');
  out.push(...changesSection(report, width), '');
  if (report.configDisagreements.length > 0) out.push(...disagreementsSection(report, width), '');
  for (const section of EXTRA_SECTIONS) {
    const text = section.renderTable(report, width);
    if (text) out.push(text, '');
  }
  if (opts.allControls) out.push(...controlsSection(report, width, true));
  out.push('More: report --view checks | controls | coverage | changes | scope | owners | exceptions | manual-controls; filter with --severity --status --check --control --framework --scope --owner');
  return out.join('\n') + '\n';
}
