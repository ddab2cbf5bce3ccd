import type { Logger } from 'pino';
import type { AppConfig } from '../config/schema.js';
import { loadRegistry } from '../registry/index.js';
import { intervalMs } from '../scheduler/slots.js';
import { startServer, type RunningServer } from './app.js';

/**
 * The server as `controlwatch daemon` runs it: `server.*` from the configuration, the check and
 * framework catalogue from the registry, and /readyz's age limit from `schedule.cron` (2× the
 * interval between two slots). Started before the daemon's first run, so /healthz answers at once and
 * /readyz says "no sealed run yet" until there is one.
 */
export async function startServiceServer(opts: { readonly config: AppConfig; readonly dbPath: string; readonly log: Logger }): Promise<RunningServer> {
  const { config } = opts;
  return startServer({
    config,
    server: config.server,
    dbPath: opts.dbPath,
    registry: loadRegistry(config),
    scheduleIntervalMs: intervalMs(config.schedule.cron, config.schedule.timezone, new Date()),
    log: opts.log,
  });
}
