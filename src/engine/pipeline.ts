import type { Logger } from 'pino';
import type { AppConfig } from '../config/schema.js';
import { executeRun, type RunOutcome, type Trigger } from '../runner/run.js';
import { DISCOVERERS, loadRegistry, type Registry } from '../registry/index.js';
import { openStore } from './config-resolution.js';

export interface PipelineResult {
  readonly outcome: RunOutcome;
  readonly registry: Registry;
}

/** Registry → store → one sealed run. `run`, `demo` and the daemon all call this, so they exercise one path. */
export async function runPipeline(config: AppConfig, dbPath: string, trigger: Trigger, log: Logger, onRunStarted?: (runId: number) => void): Promise<PipelineResult> {
  const registry = loadRegistry(config);
  const store = openStore(dbPath, false);
  try {
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
    return { outcome, registry };
  } finally {
    store.close();
  }
}
