import type { Logger } from 'pino';
import type { AppConfig } from '../config/schema.js';
import { executeRun, type RunOutcome, type Trigger } from '../runner/run.js';
import { DISCOVERERS, loadRegistry, type Registry } from '../registry/index.js';
import { openStore } from './config-resolution.js';
import { withWriterLock } from '../scheduler/writer-lock.js';
import { runSummaryFields } from '../log.js';
import { attachIntegrity, loadIntegrity } from '../integrity/setup.js';
import { AttestationLedger } from '../store/attestations.js';
import { boundHeapGrowth } from './heap-growth.js';

export interface PipelineResult {
  readonly outcome: RunOutcome;
  readonly registry: Registry;
}

export interface PipelineOptions {
  /**
   * Only these collectors (a per-collector schedule's run, src/scheduler/schedules.ts), with the checks of
   * what they observe and the scope discoveries of their API family. Every collector when absent.
   */
  readonly collectors?: readonly string[] | null;
}

/** Registry → store → one sealed run. `run`, `demo` and the daemon all call this, so they exercise one path. */
export async function runPipeline(config: AppConfig, dbPath: string, trigger: Trigger, log: Logger, onRunStarted?: (runId: number) => void, options: PipelineOptions = {}): Promise<PipelineResult> {
  // A run holds its evidence until sealed: keep V8 from growing the heap to several times that (heap-growth.ts).
  boundHeapGrowth();
  // One writer per database: a second `run`, or a `run` beside a daemon, is refused naming the holder.
  return withWriterLock(dbPath, log, () => pipeline(config, dbPath, trigger, log, onRunStarted, options));
}

async function pipeline(config: AppConfig, dbPath: string, trigger: Trigger, log: Logger, onRunStarted: ((runId: number) => void) | undefined, options: PipelineOptions): Promise<PipelineResult> {
  const started = Date.now();
  const registry = loadRegistry(config);
  const only = options.collectors ?? null;
  const collectors = only === null ? registry.collectors : registry.collectors.filter((c) => only.includes(c.id));
  // A check runs where its observation type is collected; a run of some collectors declares only their checks.
  const produced = new Set(collectors.flatMap((c) => Object.keys(c.produces)));
  const checks = registry.checks.filter((c) => c.enabled && (only === null || produced.has(c.definition.observationType)));
  const discoverers = only === null ? DISCOVERERS : DISCOVERERS.filter((d) => collectors.some((c) => c.provider === d.provider));
  // The signing key is read before the store opens: a bad key stops the run before it begins.
  const integrity = loadIntegrity(config.integrity);
  const store = openStore(dbPath, false);
  try {
    const sealing = attachIntegrity(store, integrity, log);
    const attestations = readAttestations(dbPath);
    const outcome = await executeRun({
      config,
      collectors,
      discoverers,
      checks,
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
