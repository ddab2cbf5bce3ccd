import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { cli } from './in-process.js';
import { beginRun, tempDbPath, tempStore } from '../period/fixtures.js';
import { twoRunStore } from '../report/report-fixture.js';

describe('controlwatch runs', () => {
  it('lists every run in the range, sealed or not, with counts, seal prefix and coverage', async () => {
    const db = twoRunStore();
    const s = tempStore(db);
    beginRun(s, { startedAt: '2026-11-22T09:00:00.000Z' }); // left running: listed, never evidence
    s.close();
    const json = await cli(['--db', db, 'runs', '--from', '2026-11-01', '--to', '2026-11-30', '--format', 'json']);
    expect(json.code).toBe(EXIT.ok);
    const doc = JSON.parse(json.stdout);
    expect(doc.runs.map((r: { id: number; status: string }) => `${r.id} ${r.status}`)).toEqual(['1 sealed', '2 sealed', '3 running']);
    expect(doc.runs[1]).toMatchObject({ day: '2026-11-22', trigger: 'test', counts: { fail: 3, error: 1 }, coverage: { status: 'complete', expected: 2, collected: 2 } });
    expect(doc.runs[2]).toMatchObject({ counts: null, coverage: null, seal: null });

    const table = await cli(['--db', db, 'runs', '--from', '2026-11-22', '--to', '2026-11-22']);
    expect(table.stdout).toMatch(/^2 runs from 2026-11-22 to 2026-11-22/);
    expect(table.stdout).toContain(doc.runs[1].seal.slice(0, 12));
    expect(table.stdout).toContain('complete 2/2');
    expect(table.stdout.split('\n').filter((l) => /^│ \d+ /.test(l)).map((l) => l.split('│')[1]!.trim())).toEqual(['2', '3']);

    const csv = await cli(['--db', db, 'runs', '--from', '2026-01-01', '--to', '2026-01-02', '--format', 'csv']);
    expect(csv.stdout).toBe('id,started_at,finished_at,day,trigger,status,pass,fail,error,excepted,not_applicable,seal,coverage,expected_scopes,collected_scopes\n');
  });

  it('a bad day is a usage error', async () => {
    const db = tempDbPath();
    tempStore(db).close();
    const r = await cli(['--db', db, 'runs', '--from', '2026-13-01']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain('--from expects a day YYYY-MM-DD');
  });
});

describe('controlwatch checks', () => {
  it('the table has ISO 27001, SOC 2 and PCI DSS columns', async () => {
    const r = await cli(['checks']);
    expect(r.code).toBe(EXIT.ok);
    const header = r.stdout.split('\n').find((l) => l.includes('check') && l.includes('severity'))!;
    expect(header).toContain('PCI DSS 4.0');
    expect(r.stdout).toMatch(/iam\.access_keys_rotated .*8\.3\.9/);
  });

  it('checks ID shows one check in full: rationale, remediation, parameters with defaults, every mapping', async () => {
    const r = await cli(['checks', 'iam.access_keys_rotated']);
    expect(r.code).toBe(EXIT.ok);
    for (const part of ['iam.access_keys_rotated — ', 'Rationale', 'Remediation', 'max_key_age_days: 90 (default)', 'iso27001-2022: A.5.15', 'pci-dss-4.0: 8.3.9', 'soc2-2017: CC6.1']) expect(r.stdout).toContain(part);
    const json = JSON.parse((await cli(['checks', 'iam.access_keys_rotated', '--format', 'json'])).stdout);
    expect(json).toMatchObject({ id: 'iam.access_keys_rotated', parameters: { max_key_age_days: 90 }, defaults: { max_key_age_days: 90 } });
    expect(json.rationale.length).toBeGreaterThan(20);
  });

  it('an unknown id is a usage error naming checks with the same prefix', async () => {
    const r = await cli(['checks', 'iam.nope']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/unknown check "iam.nope"; checks with that prefix: .*iam\.access_keys_rotated/);
  });
});
