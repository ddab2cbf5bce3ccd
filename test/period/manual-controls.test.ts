import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { AttestationLedger, type AttestationRow } from '../../src/store/attestations.js';
import { EvidenceStore } from '../../src/store/index.js';
import { completeRun } from './fixtures.js';
import { cli as inProcess } from '../cli/in-process.js';
import { parseConfig } from '../../src/config/load.js';
import { loadRegistry } from '../../src/registry/index.js';
import { buildServer } from '../../src/server/app.js';

/**
 * Manual controls in the period views (period, log, sample, export): each day's attested status comes
 * from the attestations the day's sealed run recorded, judged by the cadence that run recorded — never
 * today's config, which here declares A.6.3 `annually` while the runs recorded `7d`. An attestation made
 * after a day's run counts from the next run that sealed it.
 *
 * Days 10-01 … 10-11 (UTC), a run at 06:00 each day except 10-06 (agent down):
 * - A.6.3, manual only, attested 10-02 at 10:00 (after that day's run): no evidence 10-01 and 10-02,
 *   pass 10-03 … 10-09 (due 10-09), fail (overdue) 10-10 and 10-11.
 * - A.5.33, its checks plus a manual declaration, attested 10-01 at 05:00 (before the run): the worst of
 *   both — pass, but fail on 10-04 (the check fails) and from 10-09 (overdue, due 10-08) though the check passes.
 */
const DAYS = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11'].map((d) => `2026-10-${d}`);
const OUTAGE = '2026-10-06';
const SCHEMA = fileURLToPath(new URL('../fixtures/oscal/oscal_assessment-results_schema.json', import.meta.url));
const MINUTES = 'incident exercise minutes: tabletop of a leaked key\n';

