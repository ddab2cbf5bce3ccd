/**
 * src/period — the one query layer over sealed evidence (DESIGN.md "Where the next parts go").
 * Nothing outside src/store reads evidence rows or blobs except through this module: the daily
 * `report`, and next the daemon's dashboard and Prometheus metrics, `period`, `sample`, `log` and
 * `export`. Keeping every reader here keeps the evidence rules in one place:
 *
 * - Only `sealed` runs are evidence. Every method taking a run id refuses anything else
 *   (NoEvidenceError); `running`/`incomplete` runs appear only as `unsealed` gaps to explain.
 * - Days are audit days: calendar dates of a run's `startedAt` in the configured IANA zone.
 * - A day with no sealed run is `no_evidence`, never a pass. A day with several sealed runs shows
 *   the worst verdict (fail > error > excepted > pass > not_applicable) and says so in `note`.
 * - Counts and series come from the stored result_sets counts (one range query); no blob is
 *   decompressed. Resource-level reads (results, findings, diff, observations) open only the
 *   result sets or manifests they need.
 * - No collector id and no observation shape is named here: observation lookup takes a
 *   `Producers` function from the caller and types attributes through ObservationTypeMap.
 *
 * Usage: open the store read-only, wrap it, close the store when done.
 *
 *   const store = EvidenceStore.open(path, { readonly: true });
 *   const evidence = openEvidence(store, { timezone: config.audit.timezone, producers: producersFrom(registry.collectors) });
 *
 * Who uses what:
 *
 * | need                                   | method                                                          |
 * | -------------------------------------- | --------------------------------------------------------------- |
 * | report: latest/previous run            | latestSealedRun(), previousSealedRun(id), sealedRun(id)         |
 * | report / metrics: today's status       | checkCounts(runId) (+ rollupStatus)                             |
 * | report / log: what changed             | diff(beforeId, afterId, { isEventCheck })                       |
 * | report / export: what to act on        | findings(runId), results(runId, where)                          |
 * | report / dashboard: coverage           | coverage(runId) — complete / partial / empty, missing + reason  |
 * | period / dashboard heatmap             | checkSeries(range, opts), controlSeries(range, controlsOf(...)) |
 * | sample: the population                 | runsByDay(range, { triggers: ['schedule'] }) (days + unsealed)  |
 * | sample of days: the drawn days          | controlDays(range, ref): days with evidence, then cellsOn/gapsOn |
 * | sample / export: an evidence pack      | results, observations(runId, type), scopeBlob, exceptionsBlob   |
 * | log: day-by-day changes                | runsByDay + diff between consecutive sealed runs                |
 * | metrics: API calls per collector        | collectorCalls(source, runId) (collections rows, no blob)       |
 *
 * Files (one job each): runs.ts (runs per audit day, sealed check), days.ts (calendar ranges),
 * counts.ts + series.ts (stored counts → daily series), results.ts, findings.ts, diff.ts,
 * coverage.ts, observations.ts (typed lookup by type), run-blobs.ts (scope / exceptions blobs), attested.ts
 * (a manual control's attested status per run and day, from the programme the run stored),
 * status-order.ts (rollup and worst-of), reader.ts (the facade binding them to one store).
 */
export { EvidenceReader, openEvidence, type EvidenceReaderOptions } from './reader.js';
export type { EvidenceSource } from './source.js';
export { NoEvidenceError, TamperedRunError } from './errors.js';
export type { DayRange } from './days.js';
export type { AuditDay, RunDays, RunSummary, TriggerFilter } from './runs.js';
export type { CheckCounts } from './counts.js';
export type { Trigger } from '../store/index.js';
export { controlsOf, manualOnlyControls, type CheckSeries, type ControlRef, type ControlSeries, type ControlSeriesOptions, type DayCell, type DayStatus, type SeriesOptions } from './series.js';
export type { ResultSetRef, RunResult } from './results.js';
export type { DiffOptions, ResultChange } from './diff.js';
export type { RunCoverage, ScopeCoverageRow } from './coverage.js';
export { ObservedResourcesCache, producersFrom, type ObservedResource, type Producers } from './observations.js';
export { addCounts, isWorse, rollupStatus, sumCounts } from './status-order.js';
export type { DayContext, DayContextOptions, FailedCollection, Gap, GapReason, LedgerSlot } from './day-context.js';
export { computeFigures, VERDICTS, type DayTally, type FailureEpisode, type PeriodFigures, type Verdict } from './figures.js';
export { storedExceptions, type DayExceptions, type ScopeChange, type StoredException } from './in-force.js';
export type { CheckPeriod, ControlDays, ControlPeriod, EvaluatedDay, PeriodDay, PeriodOptions, PeriodReport } from './period-report.js';
export { LOG_KINDS, type LogEntry, type LogKind, type LogOptions } from './daily-log.js';
export { sealedCheckRows, type ObservationMaterial, type RunMaterial } from './run-material.js';
export type { AttestationEvidence, DayAttestation } from './attested.js';
export { alertDeliveries, collectionHealth, everMissed, latestSealedRunSummary, missedSlotCount, slotStates, type CollectionHealth, type LedgerSource, type SlotState } from './ledger.js';
export { collectorCalls, type CollectorCalls } from './collector-calls.js';
