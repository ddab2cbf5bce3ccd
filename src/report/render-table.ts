import Table from 'cli-table3';
import type { Report } from './types.js';

const STATUS_LABEL: Record<string, string> = { pass: 'PASS', fail: 'FAIL', error: 'ERROR', excepted: 'EXCEPTED', not_applicable: 'N/A', manual: 'manual' };

function table(head: string[], colWidths?: (number | null)[]): Table.Table {
  return new Table({
    head,
    style: { head: [], border: [], compact: true },
    wordWrap: true,
    wrapOnWordBoundary: true,
    ...(colWidths ? { colWidths } : {}),
  });
}

function countsLine(c: Report['totals']): string {
  return `${c.pass} pass, ${c.fail} fail, ${c.error} error, ${c.excepted} excepted, ${c.not_applicable} not applicable`;
}

/**
 * Scope coverage first: a report over a day where some scope was never looked at must say so before
 * any pass is read. Each missing scope is listed with its reason.
 */
function coverageLines(cov: Report['scopeCoverage']): string[] {
  const summary = `${cov.collected} of ${cov.expected} expected scope${cov.expected === 1 ? '' : 's'} collected`;
  if (cov.status === 'complete') return [`coverage: complete — ${summary}`];
  const lines = [`coverage: ${cov.status.toUpperCase()} — ${summary}; ${cov.missing.length === 0 ? 'the run stated no expected scope' : 'its checks record error where a scope is missing'}`];
  if (cov.missing.length > 0) {
    const t = table(['collector', 'scope', 'origin', 'why it was not collected'], [14, 28, 17, 70]);
    for (const m of cov.missing) t.push([m.collector, m.scope, m.origin, m.reason]);
    lines.push(t.toString());
  }
  return lines;
}

/** The human report: what a team reads each morning. `allControls` also lists controls with no automated check. */
export function renderReportTable(report: Report, opts: { allControls?: boolean } = {}): string {
  const out: string[] = [];
  const { run } = report;
  out.push(`controlwatch report — run ${run.id} on ${run.day} (${run.trigger}), seal ${run.seal?.slice(0, 16) ?? '-'}…`);
  out.push(...coverageLines(report.scopeCoverage));
  out.push(report.previousRun ? `compared with run ${report.previousRun.id} (${report.previousRun.startedAt})` : 'no previous sealed run to compare with');
  out.push(`results: ${countsLine(report.totals)}`);
  out.push('');

  out.push('Checks');
  const checks = table(['check', 'severity', 'status', 'pass', 'fail', 'error', 'exc.', 'n/a']);
  for (const c of report.checks) {
    checks.push([c.checkId, c.severity, STATUS_LABEL[c.status]!, c.counts.pass, c.counts.fail, c.counts.error, c.counts.excepted, c.counts.not_applicable]);
  }
  out.push(checks.toString(), '');

  for (const cov of report.coverage) {
    out.push(`Controls — ${cov.framework}: ${cov.automated} of ${cov.controls} have automated checks; the rest need manual evidence (\`controlwatch controls\` lists which checks map where)`);
    const rows = report.controls.filter((c) => c.framework === cov.framework && (opts.allControls || c.status !== 'manual'));
    const t = table(['control', 'title', 'status', 'pass', 'fail', 'error', 'checks', 'owner'], [10, 48, 10, 6, 6, 7, 8, 18]);
    for (const c of rows) t.push([c.controlId, c.title, STATUS_LABEL[c.status]!, c.counts.pass, c.counts.fail, c.counts.error, c.checks.length, c.owner ?? '-']);
    out.push(t.toString(), '');
  }

  if (report.previousRun) {
    out.push(`Changes since run ${report.previousRun.id}: ${report.changes.length === 0 ? 'none' : report.changes.length}`);
    if (report.changes.length > 0) {
      const t = table(['check', 'resource', 'was', 'now'], [34, 60, 10, 10]);
      for (const c of report.changes) t.push([c.checkId, c.resourceId, c.from ? STATUS_LABEL[c.from]! : '(new)', c.to ? STATUS_LABEL[c.to]! : '(gone)']);
      out.push(t.toString());
    }
    out.push('');
  }

  if (report.configDisagreements.length > 0) {
    out.push(`AWS Config rules that disagree with controlwatch checks: ${report.configDisagreements.length}`);
    const t = table(['resource', 'Config rule', 'Config says', 'check', 'check says'], [44, 30, 14, 34, 10]);
    for (const d of report.configDisagreements) t.push([d.resourceArn, d.configRule, d.configSays, d.checkId, STATUS_LABEL[d.checkSays]!]);
    out.push(t.toString(), '');
  }

  out.push(`Findings: ${report.findings.length}`);
  if (report.findings.length > 0) {
    const t = table(['status', 'severity', 'check', 'resource', 'reason'], [10, 10, 34, 48, 60]);
    for (const f of report.findings) t.push([STATUS_LABEL[f.status]!, f.severity, f.checkId, f.resourceId, f.reason]);
    out.push(t.toString());
  }
  return out.join('\n') + '\n';
}
