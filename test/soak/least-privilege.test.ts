import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/config/schema.js';
import { startFakeAws, type FakeAws } from '../../src/demo/fakes/server.js';
import type { FakeService } from '../../src/demo/fakes/faults.js';
import { operationName } from '../../src/sdk/aws.js';
import { configPath } from '../../src/util/project-root.js';
import { BINDINGS, NOW } from '../contract/bindings.js';
import { collectAndEvaluate, contractConfig, demoEstate, registeredCollectors, type ContractCollector, type ContractRun } from '../contract/harness.js';
import { verdicts } from '../contract/properties.js';
import { recordFigures, SEED, size } from './figures.js';
import { violations } from './invariants.js';

/**
 * Least privilege end to end (issue 14, the suite's point 6): the AWS fakes enforce the shipped read-only
 * policy (config/aws-readonly-policy.json, generated from the collectors' declarations). Every declared call
 * whose IAM action the policy does not grant is answered AccessDenied by the fake, and every request the fakes
 * receive must be one the policy grants. A run of every AWS collector under exactly that policy gives the
 * results of an unrestricted run; removing any one action makes what needs it `error`, naming the call (or,
 * where a collector reads the same evidence another way, changes nothing). Collectors, calls and actions come
 * from the registry and the policy file, so a new collector or action is covered without editing this file.
 */
const AWS_SCOPE = { accountId: '111111111111', region: 'eu-west-1' };

const policy = JSON.parse(readFileSync(configPath('aws-readonly-policy.json'), 'utf8')) as { Statement: { Effect: string; Action: string[] }[] };
const GRANTED = new Set(policy.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => s.Action));

const AWS = registeredCollectors().filter((c) => c.definition.provider === 'aws' && BINDINGS[c.id] !== undefined);

/** Each declared call (`iam:ListUsers`, as CallStats and the fakes name it) → the IAM action it needs. */
function actionsByCall(collectors: readonly ContractCollector[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of collectors) {
    for (const [key, action] of Object.entries(c.definition.actionsByOperation ?? {})) {
      const [clientName, commandName] = key.split('.') as [string, string];
      out.set(operationName({ clientName, commandName }), action);
    }
  }
  return out;
}
const NEEDS = actionsByCall(AWS);

describe('least privilege, enforced by the fakes', () => {
  let fake: FakeAws;
  let config: AppConfig;
  const baselines = new Map<string, ContractRun>();
  let removed = 0;

  /** The fakes answer AccessDenied for every declared call whose action is not in `granted`. */
  function enforce(granted: ReadonlySet<string>): void {
    fake.faults.clear();
    for (const [call, action] of NEEDS) {
      if (granted.has(action)) continue;
      const [service, operation] = call.split(':') as [FakeService, string];
      fake.faults.inject({ service, operation, kind: 'AccessDenied' });
    }
  }

  /**
   * Runs one collector under `granted`; `outside` lists the requests the shipped policy would not allow at all
   * (an undeclared call, or an action it does not grant): a call of a removed action is sent and denied, as on AWS.
   */
  async function runUnder(collector: ContractCollector, granted: ReadonlySet<string>): Promise<{ run: ContractRun; outside: string[] }> {
    enforce(granted);
    const from = fake.requests.length;
    const run = await collectAndEvaluate(collector.definition, config, NOW);
    const outside = fake.requests
      .slice(from)
      .map((r) => `${r.service}:${r.action}`)
      .filter((call) => !GRANTED.has(NEEDS.get(call) ?? `undeclared ${call}`));
    return { run, outside: [...new Set(outside)] };
  }

  beforeAll(async () => {
    const estate = await demoEstate();
    fake = await startFakeAws({ estate, now: NOW });
    config = contractConfig(estate, { aws: fake.endpoints }, { aws: AWS_SCOPE });
    for (const c of AWS) {
      await collectAndEvaluate(c.definition, config, NOW); // warm-up (a generated credential report)
      baselines.set(c.id, await collectAndEvaluate(c.definition, config, NOW));
    }
  }, 300_000);
  afterAll(async () => {
    recordFigures('least-privilege', { faultsInjected: removed });
    await fake?.close();
  });

  it('the policy grants every action a collector declares (it is generated from them)', () => {
    expect([...new Set(NEEDS.values())].filter((a) => !GRANTED.has(a))).toEqual([]);
    expect(AWS.length).toBeGreaterThanOrEqual(4);
  });

  it('every AWS collector under exactly the shipped policy: the unrestricted results, and no request outside it', async () => {
    for (const c of AWS) {
      const { run, outside } = await runUnder(c, GRANTED);
      expect(outside, `${c.id} sent requests the policy does not grant`).toEqual([]);
      expect(run.status, c.id).toBe(baselines.get(c.id)!.status);
      expect(verdicts(run), c.id).toEqual(verdicts(baselines.get(c.id)!));
    }
  }, 300_000);

  const actions = [...GRANTED].sort();
  const sampled = size(6, actions.length) >= actions.length ? actions : fc.sample(fc.shuffledSubarray(actions, { minLength: size(6, actions.length), maxLength: size(6, actions.length) }), { numRuns: 1, seed: SEED })[0]!;

  it(`removing any one action (${sampled.length} of ${actions.length}) makes what needs it error, naming the call`, async () => {
    const problems: string[] = [];
    for (const action of sampled) {
      const granted = new Set([...GRANTED].filter((a) => a !== action));
      const calls = [...NEEDS].filter(([, a]) => a === action).map(([call]) => call);
      for (const c of AWS) {
        const baseline = baselines.get(c.id)!;
        const made = calls.filter((call) => (baseline.byOperation[call] ?? 0) > 0);
        if (made.length === 0) continue; // this collector does not make the call in the demo scope
        removed += 1;
        const binding = BINDINGS[c.id]!;
        const { run, outside } = await runUnder(c, granted);
        if (outside.length > 0) problems.push(`${c.id} without ${action}: requests outside the policy: ${outside.join(', ')}`);
        const schedule = made.map((operation) => ({ operation, kind: 'AccessDenied', once: false }));
        const v = violations(binding, baseline, run, schedule);
        problems.push(...[...v.falsePasses, ...v.gaps].map((x) => `${c.id} without ${action}: ${x}`));
        if (made.every((call) => binding.fallbacks[call] !== undefined)) {
          if (JSON.stringify(verdicts(run)) !== JSON.stringify(verdicts(baseline))) problems.push(`${c.id} without ${action}: the fallback changed results`);
          continue;
        }
        if (made.every((call) => binding.withoutErrorResults[call] !== undefined)) continue;
        const names = made.map((call) => call.split(':')[1]!);
        const errors = run.results.filter((r) => r.status === 'error' && names.some((n) => r.reason.includes(n)));
        if (errors.length === 0) problems.push(`${c.id} without ${action}: no error result names ${made.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
  }, 600_000);
});
