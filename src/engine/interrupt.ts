import type { Logger } from 'pino';
import { openStore } from './config-resolution.js';

/** The shell's convention for a process ended by a signal: 128 + the signal's number (SIGINT 130, SIGTERM 143). */
const EXIT_ON: Readonly<Record<'SIGINT' | 'SIGTERM', number>> = { SIGINT: 130, SIGTERM: 143 };

/**
 * Ctrl-C or SIGTERM during a one-off `run`: the run is marked `incomplete` on the way out (never
 * evidence; the next run chains past it) with a log line, instead of staying `running` until the next
 * start finds it. The process then exits with 130/143; the writer lock is released by its exit handler.
 *
 * The mark goes through a connection of its own: the run's connection is inside the pipeline, and no
 * write of the run can be under way when a handler runs (sealing is one synchronous transaction, so a
 * signal during it waits for it and then finds the run sealed). The daemon has its own shutdown
 * (src/scheduler/signals.ts). Returns a function that removes the handlers.
 */
export function markIncompleteOnSignal(dbPath: string, currentRun: () => number | null, log: Logger, exit: (code: number) => void = (c) => process.exit(c)): () => void {
  const handler = (signal: 'SIGINT' | 'SIGTERM') => {
    const runId = currentRun();
    try {
      if (runId === null) log.warn({ signal }, 'interrupted before the run started: nothing recorded');
      else {
        const store = openStore(dbPath, false);
        try {
          // At error level: the run did not complete, and a config that shows only errors must still say so.
          if (store.markRunIncomplete(runId)) log.error({ signal, runId }, `run ${runId} interrupted: marked incomplete (not evidence)`);
          else log.warn({ signal, runId }, `interrupted after run ${runId} was sealed`);
        } finally {
          store.close();
        }
      }
    } catch (err) {
      // The next start still marks it (recoverAbandonedRuns): say why it was not done now.
      log.error({ signal, runId, err: err instanceof Error ? err.message : String(err) }, 'interrupted; the run could not be marked incomplete now (the next run will)');
    } finally {
      exit(EXIT_ON[signal]);
    }
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
