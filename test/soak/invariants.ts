import type { CheckResult } from '../../src/model/result.js';
import type { ContractBinding } from '../contract/bindings.js';
import type { ContractRun } from '../contract/harness.js';

/**
 * The soak's invariant over one faulted collection and the clean baseline of the same scope: "no pass whose
 * inputs were not all read", and no silent gap. Shared by the fault schedules and the least-privilege run.
 */

/** Faults the clients retry: drawn `once` they must be absorbed, drawn lasting they exhaust the retry budget. */
export const TRANSIENT = new Set<string>(['Throttling', 'ServiceUnavailable', 'Reset', 'secondary_limit', 'server_error']);

export interface Fault {
  /** As CallStats names it: `iam:ListUsers`, `GET /orgs/{org}/repos`. */
  readonly operation: string;
  readonly kind: string;
  readonly once: boolean;
}

const key = (r: CheckResult) => `${r.checkId} ${r.resourceId}`;

/** Every Unknown reason anywhere in the run's observations. */
function unknownReasons(run: ContractRun): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (v === null || typeof v !== 'object') return;
    if ('$unknown' in v) out.push(String((v as { $unknown: unknown }).$unknown));
    else Object.values(v).forEach(walk);
  };
  run.observations.forEach((o) => walk(o.attributes));
  return out;
}

/** The violations of the invariant in one faulted run, in words. */
export function violations(binding: ContractBinding, baseline: ContractRun, run: ContractRun, schedule: readonly Fault[]): { falsePasses: string[]; gaps: string[] } {
  const lasting = schedule.filter((f) => !(f.once && TRANSIENT.has(f.kind)) && f.kind !== 'secondary_limit');
  const faulted = new Set(schedule.map((f) => f.operation));
  const lastingOps = new Set(lasting.map((f) => f.operation));
  const allowed = (checkId: string) => {
    const e = binding.passesDespiteUnknown[checkId];
    if (e === undefined || !e.operations.some((op) => faulted.has(op))) return false;
    return !(e.redundantSources === true && e.operations.every((op) => lastingOps.has(op)));
  };
  const before = new Map(baseline.results.map((r) => [key(r), r]));
  const falsePasses: string[] = [];
  const gaps: string[] = [];
  for (const r of run.results) {
    if (r.status !== 'pass' || allowed(r.checkId)) continue;
    const read = run.unknownsRead(r);
    if (read.length > 0) falsePasses.push(`${key(r)} passed after reading Unknown: ${read[0]}`);
    else if (before.get(key(r))?.status !== 'pass') falsePasses.push(`${key(r)}: ${before.get(key(r))?.status ?? 'absent'} → pass`);
    else if (run.status === 'error') falsePasses.push(`${key(r)} passed in a failed scope`);
  }
  for (const r of run.results) {
    const was = before.get(key(r));
    if (r.status === 'not_applicable' && was !== undefined && was.status !== 'not_applicable') gaps.push(`${key(r)}: ${was.status} → not_applicable (${r.reason})`);
    // A 404 is a meaningful answer on some routes (GitHub's vulnerability-alerts: 404 = disabled), so an injected
    // not_found may rightly turn a pass into a fail; it may never make anything pass (checked above).
    const meaningful404 = schedule.some((f) => f.kind === 'not_found');
    if (r.status === 'fail' && was !== undefined && was.status !== 'fail' && !meaningful404) gaps.push(`${key(r)}: ${was.status} → fail (${r.reason})`);
  }
  const now = new Set(run.results.map(key));
  for (const r of baseline.results) {
    if (now.has(key(r))) continue;
    if (!run.results.some((x) => x.checkId === r.checkId && x.scope === r.scope && x.status === 'error')) gaps.push(`${key(r)} (${r.status}) vanished with no error for ${r.checkId}`);
  }
  for (const f of lasting) {
    // A fallback reads the same evidence another way; a call never made (the scope failed before it, e.g. at
    // the account proof) has nothing to name.
    if (binding.fallbacks[f.operation] !== undefined || (run.byOperation[f.operation] ?? 0) === 0) continue;
    const trace = [run.error ?? '', ...run.gaps.map((g) => g.reason), ...unknownReasons(run), ...run.results.filter((r) => r.status === 'error').map((r) => r.reason)].join('\n');
    // Named by its own failure, or subsumed by a population gap (a listing failed first, so the call's data had
    // no resource to be Unknown on: the gap says the population is incomplete).
    const named = (binding.provider === 'aws' ? trace.includes(f.operation.split(':')[1]!) : run.status !== 'ok' || trace !== '') || run.gaps.length > 0;
    if (!named) gaps.push(`lasting ${f.kind} on ${f.operation} left no trace naming the call (status ${run.status})`);
  }
  return { falsePasses, gaps };
}

