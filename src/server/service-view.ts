import type { AppConfig } from '../config/schema.js';
import { checkInfos, frameworkInfos } from '../engine/catalog-info.js';
import { controlsOf, type ControlRef, type ControlSeries, type DayRange, type EvidenceReader } from '../period/index.js';
import type { Registry } from '../registry/index.js';
import { buildReport } from '../report/build.js';
import type { CheckInfo, FrameworkInfo, Report } from '../report/types.js';
import { dayIn } from '../util/calendar.js';

/** Days the dashboard's heatmap and the history API cover by default. */
export const HISTORY_DAYS = 90;

/** The catalogue facts every view needs, computed once per server from the registry. */
export interface Catalogue {
  readonly checks: readonly CheckInfo[];
  readonly frameworks: readonly FrameworkInfo[];
  readonly controls: readonly ControlRef[];
}

export function catalogueOf(registry: Registry): Catalogue {
  const checks = checkInfos(registry);
  return { checks, frameworks: frameworkInfos(registry), controls: controlsOf(checks) };
}

/** The last `days` audit days ending today (audit time zone). */
export function lastDays(now: Date, timezone: string, days: number): DayRange {
  const to = dayIn(now, timezone);
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}

/**
 * Owners as the report takes them: a team name per control. The owners section may also give
 * `{ owner, backup }` (the control-programme work); the first-line owner is what the dashboard shows.
 */
export function ownerNames(owners: AppConfig['owners']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(owners as Record<string, unknown>)) {
    if (typeof value === 'string') out[key] = value;
    else if (value && typeof value === 'object' && typeof (value as { owner?: unknown }).owner === 'string') out[key] = (value as { owner: string }).owner;
  }
  return out;
}

export interface ServiceView {
  /** The latest sealed run's report (status per control with owners, changes, findings); null before the first run. */
  readonly report: Report | null;
  readonly range: DayRange;
  readonly series: readonly ControlSeries[];
}

/** Everything the dashboard shows, read through the period layer. */
export function serviceView(evidence: EvidenceReader, catalogue: Catalogue, config: AppConfig, now: Date): ServiceView {
  const latest = evidence.latestSealedRun();
  // `owners` is for report builders that take them from the config; one that reads the owners the run
  // recorded ignores it (a non-literal argument, so either signature accepts it).
  const input = { evidence, checks: catalogue.checks, frameworks: catalogue.frameworks, frameworkFilter: [], owners: ownerNames(config.owners), runId: latest?.id };
  const report = latest ? buildReport(input) : null;
  const range = lastDays(now, evidence.timezone, HISTORY_DAYS);
  return { report, range, series: evidence.controlSeries(range, catalogue.controls) };
}
