import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { serveDemo, type DemoService } from '../../src/demo/serve.js';
import { SHORT_HISTORY } from '../server/fixture.js';

/**
 * `demo --serve` end to end (short history): the server listens, the history is backfilled with
 * trigger `demo`, the daemon's first live run makes /readyz answer 200 and is in the slot ledger, and a restart keeps the
 * store's history instead of writing it again.
 */
const dir = mkdtempSync(join(tmpdir(), 'cw-demo-serve-'));
const dbPath = join(dir, 'demo-serve.db');
const log = pino({ level: 'silent' });
let service: DemoService | undefined;

afterAll(async () => {
  await service?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Polls until the predicate holds (the test's own timeout bounds it; no timed assertion). */
async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('demo --serve', () => {
  it('backfills the history, runs live, and /readyz turns 200 after the first live run', async () => {
    const lines: string[] = [];
    service = await serveDemo({ dbPath, listen: '127.0.0.1:0', intervalSeconds: 10, log, scenario: SHORT_HISTORY, say: (l) => lines.push(l) });
    expect(service.backfill).toMatchObject({ runs: 4, skippedDays: [expect.any(String)] });
    expect(lines.join('\n')).toMatch(/History written: 4 runs in [\d.]+ s/);

    // The daemon runs every 10 s, so yesterday's backfilled run is too old until today's first live run seals.
    const ready = await until(async () => {
      const res = await fetch(`${service!.url}/readyz`);
      return res.status === 200 ? ((await res.json()) as { lastSealedRun: { id: number } }) : undefined;
    });
    expect(ready.lastSealedRun.id).toBeGreaterThanOrEqual(5);

    const runs = ((await (await fetch(`${service.url}/api/runs?days=6`)).json()) as { runs: { id: number; trigger: string; day: string; status: string }[] }).runs;
    expect(runs.slice(-4).map((r) => r.id)).toEqual([4, 3, 2, 1]);
    expect(new Set(runs.map((r) => r.trigger))).toEqual(new Set(['demo']));
    expect(runs.find((r) => r.id === 5)?.day).toBe(new Date().toISOString().slice(0, 10));

    // The backfilled runs recorded the access review attested on day 3 (before its run), as a live run records the
    // ledger: A.5.18's history says never attested before it, attested (pass within cadence) from it on, and the live
    // run of today (the daemon's, through the pipeline) carries it too.
    const a518 = ((await (await fetch(`${service.url}/api/controls/iso27001-2022/A.5.18/history?days=6`)).json()) as { days: { attestation?: { status: string; lastAttested: string | null } }[] }).days;
    const reviewDay = runs.find((r) => r.id === 3)?.day;
    expect(a518.map((d) => d.attestation?.status ?? null)).toEqual(['no_evidence', 'no_evidence', null, 'pass', 'pass', 'pass']);
    expect(a518.slice(3).map((d) => d.attestation?.lastAttested)).toEqual([reviewDay, reviewDay, reviewDay]);

    // The daemon's slot ledger: the live run's slot is recorded as ran, with its run.
    const slots = ((await (await fetch(`${service.url}/api/slots`)).json()) as { slots: { slotAt: string; status: string; runId: number | null }[] }).slots;
    expect(slots.find((s) => s.runId === 5)?.status).toBe('ran');
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(/^controlwatch_missed_slots{schedule="default"} 0$/m);
    expect(metrics).toMatch(/^controlwatch_last_sealed_run_id \d+$/m);
    await service.stop();
    service = undefined;
  }, 300_000);

  it('keeps an existing store’s history on restart', async () => {
    const lines: string[] = [];
    service = await serveDemo({ dbPath, listen: '127.0.0.1:0', intervalSeconds: 30, log, scenario: SHORT_HISTORY, say: (l) => lines.push(l) });
    expect(service.backfill).toBeNull();
    expect(lines.join('\n')).toContain('exists: keeping its history');
  }, 120_000);
});
