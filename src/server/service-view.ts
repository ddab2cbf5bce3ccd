import type { AppConfig } from '../config/schema.js';
import { checkInfos, frameworkInfos } from '../engine/catalog-info.js';
import { controlsOf, manualOnlyControls, type ControlRef, type ControlSeries, type DayRange, type EvidenceReader } from '../period/index.js';
import type { Registry } from '../registry/index.js';
import { buildReport, controlStatus } from '../report/build.js';
import { addCounts, rollupStatus } from '../report/rollup.js';
import { emptyCounts } from '../model/status.js';
import type { CheckInfo, FrameworkInfo, Report } from '../report/types.js';
import { dayIn } from '../util/calendar.js';
import { findingCountsOfChecks } from '../report/finding-counts.js';

/** Days the dashboard's heatmap and the history API cover by default. */
export const HISTORY_DAYS = 90;

/** The catalogue facts every view needs, computed once per server from the registry. */
export interface Catalogue {
  readonly checks: readonly CheckInfo[];
  readonly frameworks: readonly FrameworkInfo[];
  readonly controls: readonly ControlRef[];
}

/**
 * Controls are those some check maps to, plus the declared manual controls no check maps to (as `period`
 * lists them), so an attested-only control has its heatmap and history too; which days it passed comes
 * from the attestations each run recorded, not from this list.
 */
export function catalogueOf(registry: Registry, manualControls: readonly { readonly control: string }[] = []): Catalogue {
  const checks = checkInfos(registry);
  const frameworks = frameworkInfos(registry);
  const automated = controlsOf(checks);
  const manualOnly = manualOnlyControls(frameworks, new Set(manualControls.map((m) => m.control)), automated);
  return { checks, frameworks, controls: [...automated, ...manualOnly].sort((a, b) => a.framework.localeCompare(b.framework)) };
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
  /**
   * The latest sealed run's report (status per control with owners, changes, findings); null before the
   * first run. With per-collector schedules: each control, check and finding from the latest run that
   * evaluated it, and the changes of each schedule since that schedule's previous run (scheduleRuns).
   */
  readonly report: Report | null;
  readonly range: DayRange;
  readonly series: readonly ControlSeries[];
  /** The run each schedule's part of `report` comes from (per-collector schedules only; empty otherwise). */
  readonly scheduleRuns: readonly ScheduleRun[];
}

/** A schedule's latest run (and the one before it, which its changes compare against), from the slot ledger. */
export interface ScheduleRun {
  readonly schedule: string;
  readonly runId: number;
  readonly previousRunId: number | null;
}

/** Everything the dashboard shows, read through the period layer. */
export function serviceView(evidence: EvidenceReader, catalogue: Catalogue, config: AppConfig, now: Date, scheduleRuns: readonly ScheduleRun[] = []): ServiceView {
  const latest = evidence.latestSealedRun();
  // `owners` is for report builders that take them from the config; one that reads the owners the run
  // recorded ignores it (a non-literal argument, so either signature accepts it).
  const input = { evidence, checks: catalogue.checks, frameworks: catalogue.frameworks, frameworkFilter: [], owners: ownerNames(config.owners), runId: latest?.id };
  const primary = latest ? buildReport(input) : null;
  const range = lastDays(now, evidence.timezone, HISTORY_DAYS);
  // With each run's recorded attestations (the rule `period` and `report` use): a manual control's heatmap
  // shows its attested status. One small scope blob per run in the window (90 at most), once per page view.
  const series = evidence.controlSeries(range, catalogue.controls, { attestations: true });
  if (!primary || scheduleRuns.length < 2) return { report: primary, range, series, scheduleRuns: [] };
  const reports = scheduleRuns.map((s) => ({ s, report: s.runId === primary.run.id ? primary : buildReport({ ...input, runId: s.runId }) }));
  const isEventCheck = (id: string) => catalogue.checks.find((c) => c.id === id)?.event ?? false;
  return { report: mergeScheduleReports(primary, reports, (a, b) => evidence.diff(a, b, { isEventCheck })), range, series, scheduleRuns };
}

/**
 * One "today" out of several schedules' latest runs: a run of the hourly GitHub schedule evaluates no AWS
 * check, so the newest run alone would show every AWS control as untested. Each check, control and
 * finding comes from the newest of these runs that evaluated it; changes are each schedule's own, against
 * its previous run (the previous sealed run of another schedule would show everything as new or gone).
 * The run header stays the newest run's.
 */
export function mergeScheduleReports(primary: Report, reports: readonly { s: ScheduleRun; report: Report }[], diff: (before: number, after: number) => Report['changes']): Report {
  const newestFirst = [...reports].sort((a, b) => b.report.run.id - a.report.run.id);
  const sourceOfCheck = new Map<string, Report>();
  for (const { report } of newestFirst) for (const c of report.checks) if (!sourceOfCheck.has(c.checkId)) sourceOfCheck.set(c.checkId, report);
  const checks = [...sourceOfCheck.entries()].map(([id, report]) => report.checks.find((c) => c.checkId === id)!).sort((a, b) => a.checkId.localeCompare(b.checkId));
  // A control's status from the merged checks that map to it (they may come from different schedules' runs),
  // with its manual attestation as the newest run recorded it; a control no merged check maps to stays as the newest run has it.
  const controls = primary.controls.map((control) => {
    const mapped = checks.filter((c) => (c.controls[control.framework] ?? []).includes(control.controlId));
    if (mapped.length === 0) return control;
    const counts = mapped.reduce((acc, c) => addCounts(acc, c.counts), emptyCounts());
    const status = controlStatus(rollupStatus(counts), control.attestation ? { status: control.attestation.status } : undefined);
    return { ...control, counts, status, checks: mapped.map((c) => c.checkId), evidence: control.attestation ? ('both' as const) : ('automated' as const) };
  });
  const findings = newestFirst.flatMap(({ report }) => report.findings.filter((f) => sourceOfCheck.get(f.checkId) === report));
  const totals = checks.reduce((acc, c) => addCounts(acc, c.counts), emptyCounts());
  const changes = newestFirst.flatMap(({ s }) => (s.previousRunId === null ? [] : diff(s.previousRunId, s.runId)));
  // The summary's tallies follow the merged checks (each check's findings come from the run its row comes from).
  return { ...primary, checks, controls, findings, findingCounts: findingCountsOfChecks(checks), totals, changes };
}
