/**
 * The pre-period-layer report builder, kept verbatim as the test oracle; do not edit.
 * (Frozen from src/report/ as of commit 3ed69ff; only relative import paths were repointed at src/.
 * test/report/same-as-before.test.ts compares its Report with the one built on src/period/.)
 */
import type { EvidenceStore, ResultSetRow, RunRow, StoredResult } from '../../../src/store/index.js';
import { emptyCounts, type StatusCounts } from '../../../src/model/status.js';
import { dayIn } from '../../../src/util/calendar.js';
import { addCounts, rollupStatus } from './rollup.js';
import { findConfigDisagreements } from './config-disagreements.js';
import type { CheckInfo, CheckSummary, ControlSummary, FindingRow, FrameworkInfo, Report, ResultChange } from './types.js';

export interface ReportInput {
  readonly store: EvidenceStore;
  readonly checks: readonly CheckInfo[];
  readonly frameworks: readonly FrameworkInfo[];
  /** Restrict control rows to these frameworks (all when empty). */
  readonly frameworkFilter: readonly string[];
  readonly owners: Readonly<Record<string, string>>;
  readonly timezone: string;
  /** A given sealed run; the latest sealed run when absent. */
  readonly runId?: number;
}

export class NoEvidenceError extends Error {}

/**
 * The daily report: the latest sealed run's status per check and per control, coverage (how many
 * controls have automated tests at all), what changed since the previous sealed run, and every
 * finding. Only sealed runs count: a running or incomplete run is never evidence.
 */
export function buildReport(input: ReportInput): Report {
  const { store } = input;
  const run = pickRun(input);
  const previous = store.previousSealedRun(run.id) ?? null;
  const sets = store.resultSets(run.id);
  const info = new Map(input.checks.map((c) => [c.id, c]));
  const frameworks = input.frameworks.filter((f) => input.frameworkFilter.length === 0 || input.frameworkFilter.includes(f.id));

  const checks = summarizeChecks(sets, info);
  return {
    run: { id: run.id, startedAt: run.startedAt, finishedAt: run.finishedAt, day: dayIn(new Date(run.startedAt), input.timezone), seal: run.seal, trigger: run.trigger },
    previousRun: previous ? { id: previous.id, startedAt: previous.startedAt } : null,
    frameworks: frameworks.map((f) => f.id),
    totals: checks.reduce((acc, c) => addCounts(acc, c.counts), emptyCounts()),
    checks,
    controls: summarizeControls(checks, frameworks, input.owners),
    coverage: frameworks.map((f) => {
      const automated = new Set(checks.flatMap((c) => c.controls[f.id] ?? []));
      return { framework: f.id, controls: f.controls.length, automated: f.controls.filter((c) => automated.has(c.id)).length };
    }),
    changes: previous ? diffRuns(store, store.resultSets(previous.id), sets, info) : [],
    findings: collectFindings(store, sets, info),
    configDisagreements: findConfigDisagreements(store, run.id, sets, input.checks),
  };
}

function pickRun(input: ReportInput): RunRow {
  if (input.runId !== undefined) {
    const run = input.store.getRun(input.runId);
    if (!run) throw new NoEvidenceError(`run ${input.runId} does not exist`);
    if (run.status !== 'sealed') throw new NoEvidenceError(`run ${input.runId} is ${run.status}, not sealed: it is not evidence`);
    return run;
  }
  const latest = input.store.latestSealedRun();
  if (!latest) throw new NoEvidenceError('no sealed run in the evidence store yet: run `controlwatch run` first');
  return latest;
}

