import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BINDINGS, GITHUB_ROUTES, NOW, type ContractBinding, type ContractFake, type FaultTarget } from './bindings.js';
import { collectAndEvaluate, collectorUnderTest, declaredOperations, demoEstate, registeredCollectors, type ContractCollector, type ContractRun } from './harness.js';
import {
  errorsNaming,
  expectChangesAreErrors,
  expectFailedScopeHasNoPass,
  expectNoPassOnUnknown,
  expectUnknownsCarryReasons,
  unknownReasonsWith,
  verdicts,
} from './properties.js';

/**
 * The collector contract, generated for every registered collector (COLLECTORS in src/registry/registry.ts)
 * of one provider: real SDK / Octokit clients against the protocol fakes on 127.0.0.1, collected and
 * evaluated by the runner with the real checks. A clean baseline records which operations the collector
 * makes (its CallStats); then each operation gets one case per fault — denied, throttled once, answered
 * with a malformed body. A new operation or a new collector gets its cases without editing the suite.
 */

interface Plan {
  readonly collector: ContractCollector;
  readonly binding: ContractBinding;
  readonly fake: ContractFake;
  readonly baseline: ContractRun;
  /** Every operation the baseline made, with the fault targets serving it (none → the binding cannot fault it). */
  readonly operations: { operation: string; targets: FaultTarget[] }[];
}

/** Starts the collector's fake and records its baseline: the cases are generated from it. */
async function plan(collector: ContractCollector, binding: ContractBinding): Promise<Plan> {
  const estate = await demoEstate();
  const fake = await binding.start(estate);
  const run = () => collectAndEvaluate(collectorUnderTest(collector), fake.config, NOW);
  // A warm-up first: fakes keep state between collections (a generated credential report, ETags), and the
  // cases compare against the steady state, not the first collection ever.
  await run();
  const { value: baseline, requests } = await fake.observe(run);
  const operations = Object.keys(baseline.byOperation)
    .sort()
    .map((operation) => ({ operation, targets: fake.targets(operation, requests) }));
  return { collector, binding, fake, baseline, operations };
}

/** Registers the contract for every registered collector whose binding is for `provider`. */
export async function defineContractSuite(provider: ContractBinding['provider']): Promise<void> {
  const plans: Plan[] = [];
  for (const collector of registeredCollectors()) {
    const binding = BINDINGS[collector.id];
    // A collector without a binding fails test/contract/bindings.test.ts.
    if (binding?.provider === provider) plans.push(await plan(collector, binding));
  }
  afterAll(async () => {
    await Promise.all(plans.map((p) => p.fake.close()));
  });
  for (const p of plans) describe(`contract: ${p.collector.id}`, () => defineCollectorContract(p));
}

