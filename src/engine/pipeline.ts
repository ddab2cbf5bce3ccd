import type { Logger } from 'pino';
import type { AppConfig } from '../config/schema.js';
import { executeRun, type RunOutcome, type Trigger } from '../runner/run.js';
import { DISCOVERERS, loadRegistry, type Registry } from '../registry/index.js';
import { openStore } from './config-resolution.js';
import { withWriterLock } from '../scheduler/writer-lock.js';
import { runSummaryFields } from '../log.js';
import { attachIntegrity, loadIntegrity } from '../integrity/setup.js';
import { AttestationLedger } from '../store/attestations.js';

export interface PipelineResult {
  readonly outcome: RunOutcome;
  readonly registry: Registry;
}

/** Registry → store → one sealed run. `run`, `demo` and the daemon all call this, so they exercise one path. */
export async function runPipeline(config: AppConfig, dbPath: string, trigger: Trigger, log: Logger, onRunStarted?: (runId: number) => void): Promise<PipelineResult> {
  // One writer per database: a second `run`, or a `run` beside a daemon, is refused naming the holder.
  return withWriterLock(dbPath, log, () => pipeline(config, dbPath, trigger, log, onRunStarted));
}

async function pipeline(config: AppConfig, dbPath: string, trigger: Trigger, log: Logger, onRunStarted?: (runId: number) => void): Promise<PipelineResult> {
  const started = Date.now();
  const registry = loadRegistry(config);
  // The signing key is read before the store opens: a bad key stops the run before it begins.
  const integrity = loadIntegrity(config.integrity);
  const store = openStore(dbPath, false);
  try {
    const sealing = attachIntegrity(store, integrity, log);
    const attestations = readAttestations(dbPath);
    const outcome = await executeRun({
      config,
      collectors: registry.collectors,
      discoverers: DISCOVERERS,
      checks: registry.checks.filter((c) => c.enabled),
      store,
      log,
      trigger,
      attestations,
      onRunStarted: (runId) => {
        // How many scopes the run must cover: the total that live progress counts towards.
        const scope = store.getBlob<{ expected?: unknown[] }>(store.getRun(runId)!.scopeHash);
        log.info({ runId, expectedScopes: scope.expected?.length ?? 0 }, 'collecting');
        onRunStarted?.(runId);
      },
    });
    await sealing.afterRun();
    log.info(runSummaryFields(outcome, Date.now() - started), 'run summary');
    return { outcome, registry };
  } finally {
    store.close();
  }
}

/** Attestations recorded so far: the run records them, so its seal covers them. */
function readAttestations(dbPath: string) {
  const ledger = AttestationLedger.open(dbPath);
  try {
    return ledger.list();
  } finally {
    ledger.close();
  }
}
