import { expect } from 'vitest';
import type { CheckResult } from '../../src/model/result.js';
import type { ContractRun } from './harness.js';

/**
 * The contract's properties, as assertions over a faulted run and the clean baseline of the same scope.
 * They know nothing of any one collector: operations, markers and exemptions come from the caller.
 */

const key = (r: CheckResult) => `${r.checkId} ${r.resourceId}`;

/** Each result's verdict by check × resource, for comparing a run with the baseline. */
export function verdicts(run: ContractRun): Record<string, string> {
  return Object.fromEntries(run.results.map((r) => [key(r), `${r.status}: ${r.reason}`]));
}

/** Results that are new or whose verdict differs from the baseline's (what a fault changed). */
export function changedFrom(baseline: ContractRun, run: ContractRun): CheckResult[] {
  const before = verdicts(baseline);
  return run.results.filter((r) => before[key(r)] !== `${r.status}: ${r.reason}`);
}

/** Every Unknown anywhere in the observations, with where it is. */
function unknowns(run: ContractRun): { where: string; reason: unknown }[] {
  const found: { where: string; reason: unknown }[] = [];
  const walk = (value: unknown, where: string) => {
    if (value === null || typeof value !== 'object') return;
    if ('$unknown' in value) {
      found.push({ where, reason: (value as { $unknown: unknown }).$unknown });
      return;
    }
    for (const [k, v] of Object.entries(value)) walk(v, `${where}.${k}`);
  };
  for (const o of run.observations) walk(o.attributes, `${o.type} ${o.id}`);
  return found;
}

/** Every Unknown says why: a non-empty reason, never a placeholder. */
export function expectUnknownsCarryReasons(run: ContractRun): void {
  const bad = unknowns(run).filter((u) => typeof u.reason !== 'string' || u.reason.trim() === '' || /^(undefined|null|\[object Object\])$/.test(u.reason));
  expect(bad, 'Unknown attributes without a reason').toEqual([]);
}

/** The Unknown reasons anywhere in the run's observations that contain `marker`. */
export function unknownReasonsWith(run: ContractRun, marker: string): string[] {
  return unknowns(run)
    .map((u) => String(u.reason))
    .filter((r) => r.includes(marker));
}

/**
 * Never a pass on unseen evidence: no `pass` whose check read an Unknown attribute while deciding it
 * (the check is re-run on a view of its observation that records every Unknown it touches). This is the
 * contract's "no pass on a resource whose observation holds the denied operation's Unknown", made exact:
 * any Unknown counts, and a check that never touches the unknown attribute (the password policy when only
 * GetAccountSummary was denied) may still pass on what it did read. `allowed` names the reviewed exceptions.
 */
export function expectNoPassOnUnknown(run: ContractRun, allowed: (checkId: string) => boolean = () => false): void {
  const bad = run.results
    .filter((r) => r.status === 'pass' && !allowed(r.checkId))
    .flatMap((r) => {
      const read = run.unknownsRead(r);
      return read.length > 0 ? [`${key(r)} passed after reading: ${[...new Set(read)].join('; ')}`] : [];
    });
  expect(bad, 'pass verdicts that depend on Unknown attributes').toEqual([]);
}

/**
 * What a fault changed is an `error` — or a failure the baseline already had, now proven from other
 * evidence, or an allowed pass — never a new pass, a new failure or a `not_applicable` (silence).
 */
export function expectChangesAreErrors(baseline: ContractRun, run: ContractRun, allowedPass: (checkId: string) => boolean): CheckResult[] {
  const before = Object.fromEntries(baseline.results.map((r) => [key(r), r.status]));
  const changed = changedFrom(baseline, run);
  const wrong = changed.filter((r) => !(r.status === 'error' || (r.status === 'fail' && before[key(r)] === 'fail') || (r.status === 'pass' && allowedPass(r.checkId))));
  expect(
    wrong.map((r) => `${key(r)}: ${before[key(r)] ?? 'absent'} → ${r.status}: ${r.reason}`),
    'results a fault changed to something other than error',
  ).toEqual([]);
  return changed;
}

/** A scope that failed as a whole has no pass at all, and every one of its results says why. */
export function expectFailedScopeHasNoPass(run: ContractRun): void {
  if (run.status !== 'error') return;
  expect(run.error, 'a failed collection names its error').toBeTruthy();
  expect(run.results.filter((r) => r.status === 'pass')).toEqual([]);
  expect(run.results.every((r) => r.status === 'error' && r.reason.includes(run.error!))).toBe(true);
}

/** Results that report the failure: an error naming `marker`, or the scope's own failure. */
export function errorsNaming(run: ContractRun, marker: string): CheckResult[] {
  return run.results.filter((r) => r.status === 'error' && (r.reason.includes(marker) || (run.status === 'error' && run.error !== null && r.reason.includes(run.error))));
}
