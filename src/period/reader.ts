import type { Observation } from '../model/observation.js';
import type { AttributesOf } from '../model/observation-types.js';
import { isValidTimeZone } from '../util/calendar.js';
import { checkCountsOfRun, type CheckCounts } from './counts.js';
import { coverageOf, type RunCoverage } from './coverage.js';
import type { DayRange } from './days.js';
import { diffRuns, type DiffOptions, type ResultChange } from './diff.js';
import { findingsOf } from './findings.js';
import { TamperedRunError } from './errors.js';
import { observationCountsOfTypes, observationsOf, observationsOfTypes, observedResources, type ObservedResource, type ObservedResourcesCache, type Producers } from './observations.js';
import { resultsOf, type ResultSetRef, type RunResult } from './results.js';
import { exceptionsBlobOf, scopeBlobOf } from './run-blobs.js';
import { requireSealed, runsByDay, summarizeRun, type RunDays, type RunSummary, type TriggerFilter } from './runs.js';
import { checkSeries, controlSeries, type CheckSeries, type ControlRef, type ControlSeries, type ControlSeriesOptions, type SeriesOptions } from './series.js';
import type { EvidenceSource } from './source.js';
import { dayContexts, type DayContext, type DayContextOptions } from './day-context.js';
import { controlDays, periodReport, type ControlDays, type PeriodOptions, type PeriodReport } from './period-report.js';
import { dailyLog, type LogEntry, type LogOptions } from './daily-log.js';
import { chainToHead, runMaterial, type RunMaterial } from './run-material.js';
import { attestationEvidence, type AttestationEvidence } from './attested.js';

export interface EvidenceReaderOptions {
  /** IANA zone that audit days are counted in (config `audit.timezone`). */
  readonly timezone: string;
  /** Which collectors produce an observation type (`producersFrom(registry.collectors)`). */
  readonly producers: Producers;
}

/**
 * The one reader of sealed evidence. Holds no state beyond its options and does not own the store:
 * open the store (read-only for readers), wrap it, close the store when done. Every method that takes
 * a run id refuses a run that is not sealed (NoEvidenceError): only sealed runs are evidence.
 */
export class EvidenceReader {
  readonly timezone: string;
  private readonly producers: Producers;

  constructor(
    private readonly source: EvidenceSource,
    options: EvidenceReaderOptions,
  ) {
    if (!isValidTimeZone(options.timezone)) throw new Error(`unknown IANA time zone '${options.timezone}'`);
    this.timezone = options.timezone;
    this.producers = options.producers;
  }

  // ── runs ──────────────────────────────────────────────────────────────────────────────────────

  /** A sealed run; NoEvidenceError naming why when it does not exist or is not sealed. */
  sealedRun(runId: number): RunSummary {
    return summarizeRun(requireSealed(this.source, runId), this.timezone);
  }

  /**
   * Throws TamperedRunError naming every run of `runIds` that does not match its seal or its chain link. Their
   * counts are not kept for later reads: the caller (a sample's drawn days) has read what it shows already.
   */
  assertSealed(runIds: readonly number[]): void {
    const problems = this.source.sealProblems(runIds, { keepCounts: false });
    if (problems.length > 0) throw new TamperedRunError(problems);
  }

  latestSealedRun(): RunSummary | undefined {
    const run = this.source.latestSealedRun();
    return run && summarizeRun(run, this.timezone);
  }

  /** The sealed run before `runId`: what "changed since yesterday" compares against. */
  previousSealedRun(runId: number): RunSummary | undefined {
    const run = this.source.previousSealedRun(runId);
    return run && summarizeRun(run, this.timezone);
  }

  /** Every audit day of the range with its sealed runs (none = no evidence), and the unsealed runs as gaps. */
  runsByDay(range: DayRange, filter: TriggerFilter = {}): RunDays {
    return runsByDay(this.source, this.timezone, range, filter);
  }

  // ── counts (stored rows only, never a blob) ───────────────────────────────────────────────────

  /** Per-check counts of a sealed run, summed over scopes. */
  checkCounts(runId: number): CheckCounts[] {
    requireSealed(this.source, runId);
    return checkCountsOfRun(this.source, runId);
  }

  /** Per-check daily series; a day with two runs shows the worst, a day with none `no_evidence`. */
  checkSeries(range: DayRange, options: SeriesOptions = {}): CheckSeries[] {
    return checkSeries(this.source, this.timezone, range, options);
  }

  /** Per-control daily series over the given controls (`controlsOf(checks)` derives them from mappings). */
  controlSeries(range: DayRange, controls: readonly ControlRef[], filter: ControlSeriesOptions = {}): ControlSeries[] {
    return controlSeries(this.source, this.timezone, range, controls, filter);
  }

  // ── one run, resource level (decompresses only what is asked for) ─────────────────────────────

