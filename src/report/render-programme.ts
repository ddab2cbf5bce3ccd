import Table from 'cli-table3';
import type { Report } from './types.js';

/**
 * Table renderers of the control programme's report sections (report.programme): the scope headline
 * and drift, findings and failing controls by owner, the exceptions register's warnings and manual
 * controls. Each returns null when it has nothing to say, so the table layout (sections.ts) can list
 * them without knowing their data.
 */

/** Long lists stay readable: the first `max`, then how many more (JSON and CSV carry them all). */
function capped(items: readonly string[], max = 12): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} … and ${items.length - max} more`;
}

function table(head: string[], colWidths: number[]): Table.Table {
  return new Table({ head, colWidths, wordWrap: true, wrapOnWordBoundary: true, style: { head: [], border: [], compact: true } });
}

/** The first line a reader needs: how much of what was discovered the declared scope covers. */
export function scopeHeadline(report: Report): string {
  const s = report.programme.scope;
  if (!s.declared) return `scope coverage: no declared scope — all ${s.discovered} discovered resources are treated as in scope`;
  return `scope coverage: ${s.percent}% — ${s.inScope} of ${s.discovered} discovered resources are inside the declared scope; ${s.drift.length} outside (scope drift, listed not judged)`;
}

export function renderScopeDrift(report: Report): string | null {
  const { drift } = report.programme.scope;
  if (drift.length === 0) return null;
  const t = table(['type', 'resource', 'scope', 'why it is outside the declared scope'], [20, 54, 26, 50]);
  for (const d of drift) t.push([d.type, d.id, d.scope, d.why]);
  return `Scope drift: ${drift.length} discovered resource${drift.length === 1 ? '' : 's'} outside the declared scope (not evaluated; declare or exclude them)\n${t.toString()}`;
}

export function renderOwners(report: Report, owner?: string): string | null {
  const groups = report.programme.owners.filter((g) => owner === undefined || g.owner === owner);
  if (groups.length === 0) return owner === undefined ? null : `Owner ${owner}: nothing failing`;
  const out: string[] = ['Failing controls and findings by owner'];
  for (const g of groups) {
    const who = [g.backup ? `backup ${g.backup}` : null, g.contact].filter(Boolean).join(', ');
    out.push(`${g.owner}${who ? ` (${who})` : ''}: ${g.failingControls.length} failing control${g.failingControls.length === 1 ? '' : 's'}, ${g.findings.length} finding${g.findings.length === 1 ? '' : 's'}`);
    if (g.failingControls.length > 0) out.push(`  controls: ${capped(g.failingControls.map((c) => `${c.controlId} (${c.framework}, ${c.status})`))}`);
    const byCheck = new Map<string, number>();
    for (const f of g.findings) byCheck.set(f.checkId, (byCheck.get(f.checkId) ?? 0) + 1);
    if (byCheck.size > 0) out.push(`  checks: ${capped([...byCheck].map(([c, n]) => `${c} ×${n}`))}`);
  }
  return out.join('\n');
}

export function renderExceptions(report: Report): string | null {
  const e = report.programme.exceptions;
  if (e.register.length === 0) return null;
  const out = [`Exceptions register: ${e.register.length} entr${e.register.length === 1 ? 'y' : 'ies'}, ${e.register.filter((r) => r.state === 'in_force').length} in force`];
  for (const w of e.warnings) out.push(`  WARNING: ${w}`);
  for (const x of e.expiringSoon) out.push(`  expiring within 30 days: ${x}`);
  for (const x of e.stale) out.push(`  stale: ${x}`);
  return out.join('\n');
}

export function renderManualControls(report: Report): string | null {
  const m = report.programme.manualControls;
  if (m.length === 0) return null;
  const t = table(['control', 'cadence', 'owner', 'status', 'last attested', 'due', 'why'], [10, 11, 18, 12, 13, 12, 60]);
  for (const c of m) t.push([c.control, c.cadence, c.owner ?? '-', c.status === 'no_evidence' ? 'NO EVIDENCE' : c.status.toUpperCase(), c.lastAttested ?? '-', c.due ?? '-', c.reason]);
  return `Manual controls (attested evidence on a cadence)\n${t.toString()}`;
}

export function renderFrameworkCoverage(report: Report): string | null {
  const rows = report.programme.frameworkCoverage;
  if (rows.length === 0) return null;
  const pct = (n: number, of: number) => (of === 0 ? '0%' : `${Math.round((n / of) * 100)}%`);
  return ['Coverage per framework (automated / attested / none)']
    .concat(rows.map((r) => `  ${r.framework}: ${pct(r.automated, r.controls)} automated, ${pct(r.attested, r.controls)} attested, ${pct(r.none, r.controls)} none (of ${r.controls} controls)`))
    .join('\n');
}

/** Every programme section in reading order, for the table layout. */
export const PROGRAMME_SECTIONS: readonly { readonly id: string; readonly renderTable: (report: Report) => string | null }[] = [
  { id: 'scope-drift', renderTable: renderScopeDrift },
  { id: 'owners', renderTable: (r) => renderOwners(r) },
  { id: 'exceptions', renderTable: renderExceptions },
  { id: 'manual-controls', renderTable: renderManualControls },
  { id: 'framework-coverage', renderTable: renderFrameworkCoverage },
];

/** The register itself (the `exceptions` view): every entry with its state on the day, then the warnings. */
export function renderExceptionsRegister(report: Report): string {
  const e = report.programme.exceptions;
  const out = [renderExceptions(report) ?? 'Exceptions register: no entries'];
  if (e.register.length > 0) {
    const t = table(['id', 'check / control', 'resource', 'state', 'starts', 'expires', 'matched', 'approver', 'reason'], [14, 30, 36, 12, 12, 12, 9, 18, 40]);
    for (const r of e.register) t.push([r.id, r.check ?? `control ${r.control}`, r.resource, r.expiringSoon ? `${r.state} (expiring)` : r.state, r.starts ?? '-', r.expires, r.matched, r.approver, r.reason]);
    out.push(t.toString());
  }
  return out.join('\n');
}

/** `report --view V` for a programme view, in the table format: each says so when it has nothing to show. */
export function renderProgrammeView(report: Report, view: 'scope' | 'owners' | 'exceptions' | 'manual-controls'): string {
  switch (view) {
    case 'scope':
      return [scopeHeadline(report), renderScopeDrift(report) ?? 'Scope drift: none (every discovered resource is inside the declared scope)'].join('\n');
    case 'owners':
      return renderOwners(report) ?? 'Failing controls and findings by owner: nothing failing';
    case 'exceptions':
      return renderExceptionsRegister(report);
    case 'manual-controls':
      return renderManualControls(report) ?? 'Manual controls: none declared (programme.manualControls)';
  }
}
