import { readFileSync } from 'node:fs';
import { registerOf } from '../../src/programme/exceptions-register.js';
import { parseConfig } from '../../src/config/load.js';
import type { AppConfig } from '../../src/config/schema.js';
import { DEMO_CONFIG, DEMO_ESTATE, demoEnvironment } from '../../src/demo/environment.js';
import { loadEstateFile } from '../../src/demo/estate/load.js';
import type { Estate } from '../../src/demo/estate/schema.js';
import type { FakeAwsEndpoints } from '../../src/demo/fakes/server.js';
import type { CollectorDefinition } from '../../src/model/collector.js';
import type { Observation, PopulationGap } from '../../src/model/observation.js';
import type { CheckResult } from '../../src/model/result.js';
import { isUnknown } from '../../src/model/unknown.js';
import { dayIn } from '../../src/util/calendar.js';
import { COLLECTORS, loadRegistry } from '../../src/registry/index.js';
import { collectForTest } from '../helpers/collect-for-test.js';
import { evaluateAll, indexObservations, type RunnableCheck } from '../../src/runner/evaluate.js';
import { createGithubCollector } from '../../collectors/github/collector.js';
import { operationName } from '../../src/sdk/aws.js';

/**
 * The ONE adapter between the contract suite and the code it tests: the registry, the config loader, the
 * runner (collectAll + evaluateAll) and the collectors' declarations. Collector and runner signatures are
 * still moving; when one changes, this file is the only place in test/contract/ to fix. Everything else in
 * the suite sees the plain shapes below.
 */

/** What the suite needs to know of a registered collector. */
export interface ContractCollector {
  readonly id: string;
  readonly definition: CollectorDefinition;
}

/** The registry's collectors, in registration order. */
export function registeredCollectors(): ContractCollector[] {
  return COLLECTORS.map((definition) => ({ id: definition.id, definition }));
}

/** The demo estate (config/demo/estate.yaml): what every fake serves. */
export function demoEstate(): Promise<Estate> {
  return loadEstateFile(DEMO_ESTATE);
}

/** One collection plus its evaluation by every enabled check, as the runner would record them. */
export interface ContractRun {
  readonly status: 'ok' | 'partial' | 'error';
  readonly error: string | null;
  readonly observations: readonly Observation[];
  readonly gaps: readonly PopulationGap[];
  readonly calls: number;
  readonly throttles: number;
  readonly byOperation: Readonly<Record<string, number>>;
  readonly results: readonly CheckResult[];
  /**
   * The Unknown reasons the check read while deciding this result: the same check, parameters and run
   * context, re-run on a view of the observation that records every Unknown it touches.
   */
  unknownsRead(result: CheckResult): string[];
}

/**
 * The demo configuration (config/demo/controlwatch.demo.yaml, variables from the running fakes), reduced to
 * what one collector needs: one AWS account and one region, or the one demo organisation. Smaller scopes
 * keep each case to one collection on a 2-core CI machine.
 */
export function contractConfig(estate: Estate, fakes: { aws?: FakeAwsEndpoints; githubUrl?: string }, keep: { aws?: { accountId: string; region: string }; github?: boolean }): AppConfig {
  // The demo config names every fake; a section this collector does not use is dropped right after parsing,
  // so its variables only need to be syntactically valid (an unused loopback port).
  const unused = 'http://127.0.0.1:9';
  const endpoints = fakes.aws ?? (new Proxy({}, { get: () => unused }) as FakeAwsEndpoints);
  const github = { url: fakes.githubUrl ?? unused };
  const full = parseConfig(readFileSync(DEMO_CONFIG, 'utf8'), DEMO_CONFIG, demoEnvironment(estate, endpoints, github));
  const { aws, github: gh, ...rest } = full;
  const reduced: AppConfig = { ...rest };
  if (keep.aws !== undefined && aws !== undefined) {
    const { accountId, region } = keep.aws;
    const account = aws.accounts.find((a) => a.id === accountId);
    if (account === undefined) throw new Error(`the demo config has no AWS account ${accountId}`);
    reduced.aws = { ...aws, accounts: [{ ...account, regions: [region] }] };
  }
  if (keep.github === true && gh !== undefined) reduced.github = gh;
  return reduced;
}

