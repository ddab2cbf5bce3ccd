import { createHash } from 'node:crypto';
import type { ControlSeries } from '../period/index.js';
import type { ControlSummary, Report } from '../report/types.js';
import { HEATMAP_CSS, renderHeatmap, renderHeatmapLegend } from './heatmap.js';
import { esc } from './html.js';
import type { ServiceView } from './service-view.js';

/**
 * The dashboard page: server-rendered HTML, one request, no script, no external asset. Today's status
 * per control with its owner and its 90-day heatmap, what changed since the previous run, findings.
 * It refreshes itself with <meta http-equiv="refresh">, which needs no JavaScript.
 */

const PAGE_CSS = `
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#1f2328;background:#fff}
h1{font-size:1.4rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
table{border-collapse:collapse;margin:.25rem 0 1rem}th,td{text-align:left;padding:.25rem .6rem;border-bottom:1px solid #d0d7de;vertical-align:middle}
th{background:#f6f8fa}.meta{color:#57606a}.warn{color:#9a6700;font-weight:600}
.st{font-weight:600;text-transform:uppercase;font-size:.8rem}
.signout{float:right}
.st-pass{color:#1a7f37}.st-fail{color:#cf222e}.st-error{color:#9a6700}.st-excepted{color:#8250df}.st-not_applicable,.st-manual{color:#57606a}
`;

/** The one <style> element's content; its hash is the only style source the CSP allows. */
export const DASHBOARD_STYLE = PAGE_CSS + HEATMAP_CSS;
export const DASHBOARD_STYLE_HASH = `'sha256-${createHash('sha256').update(DASHBOARD_STYLE).digest('base64')}'`;

/** Findings rows shown on the page; the JSON API has all of them. */
const MAX_FINDINGS = 300;

/** `signOut`: the page was opened with the browser session (login.ts), so it offers to end it. */
export function renderDashboard(view: ServiceView, now: Date, refreshSeconds = 60, options: { signOut?: boolean } = {}): string {
  const { report } = view;
  const body = report ? withReport(report, view) : '<p class="warn">No sealed run in the store yet: the first run has not finished.</p>';
  const signOut = options.signOut ? '<form class="signout" method="post" action="/logout"><button type="submit">Sign out</button></form>' : '';
  return page(`${signOut}<p class="meta">Rendered ${esc(now.toISOString())} · days ${esc(view.range.from)} to ${esc(view.range.to)} · <a href="/metrics">metrics</a> · <a href="/api/runs">runs (JSON)</a> · <a href="/api/slots">slots (JSON)</a></p>
${body}`, refreshSeconds);
}

/** The page while there is nothing to read yet; it refreshes sooner. */
export function renderWaiting(why: string, now: Date): string {
  return page(`<p class="meta">Rendered ${esc(now.toISOString())}</p><p class="warn">${esc(why)}</p>`, 10);
}

/** The page frame every HTML answer uses (one style element, the hash the CSP allows); no refresh when `refreshSeconds` is null. */
export function page(content: string, refreshSeconds: number | null): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
${refreshSeconds === null ? '' : `<meta http-equiv="refresh" content="${refreshSeconds}">\n`}<title>controlwatch dashboard</title>
<style>${DASHBOARD_STYLE}</style></head>
<body>
<h1>controlwatch</h1>
${content}
</body></html>`;
}

function withReport(report: Report, view: ServiceView): string {
  const run = report.run;
  const cov = report.scopeCoverage;
  const seriesByKey = new Map(view.series.map((s) => [`${s.framework}\u0000${s.controlId}`, s]));
  return `<section id="today">
