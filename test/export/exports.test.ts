import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import pino from 'pino';
import { chromium } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { backfillHistory } from '../../src/demo/backfill.js';
import { demoExceptions, type HistoryScenario } from '../../src/demo/history-scenario.js';
import { startLiveEstate } from '../../src/demo/live-estate.js';
import { loadRegistry } from '../../src/registry/index.js';
import { EXPORT_CSV_VIEWS, renderExportCsv } from '../../src/export/csv.js';
import type { PeriodExport } from '../../src/export/document.js';
import { runCliProcess } from '../helpers/cli.js';

/**
 * End to end on real evidence: the demo's own backfill writes a short history with the real pipeline
 * against the fakes (drift: Object Lock removed from prod-audit-evidence, then restored; an agent outage,
 * an exception that expires), then the real CLI answers period, log, sample and export over it. The drift is
 * followed on SOC 2 PI1.5, which only Object Lock and versioning test, so it fails and recovers; ISO A.5.33
 * is also tested by s3.bucket_mfa_delete_enabled, which fails every day on the demo's prod-access-logs.
 */
const SCENARIO: HistoryScenario = {
  days: 8,
  runHourUtc: 6,
  outage: [-4],
  drift: { from: -6, to: -5, account: '111111111111', bucket: 'prod-audit-evidence', control: 'A.5.33' },
  exceptionExpires: -3,
};
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const SCHEMA = fileURLToPath(new URL('../fixtures/oscal/oscal_assessment-results_schema.json', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let dir: string;
let db: string;
let configFile: string;
let days: string[];
const day = (offset: number) => days[offset + 7]!;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cw-export-'));
  db = join(dir, 'evidence.db');
  configFile = join(dir, 'controlwatch.yaml');
  // Read commands need no collection settings: the controls come from the check mappings, the evidence from the store.
  writeFileSync(configFile, 'version: 1\naudit:\n  timezone: UTC\nowners:\n  PI1.5: records-team\n');
  const now = new Date();
  const today = now.toISOString().slice(0, 10);
  days = Array.from({ length: 8 }, (_, i) => new Date(Date.parse(`${today}T00:00:00Z`) + (i - 7) * 86_400_000).toISOString().slice(0, 10));
  const live = await startLiveEstate({ exceptions: demoExceptions(today, SCENARIO) });
  try {
    const t = Date.now();
    const r = await backfillHistory({ dbPath: db, live, registry: loadRegistry(live.config), log: pino({ level: 'silent' }), now, scenario: SCENARIO });
    console.log(`real-pipeline history: ${r.runs} runs in ${Date.now() - t} ms`);
  } finally {
    await live.close();
  }
}, 180_000);

const cli = (...args: string[]) => runCliProcess(['-c', configFile, '--db', db, ...args]);
const period = () => ['--from', day(-7), '--to', day(0)];

