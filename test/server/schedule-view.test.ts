import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { backfillHistory } from '../../src/demo/backfill.js';
import { demoExceptions } from '../../src/demo/history-scenario.js';
import { startLiveEstate } from '../../src/demo/live-estate.js';
import { runPipeline } from '../../src/engine/pipeline.js';
import { loadRegistry } from '../../src/registry/index.js';
import { buildServer } from '../../src/server/app.js';
import { SHORT_HISTORY, TOKEN } from './fixture.js';

/**
 * With per-collector schedules the newest run may be an hourly GitHub run that tested no AWS check. The
 * dashboard must still show the AWS controls as the latest AWS run found them — never as untested — and
 * each schedule's changes against that schedule's previous run. Real runs over the demo fakes.
 */
let dir: string;
let app: FastifyInstance;
let plain: FastifyInstance;
let dailyRuns: number[];
let githubRun: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cw-schedule-view-'));
  const dbPath = join(dir, 'evidence.db');
  const now = new Date();
  const live = await startLiveEstate({ exceptions: demoExceptions(now.toISOString().slice(0, 10), SHORT_HISTORY) });
  const log = pino({ level: 'silent' });
  try {
    const registry = loadRegistry(live.config);
    await backfillHistory({ dbPath, live, registry, log, now, scenario: SHORT_HISTORY });
    // The newest run: the GitHub schedule's, GitHub only.
    githubRun = (await runPipeline(live.config, dbPath, 'demo', log, undefined, { collectors: ['github'] })).outcome.runId;
    dailyRuns = [githubRun - 2, githubRun - 1];
    const slot = (schedule: string, runId: number) => ({ schedule, slotAt: '2026-01-01T06:00:00.000Z', status: 'ran', runId, reason: null });
    const ledger = { slots: () => [slot('default', dailyRuns[0]!), slot('default', dailyRuns[1]!), slot('github', githubRun)] };
    const server = { listen: '127.0.0.1:0', token: TOKEN, allowUnauthenticated: false };
    const schedules = [{ id: 'default', intervalMs: 86_400_000 }, { id: 'github', intervalMs: 3_600_000 }];
    app = buildServer({ config: live.config, server, dbPath, registry, ledger, schedules }).app;
    plain = buildServer({ config: live.config, server, dbPath, registry }).app;
    await app.ready();
    await plain.ready();
  } finally {
    await live.close();
  }
}, 180_000);

afterAll(async () => {
  await app?.close();
  await plain?.close();
  rmSync(dir, { recursive: true, force: true });
});

const section = (html: string, id: string) => html.split(`<section id="${id}">`)[1]?.split('</section>')[0] ?? '';
const page = async (server: FastifyInstance) => (await server.inject({ method: 'GET', url: '/', headers: { authorization: `Bearer ${TOKEN}` } })).body;
const row = (html: string, control: string) => new RegExp(`<tr data-control="${control.replace('.', '\\.')}" data-status="([a-z_]+)">.*?<td class="owner">([^<]*)<`).exec(html);

describe('dashboard with per-collector schedules', () => {
  it('shows each control from the latest run that tested it: the AWS controls from the daily run, the GitHub ones from the hourly run', async () => {
    const html = await page(app);
    expect(html).toContain(`Latest sealed run <strong>${githubRun}</strong>`);
    expect(html).toContain(`<li data-schedule="default">schedule <strong>default</strong>: run ${dailyRuns[1]} (changes since run ${dailyRuns[0]})</li>`);
    expect(html).toContain(`<li data-schedule="github">schedule <strong>github</strong>: run ${githubRun}</li>`);
    // A.8.5 (IAM: root MFA, access keys…) fails in the daily run, owned by identity-team.
    expect(row(html, 'A.8.5')?.slice(1)).toEqual(['fail', 'identity-team']);
    // IAM findings are still listed although the newest run never looked at IAM, and the GitHub ones too.
    expect(section(html, 'findings')).toMatch(/<td>iam\.root_no_access_keys<\/td>/);
    expect(section(html, 'findings')).toMatch(/<td>github\.[a-z_]+<\/td>/);
    // Changes compare each schedule with its own previous run: nothing of the AWS schedule is "gone".
    expect(section(html, 'changes')).not.toContain('>gone<');
    expect(html).toContain('Changes since each schedule’s previous run');
    // A.5.33 is tested by S3 checks only: automated (pass or fail) from the daily run.
    expect(['pass', 'fail']).toContain(row(html, 'A.5.33')?.[1]);
  });

  it('without the schedules the newest (GitHub-only) run alone shows the S3-only control A.5.33 as untested and no IAM finding: the case the merge exists for', async () => {
    const html = await page(plain);
    expect(row(html, 'A.5.33')).toBeNull(); // untested controls are not listed as today's
    expect(section(html, 'findings')).not.toMatch(/<td>iam\.root_no_access_keys<\/td>/);
    // …and compared with the previous run of another schedule, every AWS result reads as gone.
    expect(section(html, 'changes')).toContain('>gone<');
  });
});
