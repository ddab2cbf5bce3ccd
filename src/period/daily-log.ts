import type { DiffOptions } from './diff.js';
import { diffRuns } from './diff.js';
import type { StoredException } from './in-force.js';
import type { PeriodReport } from './period-report.js';
import type { DayStatus } from './series.js';
import type { EvidenceSource } from './source.js';

export const LOG_KINDS = [
  'no_evidence',
  'control_failing',
  'control_recovered',
  'check_failing',
  'check_recovered',
  'finding_opened',
  'finding_resolved',
  'collector_erroring',
  'collector_recovered',
  'exception_started',
  'exception_expired',
  'scope_changed',
  'attestation_recorded',
  'attestation_overdue',
] as const;
export type LogKind = (typeof LOG_KINDS)[number];

/** One line of the daily log: what changed on a day, for whom. */
export interface LogEntry {
  readonly day: string;
  readonly kind: LogKind;
  /** The control (`framework control`), check, collector (`collector scope`) or exception the line is about. */
  readonly subject: string;
  readonly resource: string | null;
  readonly detail: string;
  /** Owners of the controls concerned (config `owners`, as the caller resolves them); empty when none. */
  readonly owners: readonly string[];
}

export interface LogOptions extends DiffOptions {
  /** Owners of a check (owners of the controls it maps to). */
  readonly ownersOfCheck: (checkId: string) => readonly string[];
  readonly ownersOfControl: (framework: string, controlId: string) => readonly string[];
}

const FAILING: ReadonlySet<DayStatus> = new Set(['fail']);
const FIXED: ReadonlySet<DayStatus> = new Set(['pass', 'excepted', 'not_applicable']);

/**
 * The day-by-day log over a period report: transitions of controls and checks (compared with the
 * last day that had a verdict, so a gap does not read as a recovery), findings opened and resolved
 * between consecutive days' last sealed runs (only changed result sets are opened), collectors that
 * started or stopped erroring, exceptions that started or expired, scope changes, days without
 * evidence. Entries are ordered by day, then kind, then subject.
 */
export function dailyLog(source: EvidenceSource, report: PeriodReport, options: LogOptions): LogEntry[] {
  const out: LogEntry[] = [];
  for (const ctx of report.days) if (ctx.dayGap) out.push({ day: ctx.day, kind: 'no_evidence', subject: 'all controls', resource: null, detail: `${ctx.dayGap.reason}: ${ctx.dayGap.detail}`, owners: [] });

  for (const c of report.controls) {
    transitions(c.days, `${c.framework} ${c.controlId}`, options.ownersOfControl(c.framework, c.controlId), 'control_failing', 'control_recovered', out);
  }
  attestationEntries(report, options, out);
  for (const c of report.checks) transitions(c.days, c.checkId, options.ownersOfCheck(c.checkId), 'check_failing', 'check_recovered', out);

  // Findings and collectors: compare each evidence day's last sealed run with the previous evidence day's.
  let prev: { day: string; runId: number; failed: Map<string, string> } | null = null;
  for (const ctx of report.days) {
    const runId = ctx.sealedRunIds.at(-1);
    if (runId === undefined) continue;
    const lastRun = ctx.failedCollections.filter((f) => f.runId === runId);
    const failed = new Map(lastRun.map((f) => [`${f.collector} ${f.scope}`, f.error]));
    if (prev) {
      for (const ch of diffRuns(source, prev.runId, runId, options)) {
        const opened = (ch.to === 'fail' || ch.to === 'error') && ch.from !== ch.to;
        const resolved = (ch.from === 'fail' || ch.from === 'error') && (ch.to === null || FIXED.has(ch.to));
        if (!opened && !resolved) continue;
        out.push({
          day: ctx.day,
          kind: opened ? 'finding_opened' : 'finding_resolved',
          subject: ch.checkId,
          resource: ch.resourceId,
          detail: opened ? `${ch.to}: ${ch.reason ?? ''}` : ch.to === null ? 'resource no longer present' : `now ${ch.to}: ${ch.reason ?? ''}`,
          owners: options.ownersOfCheck(ch.checkId),
        });
      }
      for (const [k, error] of failed) if (!prev.failed.has(k)) out.push({ day: ctx.day, kind: 'collector_erroring', subject: k, resource: null, detail: error, owners: [] });
      for (const k of prev.failed.keys()) if (!failed.has(k)) out.push({ day: ctx.day, kind: 'collector_recovered', subject: k, resource: null, detail: 'collected again', owners: [] });
    }
    prev = { day: ctx.day, runId, failed };
  }

  let before: Map<string, StoredException> | null = null;
  for (const d of report.exceptions) {
    if (d.runId === null) continue;
    const now = new Map(d.exceptions.map((e) => [JSON.stringify([e.check, e.resource]), e]));
    if (before) {
      for (const [k, e] of now) if (!before.has(k)) out.push(exceptionEntry(d.day, 'exception_started', e, options));
      for (const [k, e] of before) if (!now.has(k)) out.push(exceptionEntry(d.day, 'exception_expired', e, options));
    }
    before = now;
  }
  for (const s of report.scopeChanges) {
    const parts = [s.added.length ? `added ${s.added.join(', ')}` : '', s.removed.length ? `removed ${s.removed.join(', ')}` : ''].filter(Boolean);
    out.push({ day: s.day, kind: 'scope_changed', subject: `run ${s.runId}`, resource: null, detail: s.declarationOnly ? 'declared scope changed (checks, parameters or disabled list); expected scopes unchanged' : parts.join('; '), owners: [] });
  }
  const order = new Map(LOG_KINDS.map((k, i) => [k, i]));
  return out.sort((a, b) => a.day.localeCompare(b.day) || order.get(a.kind)! - order.get(b.kind)! || a.subject.localeCompare(b.subject) || (a.resource ?? '').localeCompare(b.resource ?? ''));
}

