import type { AttestationEvidence, DayStatus, EvidenceReader, FailureEpisode, Gap, PeriodReport, ScopeChange } from '../period/index.js';

/** The export's content, one object for every format (json as is; csv, html and oscal render it). */
export interface PeriodExport {
  readonly format: 'controlwatch-period-export/1';
  readonly timezone: string;
  readonly from: string;
  readonly to: string;
  readonly controls: readonly ExportControl[];
  readonly exceptions: readonly ExportException[];
  readonly scopeChanges: readonly ScopeChange[];
  readonly collectorHealth: readonly CollectorHealth[];
  /** Days without any sealed run, with the reason. */
  readonly dayGaps: readonly Gap[];
  /** Sealed runs the export is built from, with their seals (the OSCAL observations link them). */
  readonly runs: readonly { readonly id: number; readonly day: string; readonly startedAt: string; readonly seal: string }[];
}

export interface ExportControl {
  readonly framework: string;
  readonly controlId: string;
  readonly title: string;
  readonly checks: readonly string[];
  readonly verdict: string;
  readonly tally: Record<DayStatus, number>;
  readonly firstFailure: string | null;
  readonly longestFailingStreak: { days: number; from: string; to: string } | null;
  readonly episodes: readonly FailureEpisode[];
  readonly gaps: readonly Gap[];
  readonly timeline: readonly { readonly day: string; readonly status: DayStatus; readonly runId: number | null; readonly note: string | null; readonly attestationId?: number | null }[];
  /** What evidences it: automated checks, attestations of a declared manual control, or both. */
  readonly evidence: 'automated' | 'attested' | 'both';
  /** Attestations in force on some day of the period (as the sealed runs recorded them), with their records' and files' hashes. */
  readonly attestations: readonly AttestationEvidence[];
}

export interface ExportException {
  readonly check: string;
  readonly resource: string;
  readonly justification: string;
  readonly approver: string;
  readonly expires: string;
  /** First and last day of the period it was in force (as the runs stored it). */
  readonly firstDay: string;
  readonly lastDay: string;
  readonly days: number;
}

export interface CollectorHealth {
  readonly collector: string;
  readonly scope: string;
  readonly errorDays: readonly string[];
  readonly lastError: string;
}

/** `evidence` reads the attestation records a manual control's days name; without it (tests of the shape only) none is listed. */
export function buildExport(report: PeriodReport, titleOf: (framework: string, controlId: string) => string, evidence?: Pick<EvidenceReader, 'attestation'>): PeriodExport {
  const records = new Map<number, AttestationEvidence>();
  const recordOf = (id: number, hash: string) => {
    let r = records.get(id);
    if (r === undefined && evidence) records.set(id, (r = evidence.attestation(id, hash)));
    return r;
  };
  const exceptions = new Map<string, ExportException>();
  for (const d of report.exceptions) {
    for (const e of d.exceptions) {
      const key = JSON.stringify([e.check, e.resource, e.approver, e.expires, e.justification]);
      const prev = exceptions.get(key);
      exceptions.set(key, prev ? { ...prev, lastDay: d.day, days: prev.days + 1 } : { check: e.check, resource: e.resource, justification: e.justification, approver: e.approver, expires: e.expires, firstDay: d.day, lastDay: d.day, days: 1 });
    }
  }
  const health = new Map<string, { collector: string; scope: string; errorDays: string[]; lastError: string }>();
  for (const ctx of report.days) {
    for (const f of ctx.failedCollections) {
      const key = `${f.collector}\u0000${f.scope}`;
      const h = health.get(key) ?? { collector: f.collector, scope: f.scope, errorDays: [], lastError: '' };
      if (h.errorDays.at(-1) !== ctx.day) h.errorDays.push(ctx.day);
      h.lastError = f.error;
      health.set(key, h);
    }
  }
  return {
    format: 'controlwatch-period-export/1',
    timezone: report.timezone,
    from: report.range.from,
    to: report.range.to,
    controls: report.controls.map((c): ExportControl => {
      let timeline: ExportControl['timeline'] | undefined;
      return {
        framework: c.framework,
        controlId: c.controlId,
        title: titleOf(c.framework, c.controlId),
        checks: c.checks,
        verdict: c.figures.verdict,
        tally: c.figures.tally,
        firstFailure: c.figures.firstFailure,
        longestFailingStreak: c.figures.longestFailingStreak,
        episodes: c.figures.episodes,
        gaps: c.figures.gaps,
        // Built when first read (a getter, so JSON and every renderer see a plain property): json, csv, html and
        // OSCAL read it, the period table does not (a year of ~150 controls is ~55,000 entries; issue 15).
        get timeline() {
          timeline ??= c.days.map((d) => {
            // No spread of an empty object per day.
            const entry = { day: d.day, status: d.status, runId: d.shownRunId, note: d.gap ? `${d.gap.reason}: ${d.gap.detail}` : d.note };
            return d.attestation ? { ...entry, attestationId: d.attestation.attestationId } : entry;
          });
          return timeline;
        },
        evidence: c.days.some((d) => d.attestation) ? (c.checks.length > 0 ? 'both' : 'attested') : 'automated',
        attestations: [...attestationsOf(c.days).entries()].sort((a, b) => a[0] - b[0]).flatMap(([id, hash]) => recordOf(id, hash) ?? []),
      };
    }),
    exceptions: [...exceptions.values()].sort((a, b) => a.firstDay.localeCompare(b.firstDay) || a.check.localeCompare(b.check) || a.resource.localeCompare(b.resource)),
    scopeChanges: report.scopeChanges,
    collectorHealth: [...health.values()].sort((a, b) => a.collector.localeCompare(b.collector) || a.scope.localeCompare(b.scope)),
    dayGaps: report.days.flatMap((d) => (d.dayGap ? [d.dayGap] : [])),
    runs: report.days.flatMap((ctx) => ctx.sealedRuns.map((r) => ({ id: r.id, day: ctx.day, startedAt: r.startedAt, seal: r.seal }))),
  };
}

/** The attestations a control's days name (id → record hash), first seen first. */
function attestationsOf(days: PeriodReport['controls'][number]['days']): Map<number, string> {
  const out = new Map<number, string>();
  for (const d of days) if (d.attestation?.attestationId != null && d.attestation.recordHash !== null) out.set(d.attestation.attestationId, d.attestation.recordHash);
  return out;
}
