import { stringify } from 'csv-stringify/sync';
import type { PeriodExport } from './document.js';

export const EXPORT_CSV_VIEWS = ['timeline', 'controls', 'episodes', 'exceptions', 'gaps', 'attestations'] as const;
export type ExportCsvView = (typeof EXPORT_CSV_VIEWS)[number];

/** One table of the export as CSV (RFC 4180 via csv-stringify, header row first). */
export function renderExportCsv(doc: PeriodExport, view: ExportCsvView): string {
  switch (view) {
    case 'timeline':
      return stringify(doc.controls.flatMap((c) => c.timeline.map((d) => ({ framework: c.framework, control: c.controlId, day: d.day, status: d.status, run: d.runId ?? '', note: d.note ?? '' }))), { header: true, columns: ['framework', 'control', 'day', 'status', 'run', 'note'] });
    case 'controls':
      return stringify(
        doc.controls.map((c) => ({ framework: c.framework, control: c.controlId, title: c.title, verdict: c.verdict, ...c.tally, first_failure: c.firstFailure ?? '', longest_failing_streak: c.longestFailingStreak?.days ?? 0, episodes: c.episodes.length, gaps: c.gaps.length })),
        { header: true, columns: ['framework', 'control', 'title', 'verdict', 'pass', 'fail', 'error', 'excepted', 'not_applicable', 'no_evidence', 'first_failure', 'longest_failing_streak', 'episodes', 'gaps'] },
      );
    case 'episodes':
      return stringify(doc.controls.flatMap((c) => c.episodes.map((e) => ({ framework: c.framework, control: c.controlId, start: e.start, end: e.end ?? '', remediated_on: e.remediatedOn ?? '', failing_days: e.failingDays, hours_to_remediate: e.hoursToRemediate ?? '' }))), { header: true, columns: ['framework', 'control', 'start', 'end', 'remediated_on', 'failing_days', 'hours_to_remediate'] });
    case 'exceptions':
      return stringify(doc.exceptions.map((e) => ({ ...e })), { header: true, columns: ['check', 'resource', 'approver', 'justification', 'expires', 'firstDay', 'lastDay', 'days'] });
    case 'gaps':
      return stringify(doc.controls.flatMap((c) => c.gaps.map((g) => ({ framework: c.framework, control: c.controlId, day: g.day, reason: g.reason, detail: g.detail }))), { header: true, columns: ['framework', 'control', 'day', 'reason', 'detail'] });
    case 'attestations':
      // One row per attached file (a row with empty file columns for an attestation without files).
      return stringify(
        doc.controls.flatMap((c) =>
          c.attestations.flatMap((a) => {
            const base = { framework: c.framework, control: c.controlId, attestation: a.id, by: a.by, day: a.day, recorded_at: a.recordedAt, note: a.note ?? '', record_sha256: a.recordHash };
            return a.files.length > 0 ? a.files.map((f) => ({ ...base, file: f.name, file_sha256: f.sha256, file_size: String(f.size) })) : [{ ...base, file: '', file_sha256: '', file_size: '' }];
          }),
        ),
        { header: true, columns: ['framework', 'control', 'attestation', 'by', 'day', 'recorded_at', 'note', 'record_sha256', 'file', 'file_sha256', 'file_size'] },
      );
  }
}
