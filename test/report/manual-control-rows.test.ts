import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { openEvidence } from '../../src/period/index.js';
import { buildReport, controlStatus } from '../../src/report/build.js';
import { renderReportCsv } from '../../src/report/render-csv.js';
import { renderReportTable } from '../../src/report/render-table.js';
import { reportDocument } from '../../src/report/result-document.js';
import { filterReport } from '../../src/report/filters.js';
import { frameworkSummaries } from '../../src/report/summary.js';
import type { AttestationRef } from '../../src/programme/manual.js';
import type { Report } from '../../src/report/types.js';
import { completeRun, tempDbPath, tempStore } from '../period/fixtures.js';
import { CHECKS, FRAMEWORKS } from './report-fixture.js';

/**
 * A declared manual control's status shows in the report's control rows: `no_evidence` before its first
 * attestation, `pass` within its cadence, `fail` when overdue — alone (A.5.1, no check maps to it) and
 * beside an automated check (A.8.5, whose check passes): the worse of the two. 12.1.1 has neither: `manual`.
 */
const MANUAL = [
  { control: 'A.5.1', title: 'Policy review', cadence: 'quarterly', grace: '0d', owner: 'grc-team' },
  { control: 'A.8.5', title: 'Authentication review', cadence: 'annually', grace: '0d', owner: 'identity-team' },
];
const attested = (control: string, day: string, id: number): AttestationRef => ({ id, control, by: 'erin', recordedAt: `${day}T09:00:00.000Z`, day, recordHash: String(id).repeat(64).slice(0, 64) });

function reportOn(day: string, attestations: AttestationRef[]): Report {
  const path = tempDbPath();
  const store = tempStore(path);
  try {
    const startedAt = `${day}T06:00:00.000Z`;
    const programme = { declared: null, ownership: { teams: {}, owners: {} }, manualControls: MANUAL, attestations };
    const id = store.beginRun({ startedAt, trigger: 'test', agentVersion: 't', configHash: 'x', scope: { expected: [], programme }, exceptions: [] });
    completeRun(store, id, { startedAt, results: [{ checkId: 'iam.root_mfa_enabled', resourceId: 'arn:aws:iam::111111111111:root', status: 'pass' }] });
    return buildReport({ evidence: openEvidence(store, { timezone: 'UTC', producers: () => [] }), checks: CHECKS, frameworks: FRAMEWORKS, frameworkFilter: [] });
  } finally {
    store.close();
  }
}

const row = (r: Report, control: string) => r.controls.find((c) => c.controlId === control)!;

describe('manual controls in the control rows', () => {
  it('before any attestation: no evidence, never a pass; a control nothing covers stays manual', () => {
    const r = reportOn('2026-03-01', []);
    expect(row(r, 'A.5.1')).toMatchObject({ status: 'no_evidence', evidence: 'attested', owner: 'grc-team', attestation: { status: 'no_evidence', lastAttested: null } });
    expect(row(r, 'A.8.5')).toMatchObject({ status: 'no_evidence', evidence: 'both' });
    expect(row(r, '12.1.1')).toMatchObject({ status: 'manual', evidence: 'none', attestation: null });
    expect(frameworkSummaries(r).find((s) => s.framework === 'iso27001-2022')).toMatchObject({ passing: 0, noEvidence: 2, noAutomatedCheck: 2 });
  });

  it('within the cadence: pass, with when it was attested and when it is due', () => {
    const r = reportOn('2026-03-01', [attested('A.5.1', '2026-01-10', 1), attested('A.8.5', '2026-01-10', 2)]);
    expect(row(r, 'A.5.1')).toMatchObject({ status: 'pass', attestation: { status: 'pass', lastAttested: '2026-01-10', due: '2026-04-10' } });
    expect(row(r, 'A.8.5').status).toBe('pass');
    expect(renderReportTable(r, { view: 'controls' })).toMatch(/A\.5\.1\s+│ PASS\s+│ attested/);
  });

  it('overdue: fail, naming the last attestation and the due day, in every format', () => {
    const r = reportOn('2026-04-11', [attested('A.5.1', '2026-01-10', 1), attested('A.8.5', '2026-01-10', 2)]);
    expect(row(r, 'A.5.1')).toMatchObject({ status: 'fail', attestation: { reason: 'overdue: last attested on 2026-01-10 by erin, due on 2026-04-10' } });
    expect(row(r, 'A.8.5').status).toBe('pass'); // annual: not due yet
    const csv = parse(renderReportCsv(r, 'controls'), { columns: true }) as Record<string, string>[];
    expect(csv.find((c) => c.control === 'A.5.1')).toMatchObject({ status: 'fail', evidence: 'attested', attestation: 'overdue: last attested on 2026-01-10 by erin, due on 2026-04-10' });
    const manual = parse(renderReportCsv(r, 'manual-controls'), { columns: true }) as Record<string, string>[];
    expect(manual.map((m) => [m.control, m.status, m.last_attested, m.due])).toEqual([
      ['A.5.1', 'fail', '2026-01-10', '2026-04-10'],
      ['A.8.5', 'pass', '2026-01-10', '2027-01-10'],
    ]);
    const owners = parse(renderReportCsv(r, 'owners'), { columns: true }) as Record<string, string>[];
    // Named once, as the manual control it is (not again as an ISO control row).
    expect(owners.filter((o) => o.control === 'A.5.1').map((o) => [o.owner, o.framework, o.status])).toEqual([['grc-team', 'manual', 'fail']]);
    const doc = reportDocument(r, 'manual-controls') as { manualControls: { control: string; status: string }[] };
    expect(doc.manualControls.map((m) => m.status)).toEqual(['fail', 'pass']);
    expect(renderReportTable(r, { view: 'manual-controls' })).toContain('overdue: last attested on 2026-01-10 by erin');
    // --status narrows the manual controls too; --check drops them (no check evidences them).
    expect(filterReport(r, { status: ['fail'] }).programme.manualControls.map((m) => m.control)).toEqual(['A.5.1']);
    expect(filterReport(r, { check: ['iam.root_mfa_enabled'] }).programme.manualControls).toEqual([]);
  });

  it('the worse of an automated roll-up and an attestation', () => {
    expect(controlStatus(null, undefined)).toBe('manual');
    expect(controlStatus(null, { status: 'pass' })).toBe('pass');
    expect(controlStatus('pass', { status: 'fail' })).toBe('fail');
    expect(controlStatus('fail', { status: 'pass' })).toBe('fail');
    expect(controlStatus('pass', { status: 'no_evidence' })).toBe('no_evidence');
    expect(controlStatus('error', { status: 'no_evidence' })).toBe('error');
    expect(controlStatus('not_applicable', { status: 'pass' })).toBe('pass');
  });
});