function defineCollectorContract(p: Plan): void {
  const { fake, baseline, binding } = p;
  const collector = collectorUnderTest(p.collector);
  const run = () => collectAndEvaluate(collector, fake.config, NOW);
  afterEach(() => fake.clear());
  /** The reviewed exception for `checkId` when `operation` failed, if any. */
  const passAllowed = (operation: string) => (checkId: string) => binding.passesDespiteUnknown[checkId]?.operations.includes(operation) === true;

  it('baseline: the clean demo scope collects, passes somewhere, and never passes on an Unknown', () => {
    expect(baseline.error).toBeNull();
    expect(baseline.status).not.toBe('error');
    // Without passes the "never pass" properties below would hold vacuously.
    expect(baseline.results.filter((r) => r.status === 'pass').length).toBeGreaterThan(0);
    expectUnknownsCarryReasons(baseline);
    expectNoPassOnUnknown(baseline);
  });

  it('every declared operation is made in the demo scope or listed, with the reason, as not made there', () => {
    const made = new Set(p.operations.map((o) => o.operation));
    const declared = declaredOperations(p.collector, GITHUB_ROUTES);
    expect(declared.filter((op) => !made.has(op) && binding.notMadeInDemo[op] === undefined)).toEqual([]);
    // The list stays honest: nothing on it is made after all, or undeclared.
    expect(Object.keys(binding.notMadeInDemo).filter((op) => made.has(op) || !declared.includes(op))).toEqual([]);
    // Every operation made is declared (an undeclared call would be missing from the least-privilege policy).
    expect([...made].filter((op) => !declared.includes(op))).toEqual([]);
  });

  it('the binding can fault every operation the baseline made, and its lists name only those', () => {
    expect(p.operations.filter((o) => o.targets.length === 0).map((o) => o.operation)).toEqual([]);
    const made = new Set(p.operations.map((o) => o.operation));
    const listed = [
      ...Object.keys(binding.fallbacks),
      ...Object.keys(binding.withoutErrorResults),
      ...Object.keys(binding.knownBugs),
      ...Object.values(binding.passesDespiteUnknown).flatMap((e) => e.operations),
    ];
    expect(listed.filter((op) => !made.has(op))).toEqual([]);
  });

  const cases = p.operations.flatMap(({ operation, targets }) => targets.map((target) => ({ operation, target, label: target.label })));

  describe.each(cases)('$label', ({ operation, target }) => {
    const fallback = binding.fallbacks[operation];
    const allowed = passAllowed(operation);
    const known = binding.knownBugs[operation];
    const itUnless = (fault: 'denied' | 'malformed') => (known?.faults.includes(fault) === true ? it.fails : it);

    itUnless('denied')('AccessDenied → Unknown attributes and error, never pass', async () => {
      fake.deny(target);
      const denied = await run();
      expectUnknownsCarryReasons(denied);
      expectNoPassOnUnknown(denied, allowed);
      expectFailedScopeHasNoPass(denied);
      if (fallback !== undefined) {
        // The collector reads the same evidence another way: nothing may change.
        expect(verdicts(denied), fallback).toEqual(verdicts(baseline));
        return;
      }
      const marker = fake.deniedMarker(target);
      expect(['partial', 'error']).toContain(denied.status);
      expect(denied.byOperation[operation] ?? 0, 'a denial is not retried').toBeLessThanOrEqual(baseline.byOperation[operation]!);
      if (fake.rawDenialText !== undefined) {
        const evidence = JSON.stringify([denied.observations, denied.gaps, denied.results, denied.error]);
        expect(evidence, "the service's denial message (it names the caller) stays out of the evidence").not.toContain(fake.rawDenialText);
      }
      expectChangesAreErrors(baseline, denied, allowed);
      if (denied.status === 'error') return;
      const recorded = unknownReasonsWith(denied, marker).length + denied.gaps.filter((g) => g.reason.includes(marker)).length;
      expect(recorded, `Unknown attributes or gaps naming "${marker}"`).toBeGreaterThan(0);
      if (binding.withoutErrorResults[operation] === undefined) {
        expect(errorsNaming(denied, marker).length, `an error result naming "${marker}"`).toBeGreaterThan(0);
      }
    });

    it('throttled once → retried, counted, and the same results', async () => {
      fake.throttleOnce(target);
      const throttled = await run();
      expect(throttled.throttles).toBeGreaterThanOrEqual(1);
      expect(throttled.byOperation[operation]).toBeGreaterThan(baseline.byOperation[operation]!);
      expect(throttled.status).toBe(baseline.status);
      expect(verdicts(throttled)).toEqual(verdicts(baseline));
    });

    itUnless('malformed')('malformed body → error, never pass, nothing crashes', async () => {
      fake.malform(target);
      const malformed = await run();
      expectUnknownsCarryReasons(malformed);
      expectNoPassOnUnknown(malformed, allowed);
      expectFailedScopeHasNoPass(malformed);
      if (fallback !== undefined) {
        expect(verdicts(malformed), fallback).toEqual(verdicts(baseline));
        return;
      }
      expect(['partial', 'error']).toContain(malformed.status);
      const changed = expectChangesAreErrors(baseline, malformed, allowed);
      if (binding.withoutErrorResults[operation] !== undefined) return;
      expect(changed.some((r) => r.status === 'error' && /malformed|failed|could not be/i.test(r.reason)), changed.map((r) => r.reason).join('\n')).toBe(true);
    });
  });

  // Redundant sources of one fact: the check may pass on either, but with every source denied it must not.
  const redundant = Object.entries(binding.passesDespiteUnknown).filter(([, e]) => e.redundantSources === true);
  describe.each(redundant.map(([checkId, e]) => ({ checkId, operations: e.operations })))('$checkId with every source denied', ({ checkId, operations }) => {
    it(`${operations.join(' + ')} denied → ${checkId} never passes`, async () => {
      for (const op of operations) for (const target of p.operations.find((o) => o.operation === op)?.targets ?? []) fake.deny(target);
      const denied = await run();
      const results = denied.results.filter((r) => r.checkId === checkId);
      expect(results.length).toBeGreaterThan(0);
      expect(results.filter((r) => r.status !== 'error').map((r) => `${r.resourceId}: ${r.status}: ${r.reason}`)).toEqual([]);
    });
  });
}
