import type { Logger } from 'pino';
import type { AppConfig } from '../config/schema.js';
import type { CollectorDefinition } from '../model/collector.js';
import type { CheckResult } from '../model/result.js';
import type { EvidenceStore } from '../store/index.js';
import { hashJson } from '../util/canonical.js';
import { redactSecrets, secretValues } from '../util/redact.js';
import { dayIn } from '../util/calendar.js';
import { AGENT_VERSION } from '../util/project-root.js';
import { collectAll, type CollectedScope } from './collect.js';
import { expandAwsAccounts, type AccountDiscovery } from './expand-accounts.js';
import { evaluateAll, type RunnableCheck, type EvaluatedSet } from './evaluate.js';

export type Trigger = 'manual' | 'schedule' | 'demo' | 'test';

export interface RunDeps {
  readonly config: AppConfig;
  readonly collectors: readonly CollectorDefinition[];
  /** Enabled checks with their merged, validated parameters. */
  readonly checks: readonly RunnableCheck[];
  readonly store: EvidenceStore;
  readonly log: Logger;
  readonly trigger: Trigger;
  readonly clock?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Called after the run row is committed and before collection (lets a crash test kill mid-run). */
  readonly onRunStarted?: (runId: number) => void;
}

export interface RunOutcome {
  readonly runId: number;
  readonly seal: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly collected: readonly CollectedScope[];
  readonly resultSets: readonly EvaluatedSet[];
  readonly results: readonly CheckResult[];
  /** Organization account discovery, when configured. */
  readonly discovery: AccountDiscovery | null;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One run: collect → check → store, sealed. The run row is committed first (status `running`) so a
 * crash leaves it visible and it is later marked `incomplete`; everything else is written in one
 * transaction that ends with the seal.
 */
export async function executeRun(deps: RunDeps): Promise<RunOutcome> {
  const clock = deps.clock ?? (() => new Date());
  const { store, log } = deps;
  const recovered = store.recoverAbandonedRuns();
  if (recovered.length > 0) log.warn({ runs: recovered }, 'runs interrupted earlier are marked incomplete');

  const now = clock();
  const startedAt = now.toISOString();
  const redacted = redactSecrets(deps.config);
  // Organization accounts are discovered first, so the run records the scope it actually covered.
  const { config, discovery } = await expandAwsAccounts(deps.config, log);
  const scope = { ...declaredScope(deps.collectors, deps.checks, config), awsAccountDiscovery: discovery };
  const runId = store.beginRun({
    startedAt,
    trigger: deps.trigger,
    agentVersion: AGENT_VERSION,
    configHash: hashJson(redacted),
    scope,
    exceptions: config.exceptions,
  });
  log.info({ runId, trigger: deps.trigger }, 'run started');
  deps.onRunStarted?.(runId);

  const previousRun = store.latestSealedRun();
  const previousCollections = previousRun ? store.collections(previousRun.id) : [];
  const collected = await collectAll(deps.collectors, config, {
    log,
    clock,
    sleep: deps.sleep ?? realSleep,
    secrets: secretValues(config),
    concurrency: config.concurrency,
    previous: (collectorId, scope) => {
      const row = previousCollections.find((c) => c.collector === collectorId && c.scope === scope);
      return row && previousRun ? { runId: previousRun.id, startedAt: row.startedAt, status: row.status } : null;
    },
  });
  const resultSets = evaluateAll({
    checks: deps.checks,
    collected,
    now,
    today: dayIn(now, config.audit.timezone),
    exceptions: config.exceptions,
  });
  const finishedAt = clock().toISOString();
  const { seal } = store.completeRun(runId, {
    finishedAt,
    collections: collected.map((c) => ({
      collector: c.collector.id,
      scope: c.scope,
      status: c.status,
      error: c.error,
      apiCalls: c.stats.calls,
      throttles: c.stats.throttles,
      callsByOperation: c.stats.byOperation,
      startedAt: c.startedAt,
      finishedAt: c.finishedAt,
      observations: c.observations,
      gaps: c.gaps,
    })),
    resultSets: resultSets.map((s) => ({ checkId: s.checkId, scope: s.scope, results: s.results })),
  });
  const results = resultSets.flatMap((s) => s.results);
  log.info({ runId, seal, results: results.length }, 'run sealed');
  return { runId, seal, startedAt, finishedAt, collected, resultSets, results, discovery };
}

/** What this run set out to test: recorded with the run so each day's evidence states its scope. */
function declaredScope(collectors: readonly CollectorDefinition[], checks: readonly RunnableCheck[], config: AppConfig) {
  return {
    collectors: collectors.map((c) => ({ id: c.id, scopes: c.targets(config).map((t) => t.scope) })),
    checks: checks.map((c) => ({ id: c.definition.id, params: c.params })).sort((a, b) => a.id.localeCompare(b.id)),
    disabled: [...config.checks.disabled].sort(),
  };
}