/**
 * Manual controls: the day a sealed run first recorded a new attestation (made that day or the day before,
 * after the run), and the day an attestation went overdue. Once per control id, whatever frameworks name it.
 */
function attestationEntries(report: PeriodReport, options: LogOptions, out: LogEntry[]): void {
  const done = new Set<string>();
  for (const c of report.controls) {
    if (done.has(c.controlId) || !c.days.some((d) => d.attestation)) continue;
    done.add(c.controlId);
    const owners = options.ownersOfControl(c.framework, c.controlId);
    let lastId: number | null = null;
    let lastStatus: string | null = null;
    for (const d of c.days) {
      const a = d.attestation;
      if (!a) continue;
      if (a.attestationId !== null && a.attestationId !== lastId) {
        out.push({ day: d.day, kind: 'attestation_recorded', subject: c.controlId, resource: null, detail: `attestation ${a.attestationId} by ${a.by} on ${a.lastAttested}; next due on ${a.due} (cadence ${a.cadence})`, owners });
      }
      if (a.status === 'fail' && lastStatus !== 'fail') out.push({ day: d.day, kind: 'attestation_overdue', subject: c.controlId, resource: null, detail: a.reason, owners });
      lastId = a.attestationId;
      lastStatus = a.status;
    }
  }
}

function exceptionEntry(day: string, kind: LogKind, e: StoredException, options: LogOptions): LogEntry {
  const detail = `${e.id ? `${e.id}: ` : ''}approved by ${e.approver}, expires ${e.expires}${e.justification ? `: ${e.justification}` : ''}`;
  return { day, kind, subject: e.check, resource: e.resource, detail, owners: options.ownersOfCheck(e.check) };
}

function transitions(days: readonly { day: string; status: DayStatus }[], subject: string, owners: readonly string[], failing: LogKind, recovered: LogKind, out: LogEntry[]): void {
  let last: DayStatus | null = null;
  for (const d of days) {
    if (d.status === 'no_evidence' || d.status === 'error') continue;
    if (FAILING.has(d.status) && last !== null && !FAILING.has(last)) out.push({ day: d.day, kind: failing, subject, resource: null, detail: `was ${last}, now fail`, owners });
    if (FIXED.has(d.status) && last !== null && FAILING.has(last)) out.push({ day: d.day, kind: recovered, subject, resource: null, detail: `was fail, now ${d.status}`, owners });
    last = d.status;
  }
}