<h2>Today: run ${run.id}</h2>
${run.day === view.range.to ? '' : `<p class="warn">No sealed run today (${esc(view.range.to)}): the latest is from ${esc(run.day)}.</p>`}
<p>Latest sealed run <strong>${run.id}</strong> (${esc(run.trigger)}) started ${esc(run.startedAt)}, audit day ${esc(run.day)}. Results: ${report.totals.pass} pass, ${report.totals.fail} fail, ${report.totals.error} error, ${report.totals.excepted} excepted, ${report.totals.not_applicable} not applicable.</p>
${scheduleRunsLine(view)}
<p>Coverage: <span class="${cov.status === 'complete' ? '' : 'warn'}">${esc(cov.status)}</span>, ${cov.collected} of ${cov.expected} expected scopes collected.${cov.missing.map((m) => ` Missing ${esc(m.collector)} ${esc(m.scope)}: ${esc(m.reason)}.`).join('')}</p>
${renderHeatmapLegend()}
${report.frameworks.map((f) => controlsTable(f, report.controls.filter((c) => c.framework === f && c.status !== 'manual'), seriesByKey)).join('\n')}
</section>
<section id="changes"><h2>${view.scheduleRuns.length > 0 ? 'Changes since each schedule’s previous run' : `Changes since ${report.previousRun ? `run ${report.previousRun.id}` : 'the previous run'}`}</h2>
${changes(report)}</section>
<section id="findings"><h2>Findings (${report.findings.length})</h2>
${findings(report)}</section>`;
}

/** Per-collector schedules: which run each schedule's controls, findings and changes come from. */
function scheduleRunsLine(view: ServiceView): string {
  if (view.scheduleRuns.length === 0) return '';
  const items = view.scheduleRuns.map((s) => `<li data-schedule="${esc(s.schedule)}">schedule <strong>${esc(s.schedule)}</strong>: run ${s.runId}${s.previousRunId === null ? '' : ` (changes since run ${s.previousRunId})`}</li>`);
  return `<p>Collectors run on their own schedules; each control shows the latest run that tested it:</p><ul class="schedule-runs">${items.join('')}</ul>`;
}

function status(s: string): string {
  return `<span class="st st-${esc(s)}">${esc(s.replace('_', ' '))}</span>`;
}

function controlsTable(framework: string, controls: readonly ControlSummary[], series: Map<string, ControlSeries>): string {
  const rows = controls.map((c) => {
    const s = series.get(`${c.framework}\u0000${c.controlId}`);
    const heat = s ? renderHeatmap({ label: `${c.framework} ${c.controlId}`, days: s.days }) : '';
    return `<tr data-control="${esc(c.controlId)}" data-status="${esc(c.status)}"><td>${esc(c.controlId)}</td><td>${esc(c.title)}</td><td>${status(c.status)}</td><td class="owner">${c.owner ? esc(c.owner) : '<span class="meta">no owner</span>'}</td><td>${c.counts.fail}</td><td>${heat}</td></tr>`;
  });
  return `<h3>${esc(framework)}</h3>
<table class="controls" data-framework="${esc(framework)}"><thead><tr><th>control</th><th>title</th><th>today</th><th>owner</th><th>failing</th><th>daily status</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
}

function changes(report: Report): string {
  if (!report.previousRun) return '<p class="meta">No previous sealed run to compare with.</p>';
  if (report.changes.length === 0) return '<p>No result changed.</p>';
  const rows = report.changes.map(
    (c) => `<tr><td>${esc(c.checkId)}</td><td>${esc(c.scope)}</td><td>${esc(c.resourceId)}</td><td>${c.from ? status(c.from) : 'new'}</td><td>${c.to ? status(c.to) : 'gone'}</td><td>${esc(c.reason ?? '')}</td></tr>`,
  );
  return `<table><thead><tr><th>check</th><th>scope</th><th>resource</th><th>was</th><th>now</th><th>reason</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

function findings(report: Report): string {
  if (report.findings.length === 0) return '<p>No findings.</p>';
  const shown = report.findings.slice(0, MAX_FINDINGS);
  const rows = shown.map(
    (f) => `<tr><td>${status(f.status)}</td><td>${esc(f.severity)}</td><td>${esc(f.checkId)}</td><td>${esc(f.scope)}</td><td>${esc(f.resourceId)}</td><td>${esc(f.reason)}</td></tr>`,
  );
  const more = report.findings.length > shown.length ? `<p class="meta">${report.findings.length - shown.length} more in /api/runs/${report.run.id}/results.</p>` : '';
  return `<table><thead><tr><th>status</th><th>severity</th><th>check</th><th>scope</th><th>resource</th><th>reason</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>${more}`;
}
