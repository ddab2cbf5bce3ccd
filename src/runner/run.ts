import type { Logger } from 'pino';
import type { AppConfig } from '../config/schema.js';
import type { CollectorDefinition } from '../model/collector.js';
import type { CheckResult } from '../model/result.js';
import type { EvidenceStore } from '../store/index.js';
import { hashJson } from '../util/canonical.js';
import { redactSecrets, secretValues } from '../util/redact.js';
import { dayIn } from '../util/calendar.js';
import { AGENT_VERSION } from '../util/project-root.js';
import { collectAll, targetsOf, type CollectedScope } from './collect.js';
import { evaluateAll, type RunnableCheck, type EvaluatedSet } from './evaluate.js';
import { lastDiscoveryIn, planScopes, type DiscoveryRecord } from './expected-scopes.js';
import { collectionKey, computeCoverage, type Coverage, type ExpectedScope } from '../model/expected-scope.js';
import type { ScopeDiscoveryDefinition } from '../model/discovery.js';
import { CallStats } from '../sdk/call-stats.js';
import { previousCollection } from './change-window.js';
import { runDeadlines } from './deadline.js';
import { registerOf } from '../programme/exceptions-register.js';
import { programmeRecord } from '../programme/run-record.js';
import type { AttestationRef } from '../programme/manual.js';

export type Trigger = 'manual' | 'schedule' | 'demo' | 'test';

export interface RunDeps {
  readonly config: AppConfig;
  readonly collectors: readonly CollectorDefinition[];
  /** Scope discoveries (AWS Organizations); each runs only when the config enables it. */
  readonly discoverers: readonly ScopeDiscoveryDefinition<AppConfig>[];
  /** Enabled checks with their merged, validated parameters. */
  readonly checks: readonly RunnableCheck[];
  readonly store: EvidenceStore;
  readonly log: Logger;
  readonly trigger: Trigger;
  readonly clock?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Called after the run row is committed and before collection (lets a crash test kill mid-run). */
  readonly onRunStarted?: (runId: number) => void;
  /** Attestations of manual controls recorded so far (src/store/attestations.ts); the run records them under its seal. */
  readonly attestations?: readonly AttestationRef[];
}

export interface RunOutcome {
  readonly runId: number;
  readonly seal: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly collected: readonly CollectedScope[];
  readonly resultSets: readonly EvaluatedSet[];
  readonly results: readonly CheckResult[];
  /** What the run had to cover, stated before collecting. */
  readonly expected: readonly ExpectedScope[];
  /** Expected vs collected: a run whose coverage is partial or empty is not a clean day. */
  readonly coverage: Coverage;
  /** Each configured discovery's outcome. */
  readonly discovery: readonly DiscoveryRecord[];
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
  // Before any I/O: a demo run never goes into a production store, nor a production run into a demo one.
  store.assertAccepts(deps.trigger);
  const recovered = store.recoverAbandonedRuns();
  if (recovered.length > 0) log.warn({ runs: recovered }, 'runs interrupted earlier are marked incomplete');

  const now = clock();
  const startedAt = now.toISOString();
  const redacted = redactSecrets(deps.config);
  const secrets = secretValues(deps.config);
  // One budget for the whole run (deadlines.runSeconds), counted from its start: discovery, then collection.
  const deadlines = runDeadlines(deps.config.deadlines, now.getTime());
  const previousRun = store.latestSealedRun();
  const previousScope = previousRun ? store.getBlob(previousRun.scopeHash) : null;
  // Expected scopes first: discovery runs, and a failed discovery keeps the last discovered scopes expected.
  const plan = await planScopes({
    config: deps.config,
    collectors: deps.collectors,
    discoverers: deps.discoverers,
    lastDiscovery: (id) => (previousRun ? lastDiscoveryIn(previousRun.id, previousScope, id) : null),
    log,
    secrets,
    // Discovery is bounded too: it spends from the run's budget, which collection then continues.
    deadlines,
    now: () => clock().getTime(),
  });
  const config = plan.collectConfig;
  // The programme as it stands today (declared scope, owners, manual controls, attestations) and the
  // exceptions register are stored with the run: a past day's report reads them, never today's config.
  const programme = programmeRecord(config, deps.attestations ?? []);
  const register = registerOf(config.exceptions);
  const scope = { ...declaredScope(deps.collectors, deps.checks, config), expected: plan.expected, discovery: plan.discovery, programme };
  const runId = store.beginRun({
    startedAt,
    trigger: deps.trigger,
    agentVersion: AGENT_VERSION,
    configHash: hashJson(redacted),
    scope,
    exceptions: register,
  });
  log.info({ runId, trigger: deps.trigger }, 'run started');
  deps.onRunStarted?.(runId);

