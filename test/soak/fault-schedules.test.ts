import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/config/schema.js';
import { startFakeAws, type FakeAws } from '../../src/demo/fakes/server.js';
import type { FakeService, FaultKind } from '../../src/demo/fakes/faults.js';
import { startFakeGitHub, type FakeGithub } from '../../src/demo/fakes/github/server.js';
import type { GithubFaultKind } from '../../src/demo/fakes/github/faults.js';
import { BINDINGS, NOW, type ContractBinding } from '../contract/bindings.js';
import { collectAndEvaluate, collectorUnderTest, contractConfig, demoEstate, registeredCollectors, type ContractCollector } from '../contract/harness.js';
import { startFaultProxy, TRANSPORT_FAULTS, type FaultProxy, type TransportFault } from './fault-proxy.js';
import { recordFigures, SEED, size } from './figures.js';
import { TRANSIENT, violations, type Fault } from './invariants.js';

/**
 * Fault schedules over every call every registered collector makes (issue 14, the suite's point 1): fast-check
 * draws schedules of one to three faults — AccessDenied, throttling and 5xx beyond the retry budget (or once,
 * retried), malformed bodies, and on the wire reset, stall, slow drip, truncated, oversize and empty answers —
 * over the operations the collector's clean baseline made (so a new collector or call is included without
 * editing this file). Each faulted collection runs the real SDK / Octokit clients against the protocol fakes
 * and is evaluated by the real checks; the invariant is "no pass whose inputs were not all read":
 * - a false pass: a pass that read an Unknown, a pass the baseline did not have, a pass in a failed scope;
 * - an evidence gap: a baseline result gone with no error for its check, a result turned not_applicable or a
 *   new fail (silence or a made-up finding), or a lasting fault that left no trace naming the call.
 * The reviewed exemptions are the contract bindings' (test/contract/bindings.ts), never a list here.
 */
const AWS_SCOPE = { accountId: '111111111111', region: 'eu-west-1' };
const SCHEDULES_PER_COLLECTOR = size(2, 40);

type AwsProtocolFault = Extract<FaultKind, 'AccessDenied' | 'Throttling' | 'ServiceUnavailable' | 'Malformed'>;
const AWS_PROTOCOL: readonly AwsProtocolFault[] = ['AccessDenied', 'Throttling', 'ServiceUnavailable', 'Malformed'];
const GITHUB_FAULTS: readonly GithubFaultKind[] = ['forbidden', 'server_error', 'malformed', 'not_found', 'secondary_limit'];

interface Target {
  readonly collector: ContractCollector;
  readonly binding: ContractBinding;
  readonly config: AppConfig;
  readonly kinds: readonly string[];
  inject(fault: Fault): void;
  clear(): void;
  close(): Promise<void>;
}

/** The demo config reduced to the collector's scope, with deadlines short enough for many faulted runs. */
function quick(config: AppConfig): AppConfig {
  if (config.aws === undefined) return config;
  return { ...config, aws: { ...config.aws, requestTimeoutMs: 600, retry: { mode: 'standard', maxAttempts: 2 } } };
}

async function awsTarget(collector: ContractCollector, binding: ContractBinding): Promise<Target> {
  const estate = await demoEstate();
  const fake: FakeAws = await startFakeAws({ estate, now: NOW });
  const proxy: FaultProxy = await startFaultProxy(fake.endpoints, fake.requests);
  return {
    collector,
    binding,
    config: quick(contractConfig(estate, { aws: proxy.endpoints }, { aws: AWS_SCOPE })),
    kinds: [...AWS_PROTOCOL, ...TRANSPORT_FAULTS],
    inject({ operation, kind, once }) {
      const [service, action] = operation.split(':') as [FakeService, string];
      const times = once && TRANSIENT.has(kind) ? { times: 1 } : {};
      if ((TRANSPORT_FAULTS as readonly string[]).includes(kind)) proxy.inject(operation, kind as TransportFault, times.times);
      else fake.faults.inject({ service, operation: action, kind: kind as AwsProtocolFault, ...times });
    },
    clear() {
      fake.faults.clear();
      proxy.clear();
    },
    async close() {
      await proxy.close();
      await fake.close();
    },
  };
}

async function githubTarget(collector: ContractCollector, binding: ContractBinding): Promise<Target> {
  const estate = await demoEstate();
  const fake: FakeGithub = await startFakeGitHub({ estate, now: NOW });
  return {
    collector,
    binding,
    config: contractConfig(estate, { githubUrl: fake.url }, { github: true }),
    kinds: GITHUB_FAULTS,
    inject({ operation, kind, once }) {
      const times = once || kind === 'secondary_limit' ? { times: 1 } : {};
      fake.faults.inject({ route: operation, kind: kind as GithubFaultKind, retryAfterSeconds: 1, ...times });
    },
    clear: () => fake.faults.clear(),
    close: () => fake.close(),
  };
}

const totals = { faultsInjected: 0, falsePasses: 0, evidenceGaps: 0 };
afterAll(() => recordFigures('fault-schedules', totals));

describe(`fault schedules over every collector's calls (fast-check seed ${SEED}, ${SCHEDULES_PER_COLLECTOR} per collector)`, () => {
  for (const collector of registeredCollectors()) {
    const binding = BINDINGS[collector.id];
    if (binding === undefined) continue; // test/contract/bindings.test.ts fails on a collector without one
    it(`${collector.id}: no pass whose inputs were not all read, no silent gap`, async () => {
      const target = binding.provider === 'aws' ? await awsTarget(collector, binding) : await githubTarget(collector, binding);
      try {
        const run = () => collectAndEvaluate(collectorUnderTest(collector), target.config, NOW);
        await run(); // warm-up: the fakes keep state (a generated credential report, ETags)
        const baseline = await run();
        expect(baseline.status, baseline.error ?? '').not.toBe('error');
        const operations = Object.keys(baseline.byOperation)
          .sort()
          .filter((op) => binding.knownBugs[op] === undefined);
        expect(operations.length).toBeGreaterThan(0);
        const fault = fc.record({ operation: fc.constantFrom(...operations), kind: fc.constantFrom(...target.kinds), once: fc.boolean() });
        const schedules = fc.sample(fc.uniqueArray(fault, { minLength: 1, maxLength: 3, selector: (f) => f.operation }), { numRuns: SCHEDULES_PER_COLLECTOR, seed: SEED });
        const found: string[] = [];
        for (const schedule of schedules) {
          target.clear();
          schedule.forEach((f) => target.inject(f));
          totals.faultsInjected += schedule.length;
          const faulted = await run();
          const v = violations(target.binding, baseline, faulted, schedule);
          totals.falsePasses += v.falsePasses.length;
          totals.evidenceGaps += v.gaps.length;
          const label = schedule.map((f) => `${f.kind}${f.once ? ' once' : ''} on ${f.operation}`).join(' + ');
          found.push(...v.falsePasses.map((x) => `[${label}] false pass: ${x}`), ...v.gaps.map((x) => `[${label}] gap: ${x}`));
        }
        target.clear();
        expect(found).toEqual([]);
      } finally {
        await target.close();
      }
    }, 600_000);
  }
});
