import type { Logger } from 'pino';
import type { AppConfig } from '../config/schema.js';
import type { CollectorDefinition } from '../model/collector.js';
import { scopeBelongsTo, type DiscoveredUnit, type ScopeDiscoveryDefinition } from '../model/discovery.js';
import type { ExpectedScope, ScopeOrigin } from '../model/expected-scope.js';
import { CallStats } from '../sdk/call-stats.js';
import { targetsOf } from './collect.js';
import { scrubText } from '../util/redact.js';
import { DeadlineExceededError, withinDeadline, type Deadlines } from './deadline.js';

/**
 * Before anything is collected, the run states every scope it must cover: the configured ones, the
 * discovered ones, and — when a discovery fails — the last successfully discovered set, each marked
 * unreachable with the failure as the reason. Those scopes are recorded as `error` collections, so a
 * failed discovery can never make an account vanish from the evidence.
 */

/** What a run records of one discovery (in its scope blob, `discovery`). */
export interface DiscoveryRecord {
  readonly id: string;
  readonly status: 'ok' | 'error';
  readonly error: string | null;
  /** This run's units, or on failure the last successfully discovered ones (still expected). */
  readonly found: readonly DiscoveredUnit[];
  readonly skipped: readonly { readonly key: string; readonly why: string }[];
  /** The run that discovered `found`; null means this run. */
  readonly discoveredInRun: number | null;
  readonly apiCalls: number;
}

/** The last successful discovery as a previous run recorded it. */
export interface LastDiscovery {
  readonly runId: number;
  readonly found: readonly DiscoveredUnit[];
}

export interface ScopePlan {
  /** The configuration to collect: configured scopes plus what was discovered this run. */
  readonly collectConfig: AppConfig;
  readonly expected: readonly ExpectedScope[];
  readonly discovery: readonly DiscoveryRecord[];
}

export interface PlanInput {
  readonly config: AppConfig;
  readonly collectors: readonly CollectorDefinition[];
  readonly discoverers: readonly ScopeDiscoveryDefinition<AppConfig>[];
  /** The last successful discovery per discoverer id (from the latest sealed run). */
  readonly lastDiscovery: (discovererId: string) => LastDiscovery | null;
  readonly log: Logger;
  readonly secrets: readonly string[];
  /**
   * The run's deadlines (counted from its start): each discovery is bounded like a scope, so an
   * Organizations endpoint that never answers cannot hold the run; absent → unbounded (tests of planning alone).
   */
  readonly deadlines?: Deadlines;
  readonly now?: () => number;
}

export async function planScopes(input: PlanInput): Promise<ScopePlan> {
  let collectConfig = input.config;
  let expectConfig = input.config;
  const origins: { key: string; origin: ScopeOrigin; unreachable?: string }[] = [];
  const discovery: DiscoveryRecord[] = [];
  for (const d of input.discoverers.filter((x) => x.enabled(input.config))) {
    const stats = new CallStats();
    try {
      const discover = () => d.discover(input.config, { log: input.log, stats });
      const result = input.deadlines === undefined ? await discover() : await withinDeadline(discover, input.deadlines, (input.now ?? Date.now)(), 'discovery');
      collectConfig = d.extend(collectConfig, result.found);
      expectConfig = d.extend(expectConfig, result.found);
      origins.push(...result.found.map((u) => ({ key: u.key, origin: 'discovered' as const })));
      discovery.push({ id: d.id, status: 'ok', error: null, found: result.found, skipped: result.skipped, discoveredInRun: null, apiCalls: stats.calls });
    } catch (error) {
      // A deadline is the runner's own verdict, already in words; anything else is the discoverer's to describe.
      const reason = scrubText(error instanceof DeadlineExceededError ? error.message : d.describeFailure(error), input.secrets);
      const last = input.lastDiscovery(d.id);
      input.log.error({ discovery: d.id, reason, lastDiscoveredRun: last?.runId ?? null }, 'scope discovery failed; the last discovered scopes stay expected and are recorded as errors');
      if (last !== null) {
        expectConfig = d.extend(expectConfig, last.found);
        for (const u of last.found) {
          origins.push({ key: u.key, origin: 'last-discovered', unreachable: `${u.label}: discovery failed (${reason}); last discovered in run ${last.runId}` });
        }
      }
      discovery.push({
        id: d.id,
        status: 'error',
        error: last === null ? `${reason}; no earlier discovery to fall back on` : reason,
        found: last?.found ?? [],
        skipped: [],
        discoveredInRun: last?.runId ?? null,
        apiCalls: stats.calls,
      });
    }
  }
  const expected = input.collectors.flatMap((collector) =>
    targetsOf(collector, expectConfig).map((target): ExpectedScope => {
      const unit = origins.find((o) => scopeBelongsTo(target.scope, o.key));
      return {
        collector: collector.id,
        scope: target.scope,
        origin: unit?.origin ?? 'configured',
        ...(unit?.unreachable !== undefined ? { unreachable: unit.unreachable } : {}),
      };
    }),
  );
  return { collectConfig, expected, discovery };
}

/**
 * The last successful discovery recorded in a run's scope blob: this run's own list when it succeeded,
 * or the list it carried forward after a failure. Runs sealed before discovery records existed stored
 * `awsAccountDiscovery: { status, collected: [account ids] }`.
 */
export function lastDiscoveryIn(runId: number, scopeBlob: unknown, discovererId: string): LastDiscovery | null {
  const blob = (typeof scopeBlob === 'object' && scopeBlob !== null ? scopeBlob : {}) as {
    discovery?: DiscoveryRecord[];
    awsAccountDiscovery?: { status: string; collected: string[] } | null;
  };
  const record = blob.discovery?.find((d) => d.id === discovererId);
  if (record !== undefined) {
    if (record.status === 'error' && record.discoveredInRun === null) return null;
    return { runId: record.discoveredInRun ?? runId, found: record.found };
  }
  const legacy = blob.awsAccountDiscovery;
  if (discovererId === 'aws-organizations' && legacy?.status === 'ok') {
    return { runId, found: legacy.collected.map((id) => ({ key: `aws:${id}`, label: `account ${id}` })) };
  }
  return null;
}