function summarizeChecks(sets: readonly ResultSetRow[], info: Map<string, CheckInfo>): CheckSummary[] {
  const byCheck = new Map<string, StatusCounts>();
  for (const s of sets) byCheck.set(s.checkId, addCounts(byCheck.get(s.checkId) ?? emptyCounts(), s.counts));
  return [...byCheck.entries()]
    .map(([checkId, counts]) => {
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

function summarizeControls(checks: readonly CheckSummary[], frameworks: readonly FrameworkInfo[], owners: Readonly<Record<string, string>>): ControlSummary[] {
  const rows: ControlSummary[] = [];
  for (const fw of frameworks) {
    for (const control of fw.controls) {
      const mapped = checks.filter((c) => (c.controls[fw.id] ?? []).includes(control.id));
      const counts = mapped.reduce((acc, c) => addCounts(acc, c.counts), emptyCounts());
      rows.push({
        framework: fw.id,
        controlId: control.id,
        title: control.title,
        status: mapped.length === 0 ? 'manual' : rollupStatus(counts),
        counts,
        checks: mapped.map((c) => c.checkId),
        owner: owners[control.id] ?? null,
      });
    }
  }
  return rows;
}

const setKey = (s: { checkId: string; scope: string }) => `${s.checkId}\u0000${s.scope}`;

/**
 * Resource-level differences; only result sets whose content hash changed are decompressed. For event
 * checks (each run sees a new window of pull requests or pushes) only new failing events are changes:
 * last window's events are not "gone", and a quiet window is not news.
 */
function diffRuns(store: EvidenceStore, before: readonly ResultSetRow[], after: readonly ResultSetRow[], info: Map<string, CheckInfo>): ResultChange[] {
  const prev = new Map(before.map((s) => [setKey(s), s]));
  const next = new Map(after.map((s) => [setKey(s), s]));
  const changes: ResultChange[] = [];
  for (const key of new Set([...prev.keys(), ...next.keys()])) {
    const a = prev.get(key);
    const b = next.get(key);
    if (a && b && a.resultsHash === b.resultsHash) continue;
    const { checkId, scope } = (b ?? a)!;
    const oldResults = new Map((a ? store.results(a.resultsHash) : []).map((r) => [r.resourceId, r]));
    const newResults = new Map((b ? store.results(b.resultsHash) : []).map((r) => [r.resourceId, r]));
    for (const resourceId of new Set([...oldResults.keys(), ...newResults.keys()])) {
      const o = oldResults.get(resourceId);
      const n = newResults.get(resourceId);
      if (o && n && o.status === n.status) continue;
      if (info.get(checkId)?.event && (o !== undefined || (n?.status !== 'fail' && n?.status !== 'error'))) continue;
      changes.push({ checkId, scope, resourceId, from: o?.status ?? null, to: n?.status ?? null, reason: n?.reason ?? o?.reason ?? null });
    }
  }
  return changes.sort((x, y) => x.checkId.localeCompare(y.checkId) || x.resourceId.localeCompare(y.resourceId));
}

function collectFindings(store: EvidenceStore, sets: readonly ResultSetRow[], info: Map<string, CheckInfo>): FindingRow[] {
  const rows: FindingRow[] = [];
  for (const s of sets) {
    if (s.counts.fail + s.counts.error + s.counts.excepted === 0) continue; // nothing to act on: skip decompressing
    const meta = info.get(s.checkId);
    for (const r of store.results(s.resultsHash) as StoredResult[]) {
      if (r.status === 'pass' || r.status === 'not_applicable') continue;
      rows.push({
        checkId: s.checkId,
        title: meta?.title ?? s.checkId,
        severity: meta?.severity ?? 'unknown',
        scope: s.scope,
        resourceId: r.resourceId,
        status: r.status,
        reason: r.reason,
        controls: meta?.mappings ?? {},
      });
    }
  }
  const order = { fail: 0, error: 1, excepted: 2, pass: 3, not_applicable: 4 } as const;
  const sev: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };
  return rows.sort(
    (a, b) => order[a.status] - order[b.status] || (sev[a.severity] ?? 9) - (sev[b.severity] ?? 9) || a.checkId.localeCompare(b.checkId) || a.resourceId.localeCompare(b.resourceId),
  );
}
