import { existsSync } from 'node:fs';
import type { Logger } from 'pino';
import { ServerSection } from '../config/server-schema.js';
import type { AppConfig } from '../config/schema.js';
import { intervalMs, startDaemon, type Daemon } from '../scheduler/index.js';
import { loadRegistry } from '../registry/index.js';
import { startServer, type RunningServer } from '../server/app.js';
import { dayIn } from '../util/calendar.js';
import { backfillHistory, type BackfillResult } from './backfill.js';
import { demoExceptions, HISTORY, type HistoryScenario } from './history-scenario.js';
import { startLiveEstate } from './live-estate.js';

export interface DemoServeOptions {
  readonly dbPath: string;
  /** host:port; default the config's server.listen (127.0.0.1:8080). */
  readonly listen?: string;
  /** Seconds between live runs. */
  readonly intervalSeconds: number;
  readonly log: Logger;
  /** Progress lines for the person watching (the backfill takes a minute or two). */
  readonly say?: (line: string) => void;
  /** The history to backfill; the 90-day demo history unless given (tests use a short one). */
  readonly scenario?: HistoryScenario;
}

export interface DemoService {
  readonly url: string;
  /** null when the store already held runs and the history was not written again. */
  readonly backfill: BackfillResult | null;
  stop(): Promise<void>;
}

/**
 * The daemon's schedule for a live demo: every `seconds` (a divisor of 60 below a minute, or whole
 * minutes dividing an hour), as a node-cron expression (six fields: seconds first).
 */
export function cronEvery(seconds: number): string {
  if (Number.isInteger(seconds) && seconds >= 5 && seconds < 60 && 60 % seconds === 0) return `*/${seconds} * * * * *`;
  const minutes = seconds / 60;
  if (Number.isInteger(minutes) && minutes >= 1 && minutes <= 30 && 60 % minutes === 0) return `0 */${minutes} * * * *`;
  throw new Error(`the live interval must divide a minute (5-30 s) or an hour (1-30 min), got ${seconds} s`);
}

/**
 * `controlwatch demo --serve`: the demo estate's fakes, 90 days of backfilled history in a new demo
 * store, live runs on a short interval over the same fakes, and the HTTP server (dashboard, /metrics,
 * JSON API) reading that store. Everything listens on loopback unless --listen says otherwise.
 */
export async function serveDemo(opts: DemoServeOptions): Promise<DemoService> {
  const say = opts.say ?? (() => undefined);
  const now = new Date();
  const scenario = opts.scenario ?? HISTORY;
  const live = await startLiveEstate({ exceptions: demoExceptions(dayIn(now, 'UTC'), scenario) });
  let server: RunningServer | undefined;
  let daemon: Daemon | undefined;
  try {
    const registry = loadRegistry(live.config);
    const cron = cronEvery(opts.intervalSeconds);
    const daemonConfig: AppConfig = { ...live.config, schedule: { ...live.config.schedule, cron, timezone: 'UTC' } };
    const scheduleIntervalMs = intervalMs(cron, 'UTC', now);
    const fresh = !existsSync(opts.dbPath);
    // Listening first: the dashboard fills in while the history is written (the server reads, the backfill writes).
    server = await startServer({
      config: live.config,
      dbPath: opts.dbPath,
      registry,
      // The demo config has no server section: loopback by default; a token from the environment if one is set.
      server: ServerSection.parse({
        ...(opts.listen !== undefined ? { listen: opts.listen } : {}),
        ...(process.env.CONTROLWATCH_SERVER_TOKEN ? { token: process.env.CONTROLWATCH_SERVER_TOKEN } : {}),
      }),
      scheduleIntervalMs,
      log: opts.log,
    });
    say(`Serving ${server.url} (dashboard, /metrics, /api/runs, /readyz)`);
    let backfill: BackfillResult | null = null;
    if (fresh) {
      say(`Writing ${scenario.days} days of simulated history into ${opts.dbPath} (one real run per day against the fakes)…`);
      backfill = await backfillHistory({
        dbPath: opts.dbPath,
        live,
        registry,
        log: opts.log,
        now,
        scenario,
        onDay: (day, i, total) => {
          if (i % 15 === 0) say(`  ${day} (${i + 1}/${total})`);
        },
      });
      say(`History written: ${backfill.runs} runs in ${(backfill.elapsedMs / 1000).toFixed(1)} s; no run on ${backfill.skippedDays.join(', ')} (simulated outage).`);
    } else {
      say(`${opts.dbPath} exists: keeping its history (delete it to write the 90-day history again).`);
    }
    // The real daemon (slot ledger, writer lock, no overlap), on a short schedule, recording `demo` runs
    // through the same pipeline as `run`, over the demo config that points at the fakes.
    daemon = await startDaemon({ config: daemonConfig, dbPath: opts.dbPath, log: opts.log, trigger: 'demo' });
    const running = server;
    const repeating = daemon;
    return {
      url: running.url,
      backfill,
      stop: async () => {
        await running.close();
        await repeating.stop();
        await live.close();
      },
    };
  } catch (err) {
    await server?.close();
    await daemon?.stop();
    await live.close();
    throw err;
  }
}