  const reached = await collectAll(deps.collectors, config, {
    log,
    clock,
    sleep: deps.sleep ?? realSleep,
    secrets,
    concurrency: config.concurrency,
    threads: config.collectionThreads,
    deadlines,
    // Event windows start at the last COMPLETE collection of their population, not the latest one (change-window.ts).
    previous: (collectorId, scope) => previousCollection(store, collectorId, scope, deps.collectors.find((c) => c.id === collectorId)?.eventTypes ?? []),
  });
  const collected = withUnreachable(reached, plan.expected, deps.collectors, clock().toISOString());
  const coverage = computeCoverage(plan.expected, collected.map((c) => ({ collector: c.collector.id, scope: c.scope, status: c.status, error: c.error })));
  if (coverage.status !== 'complete') log.error({ runId, coverage: coverage.status, missing: coverage.missing.length }, 'run did not cover every expected scope');
  const resultSets = evaluateAll({
    checks: deps.checks,
    collected,
    now,
    today: dayIn(now, config.audit.timezone),
    exceptions: register,
    declaredScope: programme.declared ?? undefined,
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
  log.info({ runId, seal, results: results.length, coverage: coverage.status }, 'run sealed');
  return { runId, seal, startedAt, finishedAt, collected, resultSets, results, expected: plan.expected, coverage, discovery: plan.discovery };
}

/**
 * Every expected scope that could not even be attempted (its discovery failed) becomes an `error`
 * collection with the reason, so each of its checks records `error` and the day shows the gap.
 * Collections keep the expected order (collector by collector, as configured).
 */
function withUnreachable(reached: readonly CollectedScope[], expected: readonly ExpectedScope[], collectors: readonly CollectorDefinition[], at: string): CollectedScope[] {
  const byKey = new Map(reached.map((c) => [collectionKey({ collector: c.collector.id, scope: c.scope }), c]));
  const out: CollectedScope[] = [];
  for (const e of expected) {
    const key = collectionKey(e);
    const found = byKey.get(key);
    if (found !== undefined) {
      out.push(found);
      byKey.delete(key);
      continue;
    }
    const collector = collectors.find((c) => c.id === e.collector);
    if (collector === undefined) continue;
    const error = e.unreachable ?? 'expected, but no collection ran for this scope';
    out.push({ collector, scope: e.scope, status: 'error', error, observations: [], gaps: [], invalid: [], stats: new CallStats(), startedAt: at, finishedAt: at });
  }
  // Anything collected that was not expected (cannot happen by construction) is kept, never dropped.
  return [...out, ...byKey.values()];
}

/** What this run set out to test: recorded with the run so each day's evidence states its scope. */
function declaredScope(collectors: readonly CollectorDefinition[], checks: readonly RunnableCheck[], config: AppConfig) {
  return {
    collectors: collectors.map((c) => ({ id: c.id, scopes: targetsOf(c, config).map((t) => t.scope) })),
    checks: checks.map((c) => ({ id: c.definition.id, params: c.params })).sort((a, b) => a.id.localeCompare(b.id)),
    disabled: [...config.checks.disabled].sort(),
  };
}