let dir: string;
let db: string;
let configFile: string;
let exerciseId: number;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cw-manual-period-'));
  db = join(dir, 'evidence.db');
  configFile = join(dir, 'controlwatch.yaml');
  // Today's config: A.6.3 annually (the runs recorded 7d), A.5.33 not declared at all (the runs declared it).
  writeFileSync(configFile, 'version: 1\naudit:\n  timezone: UTC\nmanualControls:\n  - control: A.6.3\n    cadence: annually\n');
  const store = EvidenceStore.open(db);
  const ledger = AttestationLedger.open(db);
  try {
    const recorded: AttestationRow[] = [];
    const attest = (control: string, recordedAt: string, files: { name: string; bytes: Buffer }[]) => {
      const row = ledger.record({ control, by: 'erin', recordedAt, day: recordedAt.slice(0, 10), note: `${control} done`, files });
      recorded.push(row);
      return row.id;
    };
    const manualControls = [
      { control: 'A.6.3', cadence: '7d', grace: '0d' },
      { control: 'A.5.33', cadence: '7d', grace: '0d' },
    ];
    attest('A.5.33', '2026-10-01T05:00:00.000Z', []);
    for (const day of DAYS) {
      const startedAt = `${day}T06:00:00.000Z`;
      if (day !== OUTAGE) {
        const programme = { declared: null, ownership: { teams: {}, owners: {} }, manualControls, attestations: recorded.filter((a) => a.recordedAt < startedAt) };
        const id = store.beginRun({ startedAt, trigger: 'schedule', agentVersion: 't', configHash: 'x', scope: { programme }, exceptions: [] });
        const status = day === '2026-10-04' ? 'fail' : 'pass';
        completeRun(store, id, { startedAt, results: [{ checkId: 's3.bucket_mfa_delete_enabled', resourceId: 'arn:aws:s3:::prod-access-logs', status }] });
      }
      if (day === '2026-10-02') exerciseId = attest('A.6.3', '2026-10-02T10:00:00.000Z', [{ name: 'minutes.txt', bytes: Buffer.from(MINUTES) }]);
    }
  } finally {
    ledger.close();
    store.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => inProcess(['-c', configFile, '--db', db, ...args]);
const range = ['--from', DAYS[0]!, '--to', DAYS.at(-1)!];
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

interface Timeline {
  day: string;
  status: string;
  runId: number | null;
  note: string | null;
  attestationId?: number | null;
}
interface ExportDoc {
  controls: { framework: string; controlId: string; checks: string[]; evidence: string; tally: Record<string, number>; timeline: Timeline[]; attestations: { id: number; by: string; day: string; recordHash: string; files: { name: string; sha256: string }[] }[] }[];
}
const iso = (doc: ExportDoc, control: string) => doc.controls.find((c) => c.framework === 'iso27001-2022' && c.controlId === control)!;

describe('manual controls in period, log, sample and export', () => {
  it('period --control A.6.3 (attested only): no evidence before the first sealed attestation, pass within cadence, fail overdue, a gap on the outage', async () => {
    const r = await cli('period', ...range, '--control', 'A.6.3', '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const c = iso(JSON.parse(r.stdout) as ExportDoc, 'A.6.3');
    expect(c.checks).toEqual([]);
    expect(c.evidence).toBe('attested');
    expect(c.timeline.map((d) => d.status)).toEqual(['no_evidence', 'no_evidence', 'pass', 'pass', 'pass', 'no_evidence', 'pass', 'pass', 'pass', 'fail', 'fail']);
    expect(c.tally).toMatchObject({ pass: 6, fail: 2, no_evidence: 3 });
    // 10-02: attested after that day's run, so that run did not seal it; the day says why.
    expect(c.timeline[1]!.note).toMatch(/never attested/);
    expect(c.timeline[5]!.note).toMatch(/^agent_down/);
    expect(c.timeline[2]!.attestationId).toBe(exerciseId);
    expect(c.timeline[9]!.note).toBeNull();
    expect(c.attestations.map((a) => [a.id, a.by, a.day])).toEqual([[exerciseId, 'erin', '2026-10-02']]);
    expect(c.attestations[0]!.files).toEqual([expect.objectContaining({ name: 'minutes.txt', sha256: sha256(MINUTES) })]);
    const table = await cli('period', ...range, '--control', 'A.6.3');
    expect(table.stdout).toContain('A.6.3');
  }, 60_000);

  it('period: a control with checks and a manual declaration shows the worse of both each day', async () => {
    const r = await cli('period', ...range, '--control', 'A.5.33', '--framework', 'iso27001-2022', '--format', 'json');
    const c = iso(JSON.parse(r.stdout) as ExportDoc, 'A.5.33');
    expect(c.evidence).toBe('both');
    expect(c.checks).toContain('s3.bucket_mfa_delete_enabled');
    // 10-04 the check fails; from 10-09 the attestation of 10-01 is overdue (due 10-08) while the check passes.
    expect(c.timeline.map((d) => d.status)).toEqual(['pass', 'pass', 'pass', 'fail', 'pass', 'no_evidence', 'pass', 'pass', 'fail', 'fail', 'fail']);
  }, 60_000);

  it('the dashboard history API shows the same days as period: the attested-only control\'s pass within cadence, and the worse of both', async () => {
    const config = parseConfig(readFileSync(configFile, 'utf8'), configFile, {});
    const { app } = buildServer({ config, server: { listen: '127.0.0.1:0', allowUnauthenticated: false }, dbPath: db, registry: loadRegistry(config), clock: () => new Date('2026-10-11T12:00:00Z') });
    try {
      const history = async (control: string) => {
        const res = await app.inject({ method: 'GET', url: `/api/controls/iso27001-2022/${control}/history?days=${DAYS.length}` });
        expect(res.statusCode, control).toBe(200);
        return res.json() as { checks: string[]; days: { day: string; status: string; attestation?: { status: string; attestationId: number | null; reason: string } }[] };
      };
      // A.6.3: no check maps to it, but it is declared: it has a history (it had none before, a 404).
      const a63 = await history('A.6.3');
      expect(a63.checks).toEqual([]);
      expect(a63.days.map((d) => d.day)).toEqual(DAYS);
      expect(a63.days.map((d) => d.status)).toEqual(['no_evidence', 'no_evidence', 'pass', 'pass', 'pass', 'no_evidence', 'pass', 'pass', 'pass', 'fail', 'fail']);
      expect(a63.days[2]!.attestation).toMatchObject({ status: 'pass', attestationId: exerciseId, reason: expect.stringContaining('attested on 2026-10-02 by erin') });
      expect(a63.days[9]!.attestation!.reason).toMatch(/^overdue: last attested on 2026-10-02/);
      // A.5.33 (checks and a declaration): the worse of both, as period shows it, with the attested status beside it.
      const a533 = await history('A.5.33');
      expect(a533.days.map((d) => d.status)).toEqual(['pass', 'pass', 'pass', 'fail', 'pass', 'no_evidence', 'pass', 'pass', 'fail', 'fail', 'fail']);
      expect(a533.days.map((d) => d.attestation?.status ?? null)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass', null, 'pass', 'pass', 'fail', 'fail', 'fail']);
      // A control neither checked nor declared has no history.
      expect((await app.inject({ method: 'GET', url: '/api/controls/iso27001-2022/A.6.4/history' })).statusCode).toBe(404);
    } finally {
      await app.close();
    }
  }, 60_000);

  it('report of one run and period agree on that day: one rule decides the attested status (and the worse of both)', async () => {
    const doc = JSON.parse((await cli('period', ...range, '--control', 'A.6.3', 'A.5.33', '--framework', 'iso27001-2022', '--format', 'json')).stdout) as ExportDoc;
    for (const i of [0, 2, 3, 8, 9]) {
      const runId = iso(doc, 'A.6.3').timeline[i]!.runId!;
      const report = JSON.parse((await cli('report', '--run', String(runId), '--format', 'json')).stdout) as { controls: { framework: string; controlId: string; status: string }[] };
      const status = (id: string) => report.controls.find((c) => c.framework === 'iso27001-2022' && c.controlId === id)!.status;
      expect([DAYS[i], status('A.6.3'), status('A.5.33')]).toEqual([DAYS[i], iso(doc, 'A.6.3').timeline[i]!.status, iso(doc, 'A.5.33').timeline[i]!.status]);
    }
  }, 60_000);

  it('an unknown control still says so, naming both kinds of evidence', async () => {
    const r = await cli('period', ...range, '--control', 'A.5.99');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no automated check and no declared manual control maps to control A.5.99');
  }, 30_000);

  it('log: the day a run sealed the attestation and the day it went overdue', async () => {
    const r = await cli('log', ...range, '--control', 'A.6.3', '--format', 'json');
    expect(r.code).toBeLessThan(2);
    const entries = JSON.parse(r.stdout) as { day: string; kind: string; subject: string; detail: string }[] | { entries: { day: string; kind: string; subject: string; detail: string }[] };
    const list = Array.isArray(entries) ? entries : entries.entries;
    const att = list.filter((e) => e.kind.startsWith('attestation_'));
    expect(att.map((e) => [e.day, e.kind, e.subject])).toEqual([
      ['2026-10-03', 'attestation_recorded', 'A.6.3'],
      ['2026-10-10', 'attestation_overdue', 'A.6.3'],
    ]);
    expect(att[1]!.detail).toBe('overdue: last attested on 2026-10-02 by erin, due on 2026-10-09');
    expect(list.some((e) => e.day === '2026-10-10' && e.kind === 'control_failing' && e.subject === 'iso27001-2022 A.6.3')).toBe(true);
  }, 60_000);

  it('sample: the population is every day of the manual control; a drawn day carries the attestation record and its files\' hashes; the pack holds it', async () => {
    const pack = join(dir, 'pack');
    const r = await cli('sample', ...range, '--control', 'A.6.3', '--seed', 'audit-2026', '--size', '11', '--format', 'json', '--out', pack);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as { populationSize: number; populationGaps: number; items: { day: string; status: string; attestationRecord?: { id: number; recordHash: string; files: { sha256: string }[] } }[] };
    expect(s.populationSize).toBe(11);
    expect(s.populationGaps).toBe(1); // the outage; the never-attested days have a run and say why
    const byDay = new Map(s.items.map((i) => [i.day, i]));
    expect(byDay.get('2026-10-05')!.status).toBe('pass');
    expect(byDay.get('2026-10-05')!.attestationRecord).toMatchObject({ id: exerciseId, files: [{ sha256: sha256(MINUTES) }] });
    expect(byDay.get('2026-10-11')!.status).toBe('fail');
    expect(byDay.get('2026-10-01')!.attestationRecord).toBeUndefined();
    const index = s.items.findIndex((i) => i.day === '2026-10-05');
    const itemDir = join(pack, 'items', `${String(index + 1).padStart(3, '0')}-2026-10-05`);
    expect(existsSync(join(itemDir, 'attestation.json'))).toBe(true);
    const sealed = JSON.parse(readFileSync(join(itemDir, 'attestation.json'), 'utf8')) as { recordHash: string };
    // The record hash is the one the run sealed in its scope blob (listed in the pack's scope.json).
    expect(readFileSync(join(itemDir, 'scope.json'), 'utf8')).toContain(sealed.recordHash);
  }, 60_000);

  it('export: json, csv (attestations view), html and OSCAL (valid against the NIST schema) carry the attestation as evidence', async () => {
    const json = JSON.parse((await cli('export', ...range, '--control', 'A.6.3', '--format', 'json')).stdout) as ExportDoc;
    expect(iso(json, 'A.6.3').attestations[0]!.id).toBe(exerciseId);

    const csv = parse((await cli('export', ...range, '--control', 'A.6.3', '--format', 'csv', '--view', 'attestations')).stdout, { columns: true }) as Record<string, string>[];
    expect(csv).toEqual([expect.objectContaining({ control: 'A.6.3', attestation: String(exerciseId), by: 'erin', file: 'minutes.txt', file_sha256: sha256(MINUTES) })]);

    const html = (await cli('export', ...range, '--control', 'A.6.3', '--format', 'html')).stdout;
    expect(html).toContain(sha256(MINUTES));
    expect(html).toContain('none (manual control)');

    const r = await cli('export', ...range, '--control', 'A.6.3', '--control', 'A.5.33', '--format', 'oscal');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const ajv = new Ajv.default({ allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    const result = doc['assessment-results'].results[0];
    const obs = (result.observations as { uuid: string; methods: string[]; 'relevant-evidence': { href: string }[] }[]).filter((o) => o.methods.includes('EXAMINE'));
    expect(obs).toHaveLength(2); // both attestations of the period
    const exercise = obs.find((o) => o['relevant-evidence'].some((e) => e.href === `urn:controlwatch:sha256:${sha256(MINUTES)}`))!;
    expect(exercise['relevant-evidence'][0]!.href).toBe(`urn:controlwatch:attestation:${iso(json, 'A.6.3').attestations[0]!.recordHash}`);
    const finding = (result.findings as { title: string; target: { status: { state: string } }; 'related-observations'?: { 'observation-uuid': string }[] }[]).find((f) => f.title.startsWith('iso27001-2022 A.6.3'))!;
    expect(finding.target.status.state).toBe('not-satisfied');
    expect(finding['related-observations']!.map((o) => o['observation-uuid'])).toContain(exercise.uuid);
  }, 60_000);
});