  /** Per-resource results; `where` chooses result sets by their stored row before any is opened. */
  results(runId: number, where?: (set: ResultSetRef) => boolean): RunResult[] {
    requireSealed(this.source, runId);
    return resultsOf(this.source, runId, where);
  }

  /** Results that are fail, error or excepted. */
  findings(runId: number): RunResult[] {
    requireSealed(this.source, runId);
    return findingsOf(this.source, runId);
  }

  /** What changed from one sealed run to another, resource by resource (event checks: new failing events only). */
  diff(beforeRunId: number, afterRunId: number, options: DiffOptions): ResultChange[] {
    requireSealed(this.source, beforeRunId);
    requireSealed(this.source, afterRunId);
    return diffRuns(this.source, beforeRunId, afterRunId, options);
  }

  /** Expected scopes (as the run stored them) against the collections it recorded. */
  coverage(runId: number): RunCoverage {
    return coverageOf(this.source, requireSealed(this.source, runId));
  }

  /** Observations of one type, typed by the observation-type map; only producing collectors' manifests are read. */
  observations<K extends string>(runId: number, type: K): Observation<AttributesOf<K>>[] {
    requireSealed(this.source, runId);
    return observationsOf(this.source, runId, type, this.producers);
  }

  /**
   * How many observations of each type the run recorded (as observationsOfTypes would list them), from the counts
   * stored with each manifest; null when the run's manifests predate them.
   */
  observationCountsOfTypes(runId: number, types: readonly string[]): Map<string, number> | null {
    requireSealed(this.source, runId);
    return observationCountsOfTypes(this.source, runId, types, this.producers);
  }

  /**
   * The type, id and scope of the run's observations of each type, in observationsOfTypes' order, reading only what
   * `cache` (kept across the runs of a period) has not seen.
   */
  observedResources(runId: number, types: readonly string[], cache: ObservedResourcesCache): Map<string, ObservedResource[]> {
    requireSealed(this.source, runId);
    return observedResources(this.source, runId, types, this.producers, cache);
  }

  /** Observations of several types (type → list, each as observations() gives it), every observation opened once. */
  observationsOfTypes(runId: number, types: readonly string[]): Map<string, Observation[]> {
    requireSealed(this.source, runId);
    return observationsOfTypes(this.source, runId, types, this.producers);
  }

  // ── a period (figures, gaps, log) ─────────────────────────────────────────────────────────────

  /** Each day's runs, incomplete runs, failed and stale collections, and the gap reason of days without evidence. */
  dayContexts(range: DayRange, options: DayContextOptions = {}): DayContext[] {
    return dayContexts(this.source, this.timezone, range, options).contexts;
  }

  /** Per control and check: daily verdicts with gap reasons, tallies, episodes, remediation times; exceptions and scope per day. */
  periodReport(range: DayRange, controls: readonly ControlRef[], options: PeriodOptions = {}): PeriodReport {
    return periodReport(this.source, this.timezone, range, controls, options);
  }

  /** One control's day cells as periodReport's, with the gaps of only the days asked for (period-report.ts controlDays). */
  controlDays(range: DayRange, control: ControlRef, options: PeriodOptions = {}): ControlDays {
    return controlDays(this.source, this.timezone, range, control, options);
  }

  /** What changed day by day over a period report (transitions, findings, collectors, exceptions, scope, gaps). */
  dailyLog(report: PeriodReport, options: LogOptions): LogEntry[] {
    return dailyLog(this.source, report, options);
  }

  /** A sealed run's stored material for some checks (rows, seal, results, observation blobs, scope, exceptions): an evidence pack's content. */
  runMaterial(runId: number, checkIds: readonly string[], resourceIds?: ReadonlySet<string>): RunMaterial {
    return runMaterial(this.source, runId, checkIds, resourceIds);
  }

  /** The seals from a sealed run to the latest, oldest first, each naming the one before. */
  chainToHead(runId: number): { id: number; seal: string; prevSeal: string | null }[] {
    requireSealed(this.source, runId);
    return chainToHead(this.source, runId);
  }

  /** An attestation's sealed record and its attachments' hashes (a day cell's `attestation` names id and record hash). */
  attestation(id: number, recordHash: string): AttestationEvidence {
    return attestationEvidence(this.source, id, recordHash);
  }

  /** The scope blob the run stored (declared collectors and checks, expected scopes). */
  scopeBlob(runId: number): unknown {
    return scopeBlobOf(this.source, requireSealed(this.source, runId));
  }

  /** The exceptions in force that the run stored. */
  exceptionsBlob(runId: number): unknown {
    return exceptionsBlobOf(this.source, requireSealed(this.source, runId));
  }
}

export function openEvidence(source: EvidenceSource, options: EvidenceReaderOptions): EvidenceReader {
  return new EvidenceReader(source, options);
}
