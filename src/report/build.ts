import { emptyCounts } from '../model/status.js';
import { NoEvidenceError, type CheckCounts, type EvidenceReader, type RunResult, type RunSummary } from '../period/index.js';
import { addCounts, rollupStatus } from './rollup.js';
import { comparesConfigRules, findConfigDisagreements, RULE_EVALUATION } from './config-disagreements.js';
import { buildProgramme, programmeOf } from './programme.js';
import { ownerOfControl, type OwnershipRecord } from '../programme/owners.js';
import { manualStatuses, withAttested, type ManualControlStatus } from '../programme/manual.js';
import type { CheckInfo, CheckSummary, ControlStatus, ControlSummary, FindingRow, FrameworkInfo, Report } from './types.js';
import { findingCountsOfChecks } from './finding-counts.js';
import { once } from '../util/once.js';

export { NoEvidenceError };

export interface ReportInput {
  /** Sealed evidence, read through the period layer (it carries the audit time zone). */
  readonly evidence: EvidenceReader;
  readonly checks: readonly CheckInfo[];
  readonly frameworks: readonly FrameworkInfo[];
  /** Restrict control rows to these frameworks (all when empty). */
  readonly frameworkFilter: readonly string[];
  /** Observation types to inventory for scope coverage (`observationTypesOf(registry)`); none → no inventory. */
  readonly observationTypes?: readonly string[];
  /** A given sealed run; the latest sealed run when absent. */
  readonly runId?: number;
  /**
   * Read the findings, the AWS Config comparison and the owners' and exceptions' sections when a view first asks for
   * them, not here: for a caller that renders while the store is still open (`report`, whose summary view shows
   * none of them: ~500 → ~30 ms for a large day, issue 15). Otherwise the report is read whole before it is returned.
   */
  readonly onDemand?: boolean;
}

/**
 * The daily report: the latest sealed run's scope coverage (expected vs collected scopes), its status
 * per check and per control, how many controls have automated tests at all, what changed since the
 * previous sealed run, and every finding. Only sealed runs count: a running or incomplete run is never
 * evidence.
 */
export function buildReport(input: ReportInput): Report {
  const { evidence } = input;
  const run = pickRun(input);
  const previous = evidence.previousSealedRun(run.id) ?? null;
  const info = new Map(input.checks.map((c) => [c.id, c]));
  const frameworks = input.frameworks.filter((f) => input.frameworkFilter.length === 0 || input.frameworkFilter.includes(f.id));

  const checks = summarizeChecks(evidence.checkCounts(run.id), info);
  // Owners and manual controls as the run recorded them, never today's config.
  const programme = programmeOf(evidence, run.id);
  const manual = manualStatuses(programme.manualControls, programme.attestations, run.day);
  const controls = summarizeControls(checks, frameworks, programme.ownership, manual);
  // The findings and the AWS Config comparison are read when a view first asks for them: the summary view shows
  // neither (its tallies come from the stored counts), and they are most of a large day's report (issue 15).
  const findings = once(() => evidence.findings(run.id));
  const observationTypes = input.observationTypes ?? [];
  const withVerdicts = comparesConfigRules(input.checks);
  // With no declared scope every discovered resource is in scope, so the scope inventory is a count per type, which
  // the counts stored with each manifest give without opening an observation (null for runs stored before them).
  // Read when the scope section or the AWS Config comparison first asks (the summary view asks for neither).
  const counted = once(() => (programme.declared === null ? evidence.observationCountsOfTypes(run.id, observationTypes) : null));
  // One read of the observations still needed, for the scope inventory and the AWS Config comparison together: both
  // decoded every rule evaluation (3,800 at the benchmark's default size) before (issue 15). When the inventory was
  // counted, only the comparison's rule evaluations are read.
  const observed = once(() => {
    const inventoried = counted() === null ? observationTypes : [];
    return evidence.observationsOfTypes(run.id, withVerdicts && !inventoried.includes(RULE_EVALUATION) ? [...inventoried, RULE_EVALUATION] : inventoried);
  });
  const findingRows = once(() => sortFindings(findings().map((f) => findingRow(f, info.get(f.checkId)))));
  const disagreements = once(() => (withVerdicts ? findConfigDisagreements(evidence, run.id, input.checks, observed().get(RULE_EVALUATION)) : []));
  const report: Report = {
    run: { id: run.id, startedAt: run.startedAt, finishedAt: run.finishedAt, day: run.day, seal: run.seal, trigger: run.trigger },
    previousRun: previous ? { id: previous.id, startedAt: previous.startedAt } : null,
    scopeCoverage: evidence.coverage(run.id),
    frameworks: frameworks.map((f) => f.id),
    totals: checks.reduce((acc, c) => addCounts(acc, c.counts), emptyCounts()),
    checks,
    controls,
    coverage: frameworks.map((f) => {
      const automated = new Set(checks.flatMap((c) => c.controls[f.id] ?? []));
      return { framework: f.id, controls: f.controls.length, automated: f.controls.filter((c) => automated.has(c.id)).length };
    }),
    changes: previous ? evidence.diff(previous.id, run.id, { isEventCheck: (id) => info.get(id)?.event ?? false }) : [],
    get findings() {
      return findingRows();
    },
    findingCounts: findingCountsOfChecks(checks),
    get configDisagreements() {
      return disagreements();
    },
    programme: buildProgramme({ evidence, runId: run.id, day: run.day, checks: input.checks, frameworks, controls, findings, observationTypes, counted, observed, programme }),
  };
  // Read whole now unless asked not to: a caller may close the store before it renders.
  if (!input.onDemand) readWhole(report);
  return report;
}

