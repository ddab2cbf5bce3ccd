/**
 * Benchmark (not a test): the history `demo --serve` writes before its dashboard fills in — one real run
 * per past day over the demo fakes, as src/demo/backfill.ts does it — timed per day, with the process's CPU
 * time (wall time on a shared machine says more about the other processes than about this one).
 *
 *   node --import tsx test/bench/demo-backfill.ts [--days 90]
 *
 * Per-day times must stay flat: a cost that grows with each run (e.g. an AsyncLocalStorage per collection,
 * fixed in src/sdk/call-stats.ts) shows as a rising series long before it shows in a unit test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { backfillHistory } from '../../src/demo/backfill.js';
import { demoExceptions, HISTORY } from '../../src/demo/history-scenario.js';
import { startLiveEstate } from '../../src/demo/live-estate.js';
import { loadRegistry } from '../../src/registry/index.js';

const { values } = parseArgs({ options: { days: { type: 'string', default: String(HISTORY.days) } } });
const days = Number(values.days);
const dir = mkdtempSync(join(tmpdir(), 'cw-bench-backfill-'));
const now = new Date();
const live = await startLiveEstate({ exceptions: demoExceptions(now.toISOString().slice(0, 10), HISTORY) });
try {
  const registry = loadRegistry(live.config);
  const perDay: number[] = [];
  let last = Date.now();
  const cpuBefore = process.cpuUsage();
  const result = await backfillHistory({
    dbPath: join(dir, 'bench.db'),
    live,
    registry,
    log: pino({ level: 'silent' }),
    now,
    scenario: { ...HISTORY, days },
    onDay: () => {
      const t = Date.now();
      perDay.push(t - last);
      last = t;
    },
  });
  const cpu = process.cpuUsage(cpuBefore);
  const tenth = Math.max(1, Math.floor(perDay.length / 10));
  const mean = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));
  console.log(
    JSON.stringify({
      days,
      runs: result.runs,
      wallSeconds: +(result.elapsedMs / 1000).toFixed(1),
      cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(1),
      firstTenthMsPerDay: mean(perDay.slice(1, 1 + tenth)),
      lastTenthMsPerDay: mean(perDay.slice(-tenth)),
    }),
  );
} finally {
  await live.close();
  rmSync(dir, { recursive: true, force: true });
}
