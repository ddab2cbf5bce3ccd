import { ObservedResourcesCache, type EvidenceReader } from '../period/index.js';
import { storedProgramme } from '../programme/run-record.js';
import type { OutOfScope, ScopeTally } from '../programme/scope.js';
import { scopeInventory } from './programme.js';

/**
 * `controlwatch scope`: what one sealed run had in scope, what it discovered outside the declared
 * scope (drift: listed, never judged) and what was in scope but not evaluated, with why. Read from
 * the run's stored declared scope and manifests, so a later config edit never changes it.
 */
export interface ScopeView {
  readonly run: { readonly id: number; readonly day: string };
  readonly declared: unknown;
  readonly byType: readonly ScopeTally[];
  readonly inScope: readonly { readonly type: string; readonly id: string; readonly scope: string; readonly by?: string }[];
  readonly drift: readonly OutOfScope[];
  readonly notEvaluated: readonly { readonly what: string; readonly why: string }[];
}

export function buildScopeView(evidence: EvidenceReader, runId: number | undefined, types: readonly string[], checkedTypes: ReadonlySet<string>): ScopeView {
  const run = runId === undefined ? evidence.latestSealedRun() : evidence.sealedRun(runId);
  if (run === undefined) throw new Error('no sealed run in the evidence store yet: run `controlwatch run` first');
  const programme = storedProgramme(evidence.scopeBlob(run.id));
  const inv = scopeInventory(evidence, run.id, programme.declared, types);
  const notEvaluated = [
    ...evidence.coverage(run.id).missing.map((m) => ({ what: `${m.collector} ${m.scope}`, why: `scope not collected: ${m.reason}` })),
    ...inv.byType.filter((t) => t.inScope > 0 && !checkedTypes.has(t.type)).map((t) => ({ what: `${t.inScope} ${t.type}`, why: 'no enabled check tests this type' })),
  ];
  return { run: { id: run.id, day: run.day }, declared: programme.declared, byType: inv.byType, inScope: inv.inScope, drift: inv.drift, notEvaluated };
}

export interface ScopeChange {
  readonly day: string;
  readonly runId: number;
  readonly change: 'entered' | 'left';
  readonly type: string;
  readonly id: string;
}

/**
 * Scope changes over a period: comparing the in-scope resources of each day's last sealed run with
 * the day before that had evidence, each resource that entered or left the scope, on which day.
 */
export function scopeHistory(evidence: EvidenceReader, range: { from: string; to: string }, types: readonly string[]): ScopeChange[] {
  const changes: ScopeChange[] = [];
  let before: Map<string, { type: string; id: string }> | null = null;
  const seen = new ObservedResourcesCache();
  for (const day of evidence.runsByDay(range).days) {
    const run = day.runs[day.runs.length - 1];
    if (run === undefined) continue;
    const programme = storedProgramme(evidence.scopeBlob(run.id));
    // With no declared scope everything observed is in scope (the inventory's rule), so the day's in-scope resources
    // are its observations' types and ids, read only where they changed since the day before.
    const observed = programme.declared === null ? evidence.observedResources(run.id, types, seen) : null;
    const inScope = observed !== null ? types.flatMap((type) => observed.get(type) ?? []) : scopeInventory(evidence, run.id, programme.declared, types).inScope;
    const now = new Map(inScope.map((r) => [`${r.type}\u0000${r.id}`, r]));
    if (before !== null) {
      for (const [key, r] of now) if (!before.has(key)) changes.push({ day: day.day, runId: run.id, change: 'entered', type: r.type, id: r.id });
      for (const [key, r] of before) if (!now.has(key)) changes.push({ day: day.day, runId: run.id, change: 'left', type: r.type, id: r.id });
    }
    before = now;
  }
  return changes;
}