/**
 * The collector to run for a registered one. GitHub's is the same definition built with a shrunken time
 * scale, so a `retry-after: 1` costs milliseconds instead of a second (the client's own test option).
 */
export function collectorUnderTest(registered: ContractCollector): CollectorDefinition {
  if (registered.id === 'github') {
    const twin = createGithubCollector({ timeScaleMs: 1 });
    if (twin.id !== registered.definition.id) throw new Error('the time-scaled GitHub collector is not the registered one');
    return twin;
  }
  return registered.definition;
}

/** The enabled checks with their merged parameters, exactly as the registry gives them to the runner. */
function runnableChecks(config: AppConfig): RunnableCheck[] {
  return loadRegistry(config)
    .checks.filter((c) => c.enabled)
    .map((c) => ({ definition: c.definition, params: c.params }));
}

/** Collects every target of `collector` under `config` and evaluates every enabled check, via the real runner. */
export async function collectAndEvaluate(collector: CollectorDefinition, config: AppConfig, now: Date): Promise<ContractRun> {
  const checks = runnableChecks(config);
  const collected = await collectForTest([collector], config, { now });
  if (collected.length !== 1) throw new Error(`expected one scope for ${collector.id}, got ${collected.length}: reduce the config`);
  const scope = collected[0]!;
  const sets = evaluateAll({ checks, collected, now, today: dayIn(now, config.audit.timezone), exceptions: registerOf(config.exceptions) });
  const lookup = indexObservations(collected);
  const byId = new Map(checks.map((c) => [c.definition.id, c]));
  const observationFor = (r: CheckResult) => {
    const type = byId.get(r.checkId)?.definition.observationType;
    return scope.observations.find((o) => o.type === type && o.id === r.resourceId);
  };
  return {
    status: scope.status,
    error: scope.error,
    observations: scope.observations,
    gaps: scope.gaps,
    calls: scope.stats.calls,
    throttles: scope.stats.throttles,
    byOperation: { ...scope.stats.byOperation },
    results: sets.flatMap((s) => s.results),
    unknownsRead(result) {
      const check = byId.get(result.checkId);
      const observation = observationFor(result);
      if (check === undefined || observation === undefined) return [];
      const read: string[] = [];
      const view = { ...observation, attributes: trackUnknownReads(observation.attributes, read) };
      try {
        check.definition.evaluate(view, { now, params: check.params, observations: lookup });
      } catch {
        // The runner turns a throw into `error`; only what was read before it matters here.
      }
      return read;
    },
  };
}

/**
 * A read-only view of `value` that appends the reason of every Unknown a reader touches to `read`.
 * Reading an Unknown is what makes a verdict depend on missing data; an Unknown elsewhere in the same
 * observation (another concern's attribute) does not.
 */
function trackUnknownReads<T>(value: T, read: string[]): T {
  if (value === null || typeof value !== 'object' || isUnknown(value)) return value;
  return new Proxy(value as object, {
    get(target, key, receiver) {
      const v: unknown = Reflect.get(target, key, receiver);
      if (isUnknown(v)) {
        read.push(v.$unknown);
        return v;
      }
      return trackUnknownReads(v, read);
    },
  }) as T;
}

/**
 * Every API operation the collector declares it may call, named as its CallStats names them
 * (`s3control:GetPublicAccessBlock`, `GET /orgs/{org}/repos`): an AWS collector's `actionsByOperation`
 * keys (`<Client>.<Command>`), named by the same function the call counter uses. GitHub declares
 * permissions, not routes, so its operations are the routes the GitHub fake serves.
 */
export function declaredOperations(registered: ContractCollector, githubRoutes: readonly string[]): string[] {
  const definition = registered.definition;
  if (definition.provider === 'github') return [...githubRoutes];
  const commands = Object.keys(definition.actionsByOperation ?? {});
  if (commands.length === 0) throw new Error(`${registered.id} declares no actionsByOperation`);
  return commands.map((key) => {
    const [clientName, commandName] = key.split('.');
    return operationName({ ...(clientName !== undefined ? { clientName } : {}), ...(commandName !== undefined ? { commandName } : {}) });
  });
}
