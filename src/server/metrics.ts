import { Gauge, Registry } from 'prom-client';
import type { AppConfig } from '../config/schema.js';
import { collectorCalls, type ControlSeries, type EvidenceReader, type EvidenceSource } from '../period/index.js';
import { STATUSES } from '../model/status.js';
import { dayIn } from '../util/calendar.js';
import type { Catalogue } from './service-view.js';
import { HISTORY_DAYS, lastDays } from './service-view.js';
import type { LedgerPort } from './ports.js';

export interface MetricsInput {
  readonly evidence: EvidenceReader;
  readonly source: EvidenceSource;
  readonly catalogue: Catalogue;
  readonly config: AppConfig;
  readonly ledger: LedgerPort;
  readonly now: Date;
  /** The daemon's schedules (each gets a missed-slots sample, 0 included); those in the ledger are added. */
  readonly scheduleIds?: readonly string[];
}

/** Days ahead an exception counts as "expiring soon". */
export const EXPIRING_WITHIN_DAYS = 30;

/**
 * The Prometheus exposition, rebuilt from the store on every scrape: every figure is a gauge of the
 * stored evidence (the latest sealed run, or the last 90 days), never a counter kept in memory, so a
 * restarted server reports the same numbers and the metrics cannot disagree with the evidence.
 */
export async function renderMetrics(input: MetricsInput): Promise<{ contentType: string; body: string }> {
  const registry = new Registry();
  const gauge = (name: string, help: string, labelNames: readonly string[] = []) => new Gauge({ name, help, labelNames, registers: [registry] });
  const { evidence, now } = input;
  const latest = evidence.latestSealedRun();

  const sinceLast = gauge('controlwatch_last_sealed_run_age_seconds', 'Seconds since the latest sealed run finished (absent before the first run).');
  const duration = gauge('controlwatch_last_run_duration_seconds', 'Wall time of the latest sealed run, start to seal.');
  const lastId = gauge('controlwatch_last_sealed_run_id', 'Id of the latest sealed run.');
  const results = gauge('controlwatch_results', 'Results of the latest sealed run by check and status (resources × scopes).', ['check', 'status']);
  const failing = gauge('controlwatch_failing_controls', 'Controls whose status is fail in the latest sealed run, per framework.', ['framework']);
  const calls = gauge('controlwatch_collector_api_calls', 'API calls a collector made in the latest sealed run, summed over its scopes.', ['collector']);
  const throttles = gauge('controlwatch_collector_throttles', 'Throttled API calls of a collector in the latest sealed run.', ['collector']);
  const scopeErrors = gauge('controlwatch_collector_scopes_not_ok', 'Scopes a collector did not collect cleanly in the latest sealed run.', ['collector']);
  const evidenceAge = gauge(
    'controlwatch_control_evidence_age_seconds',
    `Seconds since the latest sealed run that evaluated the control (controls unevaluated for ${HISTORY_DAYS} days are absent).`,
    ['framework', 'control'],
  );
  const slots = input.ledger.slots();
  const missed = gauge(
    'controlwatch_missed_slots',
    slots.length > 0
      ? `Scheduled slots of the last ${HISTORY_DAYS} days whose status is missed in the slot ledger, per schedule (a caught-up slot counts as ran).`
      : 'Scheduled slots recorded as missed. 0 because no slot is recorded: no daemon schedule has run against this store.',
    ['schedule'],
  );
  const expiring = gauge('controlwatch_exceptions_expiring', `Configured exceptions that expire within ${EXPIRING_WITHIN_DAYS} days (not yet expired).`);

  if (latest) {
    const finished = latest.finishedAt ?? latest.startedAt;
    sinceLast.set(Math.max(0, (now.getTime() - Date.parse(finished)) / 1000));
    duration.set((Date.parse(finished) - Date.parse(latest.startedAt)) / 1000);
    lastId.set(latest.id);
    for (const c of evidence.checkCounts(latest.id)) for (const s of STATUSES) results.set({ check: c.checkId, status: s }, c.counts[s]);
    for (const f of failingControls(input, latest.id)) failing.set({ framework: f.framework }, f.count);
    for (const c of collectorCalls(input.source, latest.id)) {
      calls.set({ collector: c.collector }, c.apiCalls);
      throttles.set({ collector: c.collector }, c.throttles);
      scopeErrors.set({ collector: c.collector }, c.scopesNotOk);
    }
  }
  // Counts only, on purpose: the evidence age is the age of the latest automated evaluation (the runs whose
  // checks evaluated the control); attested status does not bear on it, and every scrape would read 90 scope blobs.
  const series = evidence.controlSeries(lastDays(now, evidence.timezone, HISTORY_DAYS), input.catalogue.controls);
  for (const { framework, controlId, at } of lastEvaluated(series, evidence)) {
    evidenceAge.set({ framework, control: controlId }, Math.max(0, (now.getTime() - Date.parse(at)) / 1000));
  }
  for (const schedule of new Set([...(input.scheduleIds ?? []), ...slots.map((s) => s.schedule), ...(slots.length === 0 && !input.scheduleIds?.length ? ['default'] : [])])) {
    missed.set({ schedule }, slots.filter((s) => s.schedule === schedule && s.status === 'missed').length);
  }
  expiring.set(expiringExceptions(input.config, now));

  return { contentType: registry.contentType, body: await registry.metrics() };
}

/** Controls failing per framework (every framework listed, 0 included, so a recovery shows as 0 not as absent). */
function failingControls(input: MetricsInput, runId: number): { framework: string; count: number }[] {
  const counts = new Map(input.evidence.checkCounts(runId).map((c) => [c.checkId, c.counts]));
  return input.catalogue.frameworks.map((f) => {
    const controls = input.catalogue.controls.filter((c) => c.framework === f.id);
    const count = controls.filter((c) => c.checks.some((id) => (counts.get(id)?.fail ?? 0) > 0)).length;
    return { framework: f.id, count };
  });
}

/** For each control, when the latest sealed run that evaluated it (in the window) finished. */
function lastEvaluated(series: readonly ControlSeries[], evidence: EvidenceReader): { framework: string; controlId: string; at: string }[] {
  const finished = new Map<number, string>();
  const out: { framework: string; controlId: string; at: string }[] = [];
  for (const s of series) {
    const cell = [...s.days].reverse().find((d) => d.runs.length > 0);
    const runId = cell?.runs[cell.runs.length - 1]?.runId;
    if (runId === undefined) continue;
    if (!finished.has(runId)) {
      const run = evidence.sealedRun(runId);
      finished.set(runId, run.finishedAt ?? run.startedAt);
    }
    out.push({ framework: s.framework, controlId: s.controlId, at: finished.get(runId) ?? '' });
  }
  return out;
}

/** Exceptions whose last day falls within the next 30 days (audit days, today included). */
export function expiringExceptions(config: AppConfig, now: Date): number {
  const today = dayIn(now, config.audit.timezone);
  const limit = new Date(Date.parse(`${today}T00:00:00Z`) + EXPIRING_WITHIN_DAYS * 86_400_000).toISOString().slice(0, 10);
  return config.exceptions.filter((e) => e.expires >= today && e.expires <= limit).length;
}
