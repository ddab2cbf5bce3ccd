import type { Command } from 'commander';
import { logger, resolveConfig, storePath } from '../../engine/config-resolution.js';
import type { GlobalOptions } from '../global-options.js';
import type { ExitCode } from '../exit-codes.js';

/**
 * `controlwatch daemon`: runs on `schedule.cron` until SIGTERM/SIGINT (then exits 0). Everything it
 * does lives in src/scheduler and src/server; this file only resolves the configuration, starts both and waits.
 */
export function registerDaemon(program: Command, _setExit: (code: ExitCode) => void): void {
  program
    .command('daemon')
    .description('run on the configured schedule until stopped, recording every slot in the ledger (exit 4 when another process writes the database)')
    .action(async (_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions>();
      const resolved = resolveConfig(opts, true);
      const log = logger(opts, resolved.config);
      const { startDaemon, stopOnSignals } = await import('../../scheduler/index.js');
      const { startServiceServer } = await import('../../server/service-server.js');
      const { authPolicy } = await import('../../server/auth.js');
      const { parseListen } = await import('../../server/listen-address.js');
      const dbPath = storePath(opts, resolved);
      // An unsafe listen (off loopback without a token) is refused before anything else happens.
      authPolicy(resolved.config.server, parseListen(resolved.config.server.listen));
      // The writer lock next: a second daemon must be refused by name, not by a busy port.
      const daemon = await startDaemon({ config: resolved.config, dbPath, log });
      // Then health, readiness, metrics, API and dashboard.
      const server = await startServiceServer({ config: resolved.config, dbPath, log }).catch(async (err: unknown) => {
        await daemon.stop();
        throw err;
      });
      stopOnSignals(daemon, log);
      await daemon.stopped;
      await server.close();
    });
}
