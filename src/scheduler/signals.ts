import type { Logger } from 'pino';
import type { Daemon } from './daemon.js';

/**
 * SIGTERM / SIGINT stop the daemon (no new runs; the current one finishes within the grace period
 * or is left incomplete; the store is closed) and then exit 0. The process exits explicitly: a run
 * abandoned at the end of the grace period may still hold sockets that would keep Node alive.
 * A second signal while stopping is logged and otherwise ignored: the grace period is the bound.
 */
export function stopOnSignals(daemon: Daemon, log: Logger, exit: (code: number) => void = (c) => process.exit(c)): () => void {
  let received = false;
  const handler = (signal: NodeJS.Signals) => {
    if (received) {
      log.warn({ signal }, 'already stopping; waiting for the grace period');
      return;
    }
    received = true;
    log.info({ signal }, 'signal received');
    daemon.stop(`signal ${signal}`).then(
      () => exit(0),
      (err: unknown) => {
        log.error({ err: (err as Error).message }, 'daemon did not stop cleanly');
        exit(4);
      },
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  return () => {
    process.off('SIGTERM', handler);
    process.off('SIGINT', handler);
  };
}
