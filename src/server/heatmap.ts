import { esc } from './html.js';

/**
 * The calendar heatmap: one cell per audit day, weeks as columns and weekdays (Monday first) as rows.
 * A pure function of series data (no store, no clock), so the dashboard and the HTML export draw the
 * same picture from the same cells. Colour comes from classes only (HEATMAP_CSS), never inline
 * styles, so a strict Content-Security-Policy holds. Every cell also carries its status in words
 * (title, data-status): colour is never the only signal.
 *
 * A day without evidence is grey (`no_evidence`): a gap is never drawn as a pass.
 */

/** A day's status as the period layer reports it (DayStatus), kept structural so callers need no import. */
export type HeatmapStatus = 'pass' | 'fail' | 'error' | 'excepted' | 'not_applicable' | 'no_evidence';

export interface HeatmapDay {
  readonly day: string;
  readonly status: HeatmapStatus;
  /** Why the cell is not simply one run's verdict (several runs, no run); shown in the tooltip. */
  readonly note?: string | null;
  /**
   * A declared manual control's attested status that day, as the day's run recorded it (its status is
   * already combined into `status`): shown in words and as data-attested, so a failing check beside a
   * current review still says the review was done.
   */
  readonly attestation?: { readonly status: 'pass' | 'fail' | 'no_evidence'; readonly reason: string } | null;
}

export interface HeatmapSeries {
  /** Accessible name of the whole grid, e.g. "iso27001-2022 A.8.5". */
  readonly label: string;
  readonly days: readonly HeatmapDay[];
}

const WORDS: Record<HeatmapStatus, string> = {
  pass: 'pass',
  fail: 'fail',
  error: 'error (could not be evaluated)',
  excepted: 'excepted',
  not_applicable: 'not applicable',
  no_evidence: 'no evidence',
};

/** Monday = 0 … Sunday = 6, for a YYYY-MM-DD calendar date (zone-free). */
function weekdayIndex(day: string): number {
  return (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** The grid for one series. Days must be consecutive and in order (as the period layer returns them). */
export function renderHeatmap(series: HeatmapSeries): string {
  const first = series.days[0];
  const pad = first ? weekdayIndex(first.day) : 0;
  const cells: string[] = [];
  for (let i = 0; i < pad; i++) cells.push('<span class="hm-cell hm-pad" aria-hidden="true"></span>');
  for (const d of series.days) {
    const attested = d.attestation ? `; attested: ${WORDS[d.attestation.status]} (${d.attestation.reason})` : '';
    const words = `${d.day}: ${WORDS[d.status]}${d.note ? ` — ${d.note}` : ''}${attested}`;
    const data = d.attestation ? ` data-attested="${d.attestation.status}"` : '';
    // The title is the cell's words (tooltip and accessible name); no aria-label copy: a page holds thousands of cells.
    cells.push(`<span class="hm-cell hm-${d.status}" data-day="${esc(d.day)}" data-status="${d.status}"${data} title="${esc(words)}"></span>`);
  }
  return `<div class="hm-grid" role="group" aria-label="${esc(series.label)}: daily status">${cells.join('')}</div>`;
}

/** The legend, in words and colours. */
export function renderHeatmapLegend(): string {
  const order: HeatmapStatus[] = ['pass', 'fail', 'error', 'excepted', 'not_applicable', 'no_evidence'];
  return `<p class="hm-legend">${order.map((s) => `<span class="hm-cell hm-${s}" aria-hidden="true"></span> ${esc(WORDS[s])}`).join(' &nbsp; ')}</p>`;
}

/** The heatmap's styles; embed in a <style> element (its hash goes into the page's CSP). */
export const HEATMAP_CSS = `
.hm-grid{display:grid;grid-template-rows:repeat(7,11px);grid-auto-flow:column;grid-auto-columns:11px;gap:2px}
.hm-cell{display:inline-block;width:11px;height:11px;border-radius:2px;vertical-align:middle}
.hm-pad{background:transparent}
.hm-pass{background:#2da44e}
.hm-fail{background:#cf222e}
.hm-error{background:#d4a72c}
.hm-excepted{background:#8250df}
.hm-not_applicable{background:#d0d7de}
.hm-no_evidence{background:#8c959f;background-image:repeating-linear-gradient(45deg,transparent 0 2px,#eaeef2 2px 4px)}
`;
