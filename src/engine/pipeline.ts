import type { Logger } from 'pino';
import type { AppConfig } from '../config/schema.js';
import { executeRun, type RunOutcome, type Trigger } from '../runner/run.js';
import { DISCOVERERS, loadRegistry, type Registry } from '../registry/index.js';
import { openStore } from './config-resolution.js';
import { attachIntegrity, loadIntegrity } from '../integrity/setup.js';

export interface PipelineResult {
  readonly outcome: RunOutcome;
  readonly registry: Registry;
}

/** Registry → store → one sealed run. `run`, `demo` and the daemon all call this, so they exercise one path. */
export async function runPipeline(config: AppConfig, dbPath: string, trigger: Trigger, log: Logger, onRunStarted?: (runId: number) => void): Promise<PipelineResult> {
  const registry = loadRegistry(config);
  // The signing key is read before the store opens: a bad key stops the run before it begins.
  const integrity = loadIntegrity(config.integrity);
  const store = openStore(dbPath, false);
  try {
    const sealing = attachIntegrity(store, integrity, log);
    const outcome = await executeRun({
      config,
      collectors: registry.collectors,
      discoverers: DISCOVERERS,
      checks: registry.checks.filter((c) => c.enabled),
      store,
      log,
      trigger,
      ...(onRunStarted ? { onRunStarted } : {}),
    });
    await sealing.afterRun();
    return { outcome, registry };
  } finally {
    store.close();
  }
}