describe('period, log, sample and export over a real demo history', () => {
  it('period: the drift is a failure episode remediated after a day, the outage and today are agent-down gaps, never passes', async () => {
    const r = await cli('period', ...period(), '--control', 'PI1.5', '--framework', 'soc2-2017', '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1); // exceptions to note
    const doc = JSON.parse(r.stdout);
    const c = doc.controls[0];
    expect(c.controlId).toBe('PI1.5');
    expect(c.timeline.map((d: { status: string }) => d.status)).toEqual(['pass', 'fail', 'fail', 'no_evidence', 'pass', 'pass', 'pass', 'no_evidence']);
    expect(c.episodes).toHaveLength(1);
    expect(c.episodes[0]).toMatchObject({ start: day(-6), end: day(-5), remediatedOn: day(-3), failingDays: 2 });
    expect(c.episodes[0].hoursToRemediate).toBeGreaterThanOrEqual(72);
    expect(c.gaps.map((g: { day: string; reason: string }) => [g.day, g.reason])).toEqual([[day(-4), 'agent_down'], [day(0), 'agent_down']]);
    expect(c.verdict).toBe('exceptions to note');
    const table = await cli('period', ...period(), '--control', 'PI1.5');
    expect(table.stdout).toMatch(/PI1\.5.*exceptions to note/s);
    // A.5.33 fails on the drift days and every other evidence day too (MFA delete on prod-access-logs): no recovery to show.
    const a533 = JSON.parse((await cli('period', ...period(), '--control', 'A.5.33', '--framework', 'iso27001-2022', '--format', 'json')).stdout).controls[0];
    expect(a533.timeline.map((d: { status: string }) => d.status)).toEqual(['fail', 'fail', 'fail', 'no_evidence', 'fail', 'fail', 'fail', 'no_evidence']);
    expect(table.stdout).toContain(`gap ${day(-4)}: agent_down`);
  }, 60_000);

  it('log: the day the control started failing and recovered, the expired exception, the days with no evidence', async () => {
    const r = await cli('log', ...period(), '--format', 'json');
    expect(r.code).toBe(0);
    const entries = JSON.parse(r.stdout).entries as { day: string; kind: string; subject: string; resource: string | null; owners: string[] }[];
    const has = (d: string, kind: string, subject: string) => entries.some((e) => e.day === d && e.kind === kind && e.subject === subject);
    expect(has(day(-6), 'control_failing', 'soc2-2017 PI1.5')).toBe(true);
    expect(has(day(-3), 'control_recovered', 'soc2-2017 PI1.5')).toBe(true);
    expect(entries.find((e) => e.day === day(-6) && e.kind === 'control_failing' && e.subject === 'soc2-2017 PI1.5')!.owners).toEqual(['records-team']);
    expect(has(day(-4), 'no_evidence', 'all controls')).toBe(true);
    expect(entries.some((e) => e.day === day(-2) && e.kind === 'exception_expired' && e.resource === 'arn:aws:iam::222222222222:root')).toBe(true);
    const mine = await cli('log', ...period(), '--owner', 'records-team', '--format', 'csv');
    const rows = parse(mine.stdout, { columns: true }) as { kind: string; owners: string }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.kind === 'no_evidence' || row.owners.split(' ').includes('records-team')).toBe(true);
  }, 60_000);

  it('sample --out: prints seed, algorithm and population, and writes a pack sha256sum accepts', async () => {
    const out = join(dir, 'pack');
    const r = await cli('sample', '--control', 'A.5.33', '--from', day(-7), '--to', day(0), '--seed', 'e2e', '--size', '4', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('seed: e2e');
    expect(r.stdout).toContain('algorithm: HMAC-SHA-256');
    expect(r.stdout).toMatch(/population: 8 item\(s\), 2 without evidence/);
    expect(execFileSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: out, encoding: 'utf8' })).toBe('');
    expect(readdirSync(join(out, 'items'))).toHaveLength(4);
    // The integrity lane's offline check accepts the pack as written (no database).
    const verified = await runCliProcess(['verify', '--pack', out]);
    expect(verified.stdout).toContain('pack intact');
    expect(verified.code).toBe(0);
  }, 90_000);

  it('export --pack writes a pack of every day of one control, gap days included', async () => {
    const pack = join(dir, 'all-days');
    const r = await cli('export', ...period(), '--control', 'PI1.5', '--framework', 'soc2-2017', '--format', 'json', '--out', join(dir, 'pi15.json'), '--pack', pack);
    expect(r.code).toBe(0);
    const sample = JSON.parse(readFileSync(join(pack, 'sample.json'), 'utf8')) as { populationSize: number; items: { day: string; status: string }[] };
    expect(sample.populationSize).toBe(8);
    expect(sample.items.map((i) => i.status)).toEqual(['pass', 'fail', 'fail', 'no_evidence', 'pass', 'pass', 'pass', 'no_evidence']);
    expect(execFileSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: pack, encoding: 'utf8' })).toBe('');
  }, 60_000);

  it('export --format oscal validates against NIST assessment-results schema 1.2.3', async () => {
    const r = await cli('export', ...period(), '--format', 'oscal');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const ajv = new Ajv.default({ allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    const findings = doc['assessment-results'].results[0].findings as { title: string; target: { status: { state: string } } }[];
    expect(findings.find((f) => f.title.startsWith('iso27001-2022 A.5.33'))!.target.status.state).toBe('not-satisfied');
    expect(doc['assessment-results'].results[0].observations[0]['relevant-evidence'][0].href).toMatch(/^urn:controlwatch:seal:[0-9a-f]{64}$/);
    // Same period, same bytes (name-based UUIDs, no generation time).
    expect((await cli('export', ...period(), '--format', 'oscal')).stdout).toBe(r.stdout);
  }, 60_000);

  it('export --format csv opens with csv-parse and round-trips', async () => {
    // The CLI writes one view; the others are rendered in-process from the CLI's JSON export (one spawn each costs seconds).
    const viaCli = await cli('export', ...period(), '--format', 'csv', '--view', 'exceptions');
    expect(viaCli.code).toBe(0);
    const doc = JSON.parse((await cli('export', ...period(), '--format', 'json')).stdout) as PeriodExport;
    expect(renderExportCsv(doc, 'exceptions')).toBe(viaCli.stdout);
    for (const view of EXPORT_CSV_VIEWS) {
      const text = renderExportCsv(doc, view);
      const rows = parse(text, { columns: true }) as Record<string, string>[];
      // The backfilled history records no attestation: that view is the header alone here (test/period/manual-controls.test.ts fills it).
      if (view === 'attestations') {
        expect(text).toBe('framework,control,attestation,by,day,recorded_at,note,record_sha256,file,file_sha256,file_size\n');
        continue;
      }
      expect(rows.length, view).toBeGreaterThan(0);
      expect(stringify(rows, { header: true, columns: Object.keys(rows[0]!) })).toBe(text);
    }
    const timeline = parse((await cli('export', ...period(), '--format', 'csv', '--control', 'A.5.33', '--framework', 'iso27001-2022')).stdout, { columns: true }) as { day: string; status: string; note: string }[];
    expect(timeline.find((t) => t.day === day(-4))).toMatchObject({ status: 'no_evidence' });
    expect(timeline.find((t) => t.day === day(-4))!.note).toMatch(/^agent_down/);
  }, 60_000);

  it('export --format html is one self-contained file that headless Chromium renders, heatmap and exceptions included', async () => {
    const file = join(dir, 'period.html');
    const r = await cli('export', ...period(), '--format', 'html', '--framework', 'soc2-2017', '--out', file);
    expect(r.code).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).not.toMatch(/<script|<link|src=|url\(http/);
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium; .ci/run does)`);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ javaScriptEnabled: false });
      const requests: string[] = [];
      page.on('request', (req) => requests.push(req.url()));
      await page.goto(pathToFileURL(file).href);
      expect(requests).toEqual([pathToFileURL(file).href]); // nothing else is fetched
      const cells = page.locator('#soc2-2017-PI1\\.5 .hm-cell[data-day]');
      expect(await cells.count()).toBe(8);
      expect(await cells.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual(['pass', 'fail', 'fail', 'no_evidence', 'pass', 'pass', 'pass', 'no_evidence']);
      // Colour is computed by the browser from the inline CSS: failing red, gap grey (never the pass green).
      const colour = (i: number) => cells.nth(i).evaluate((e) => getComputedStyle(e).backgroundColor);
      expect(await colour(1)).toBe('rgb(207, 34, 46)');
      expect(await colour(3)).not.toBe(await colour(0));
      expect(await page.locator('#exceptions + table').innerText()).toContain('ciso@example.com');
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'export-period.png'), fullPage: true });
    } finally {
      await browser.close();
    }
    expect(existsSync(join(ARTIFACTS, 'export-period.png'))).toBe(true);
  }, 90_000);
});
