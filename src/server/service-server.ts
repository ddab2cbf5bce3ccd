import type { Logger } from 'pino';
import type { AppConfig } from '../config/schema.js';
import { loadRegistry } from '../registry/index.js';
import { intervalMs } from '../scheduler/slots.js';
import { planSchedules } from '../scheduler/schedules.js';
import { startServer, type RunningServer } from './app.js';

/**
 * The server as `controlwatch daemon` runs it: `server.*` from the configuration, the check and
 * framework catalogue from the registry, and /readyz's age limit from `schedule.cron` (2× the
 * interval between two slots; per schedule when collectors have their own). Started before the daemon's first run, so /healthz answers at once and
 * /readyz says "no sealed run yet" until there is one.
 */
export async function startServiceServer(opts: { readonly config: AppConfig; readonly dbPath: string; readonly log: Logger }): Promise<RunningServer> {
  const { config } = opts;
  const registry = loadRegistry(config);
  const now = new Date();
  // Per-collector schedules: /readyz judges each schedule's latest run by its own interval, /metrics counts missed slots per schedule.
  const schedules = planSchedules(config.schedule, registry.collectors.map((c) => c.id)).map((s) => ({ id: s.id, intervalMs: intervalMs(s.cron, s.timezone, now) }));
  return startServer({
    config,
    server: config.server,
    dbPath: opts.dbPath,
    registry,
    scheduleIntervalMs: Math.max(...schedules.map((s) => s.intervalMs)),
    schedules,
    log: opts.log,
  });
}
