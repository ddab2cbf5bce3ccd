import { HEATMAP_CSS, renderHeatmap, renderHeatmapLegend } from '../server/heatmap.js';
import type { PeriodExport } from './document.js';
import { BASE_CSS, esc } from './html.js';

/**
 * The export as one self-contained HTML file (inline CSS, no script, no external asset): per control the
 * verdict, tallies, a calendar heatmap (the dashboard's renderer, so both draw the same cells), failure
 * episodes and gaps; then the exceptions section (approvers), scope changes and collector health.
 */
export function renderExportHtml(doc: PeriodExport): string {
  const controls = doc.controls
    .map((c) => {
      const t = c.tally;
      const episodes = c.episodes.length
        ? `<table><tr><th>start</th><th>last failing day</th><th>remediated</th><th>failing days</th><th>hours to remediate</th></tr>${c.episodes.map((e) => `<tr><td>${esc(e.start)}</td><td>${esc(e.end ?? 'still failing')}</td><td>${esc(e.remediatedOn ?? '—')}</td><td>${e.failingDays}</td><td>${esc(e.hoursToRemediate ?? '—')}</td></tr>`).join('')}</table>`
        : '<p>No failure episode.</p>';
      const gaps = c.gaps.length
        ? `<details><summary>${c.gaps.length} gap day(s)</summary><table><tr><th>day</th><th>reason</th><th>detail</th></tr>${c.gaps.map((g) => `<tr><td>${esc(g.day)}</td><td>${esc(g.reason)}</td><td>${esc(g.detail)}</td></tr>`).join('')}</table></details>`
        : '';
      const ok = c.verdict === 'operated every day in the period';
      return `<section class="control" id="${esc(`${c.framework}-${c.controlId}`)}"><h3>${esc(c.framework)} ${esc(c.controlId)} ${esc(c.title)}</h3>
<p class="${ok ? 'verdict-ok' : 'verdict-note'}">${esc(c.verdict)}</p>
<p>pass ${t.pass} · fail ${t.fail} · error ${t.error} · excepted ${t.excepted} · not applicable ${t.not_applicable} · no evidence ${t.no_evidence}${c.firstFailure ? ` · first failure ${esc(c.firstFailure)}` : ''}${c.longestFailingStreak ? ` · longest failing streak ${c.longestFailingStreak.days} day(s) (${esc(c.longestFailingStreak.from)} to ${esc(c.longestFailingStreak.to)})` : ''}</p>
<p>Checks: ${c.checks.length ? c.checks.map((x) => `<code>${esc(x)}</code>`).join(', ') : 'none (manual control)'}</p>
${c.evidence !== 'automated' ? `<p>Attestations in force: ${c.attestations.length ? c.attestations.map((a) => `#${a.id} by ${esc(a.by)} on ${esc(a.day)} (record <code>${esc(a.recordHash)}</code>${a.files.map((f) => `; ${esc(f.name)} <code>${esc(f.sha256)}</code>`).join('')})`).join(', ') : 'none'}</p>` : ''}
${renderHeatmap({ label: `${c.framework} ${c.controlId}`, days: c.timeline.map((d) => ({ day: d.day, status: d.status, note: d.note })) })}
${episodes}${gaps}</section>`;
    })
    .join('\n');
  const exceptions = doc.exceptions.length
    ? `<table><tr><th>check</th><th>resource</th><th>approver</th><th>justification</th><th>expires</th><th>in force</th></tr>${doc.exceptions.map((e) => `<tr><td><code>${esc(e.check)}</code></td><td><code>${esc(e.resource)}</code></td><td>${esc(e.approver)}</td><td>${esc(e.justification)}</td><td>${esc(e.expires)}</td><td>${esc(e.firstDay)} to ${esc(e.lastDay)} (${e.days} day(s))</td></tr>`).join('')}</table>`
    : '<p>No exception was in force in the period.</p>';
  const scope = doc.scopeChanges.length
    ? `<table><tr><th>day</th><th>run</th><th>added</th><th>removed</th></tr>${doc.scopeChanges.map((s) => `<tr><td>${esc(s.day)}</td><td>${s.runId}</td><td>${esc(s.added.join(', ') || (s.declarationOnly ? 'declared checks or parameters changed' : ''))}</td><td>${esc(s.removed.join(', '))}</td></tr>`).join('')}</table>`
    : '<p>The scope did not change in the period.</p>';
  const health = doc.collectorHealth.length
    ? `<table><tr><th>collector</th><th>scope</th><th>days in error</th><th>last error</th></tr>${doc.collectorHealth.map((h) => `<tr><td>${esc(h.collector)}</td><td>${esc(h.scope)}</td><td>${h.errorDays.length} (${esc(h.errorDays.slice(0, 10).join(', '))}${h.errorDays.length > 10 ? ', …' : ''})</td><td>${esc(h.lastError)}</td></tr>`).join('')}</table>`
    : '<p>Every collector delivered on every day with a run.</p>';
  const dayGaps = doc.dayGaps.length
    ? `<table><tr><th>day</th><th>reason</th><th>detail</th></tr>${doc.dayGaps.map((g) => `<tr><td>${esc(g.day)}</td><td>${esc(g.reason)}</td><td>${esc(g.detail)}</td></tr>`).join('')}</table>`
    : '<p>Every day of the period has a sealed run.</p>';
  const clean = doc.controls.filter((c) => c.verdict === 'operated every day in the period').length;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>controlwatch — controls ${esc(doc.from)} to ${esc(doc.to)}</title>
<style>${BASE_CSS}${HEATMAP_CSS}</style></head><body>
<h1>Control operation ${esc(doc.from)} to ${esc(doc.to)}</h1>
<p>Audit days in ${esc(doc.timezone)}. ${doc.runs.length} sealed run(s). ${clean} of ${doc.controls.length} control(s) operated every day in the period; a day without evidence is never counted as a pass.</p>
${renderHeatmapLegend()}
<h2>Days without evidence</h2>${dayGaps}
<h2>Controls</h2>
${controls}
<h2 id="exceptions">Exceptions in force</h2>${exceptions}
<h2>Scope changes</h2>${scope}
<h2>Collector health</h2>${health}
</body></html>
`;
}