/** Asks for every part read on demand: each getter reads its part and keeps it. */
function readWhole(report: Report): void {
  void report.findings;
  void report.configDisagreements;
  void report.programme.owners;
  void report.programme.exceptions;
  void report.programme.scope;
}

function pickRun(input: ReportInput): RunSummary {
  if (input.runId !== undefined) return input.evidence.sealedRun(input.runId);
  const latest = input.evidence.latestSealedRun();
  if (!latest) throw new NoEvidenceError('no sealed run in the evidence store yet: run `controlwatch run` first');
  return latest;
}

function summarizeChecks(counts: readonly CheckCounts[], info: Map<string, CheckInfo>): CheckSummary[] {
  return counts
    .map(({ checkId, counts }) => {
      const meta = info.get(checkId);
      return {
        checkId,
        title: meta?.title ?? '(check no longer in the catalog)',
        severity: meta?.severity ?? 'unknown',
        status: rollupStatus(counts),
        counts,
        controls: meta?.mappings ?? {},
      };
    })
    .sort((a, b) => a.checkId.localeCompare(b.checkId));
}

function summarizeControls(checks: readonly CheckSummary[], frameworks: readonly FrameworkInfo[], ownership: OwnershipRecord, manual: readonly ManualControlStatus[]): ControlSummary[] {
  const rows: ControlSummary[] = [];
  const attested = new Map(manual.map((m) => [m.control, m]));
  for (const fw of frameworks) {
    // The checks of each control, in the checks' order: one pass over the checks per framework rather than
    // one per control (~250 controls × ~70 checks a report; issue 15).
    const checksOf = new Map<string, CheckSummary[]>();
    for (const c of checks) for (const id of new Set(c.controls[fw.id] ?? [])) checksOf.get(id)?.push(c) ?? checksOf.set(id, [c]);
    for (const control of fw.controls) {
      const mapped = checksOf.get(control.id) ?? [];
      const counts = mapped.reduce((acc, c) => addCounts(acc, c.counts), emptyCounts());
      const m = attested.get(control.id);
      rows.push({
        framework: fw.id,
        controlId: control.id,
        title: control.title,
        status: controlStatus(mapped.length === 0 ? null : rollupStatus(counts), m),
        counts,
        checks: mapped.map((c) => c.checkId),
        owner: ownerOfControl(ownership, control.id)?.owner ?? m?.owner ?? null,
        evidence: mapped.length > 0 ? (m ? 'both' : 'automated') : m ? 'attested' : 'none',
        attestation: m ? { status: m.status, lastAttested: m.lastAttested, due: m.due, reason: m.reason } : null,
      });
    }
  }
  return rows;
}

/**
 * A control's status from its checks' roll-up (null: no check maps to it) and its declared manual control's
 * attested status on the day (src/programme/manual.ts withAttested: the worst of both, the rule the period
 * layer applies per day too). Neither: `manual` (needs evidence gathered by hand, no cadence declared).
 * A pass is never claimed for what was not tested: an attestation that is missing stays `no_evidence`.
 */
export function controlStatus(automated: ControlStatus | null, manual: Pick<ManualControlStatus, 'status'> | undefined): ControlStatus {
  return withAttested(automated, manual?.status ?? null) ?? 'manual';
}

function findingRow(f: RunResult, meta: CheckInfo | undefined): FindingRow {
  // Optional keys added in place rather than spread from a new object per finding (32,000 a day; issue 15).
  const row: { -readonly [K in keyof FindingRow]: FindingRow[K] } = {
    checkId: f.checkId,
    title: meta?.title ?? f.checkId,
    severity: meta?.severity ?? 'unknown',
    scope: f.scope,
    resourceId: f.resourceId,
    status: f.status,
    reason: f.reason,
    controls: meta?.mappings ?? {},
  };
  if (f.underlying !== undefined) row.underlying = f.underlying;
  if (f.exceptionId !== undefined) row.exceptionId = f.exceptionId;
  return row;
}

const STATUS_ORDER = { fail: 0, error: 1, excepted: 2, pass: 3, not_applicable: 4 } as const;
const SEVERITY_ORDER: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** Worst first: status, then severity, then check and resource (a stable sort keeps scope order among equals). */
function sortFindings(rows: FindingRow[]): FindingRow[] {
  return rows.sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      (SEVERITY_ORDER[a.severity] ?? 9) - (SEVERITY_ORDER[b.severity] ?? 9) ||
      a.checkId.localeCompare(b.checkId) ||
      a.resourceId.localeCompare(b.resourceId),
  );
}
