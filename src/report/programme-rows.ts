import type { Report } from './types.js';
import type { ReportView } from './views.js';

/** The control programme's views (report.programme as the run recorded it). */
export type ProgrammeView = Extract<ReportView, 'scope' | 'owners' | 'exceptions' | 'manual-controls'>;

/**
 * Flat rows of one programme section, for CSV (the run id and day are added by the caller). One row per
 * drifted resource, per owner's failing control or finding, per register entry, per manual control: a
 * spreadsheet can filter them without knowing the report's nesting.
 */
export function programmeRows(report: Report, view: ProgrammeView): Record<string, unknown>[] {
  const p = report.programme;
  switch (view) {
    case 'scope':
      // The headline figure rides on every row, so a filtered sheet still carries it.
      return p.scope.drift.map((d) => ({ scope_coverage: `${p.scope.percent}%`, type: d.type, resource: d.id, scope: d.scope, why: d.why }));
    case 'owners':
      return p.owners.flatMap((g) => {
        const who = { owner: g.owner, backup: g.backup ?? '', contact: g.contact ?? '' };
        return [
          ...g.failingControls.map((c) => ({ ...who, kind: 'control', framework: c.framework, control: c.controlId, check: '', resource: '', status: c.status })),
          ...g.findings.map((f) => ({ ...who, kind: 'finding', framework: '', control: '', check: f.checkId, resource: f.resourceId, status: f.status })),
        ];
      });
    case 'exceptions':
      return p.exceptions.register.map((e) => ({
        id: e.id,
        check: e.check ?? '',
        control: e.control ?? '',
        resource: e.resource,
        state: e.state,
        starts: e.starts ?? '',
        expires: e.expires,
        expiring_soon: e.expiringSoon ? 'yes' : 'no',
        matched: e.matched,
        risk: e.risk ?? '',
        approver: e.approver,
        approved: e.approved ?? '',
        reason: e.reason,
        compensating_control: e.compensatingControl ?? '',
      }));
    case 'manual-controls':
      return p.manualControls.map((m) => ({
        control: m.control,
        title: m.title ?? '',
        cadence: m.cadence,
        owner: m.owner ?? '',
        status: m.status,
        last_attested: m.lastAttested ?? '',
        last_attested_by: m.lastAttestedBy ?? '',
        attestation_id: m.attestationId ?? '',
        due: m.due ?? '',
        reason: m.reason,
      }));
  }
}

/** The JSON key each programme view's section is printed under (`report --view V --format json`). */
export const PROGRAMME_VIEW_KEYS: Readonly<Record<ProgrammeView, keyof Report['programme']>> = {
  scope: 'scope',
  owners: 'owners',
  exceptions: 'exceptions',
  'manual-controls': 'manualControls',
};
