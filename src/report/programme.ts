import type { Observation } from '../model/observation.js';
import type { EvidenceReader, RunResult } from '../period/index.js';
import { storedRegister, stateOn, type RegisteredException } from '../programme/exceptions-register.js';
import { manualStatuses, type ManualControlStatus } from '../programme/manual.js';
import { ownerOfCheck, ownerOfControl, type OwnershipRecord } from '../programme/owners.js';
import { storedProgramme, type ProgrammeRecord } from '../programme/run-record.js';
import { scopeDecider, type OutOfScope } from '../programme/scope.js';
import { addDuration } from '../programme/cadence.js';
import { once } from '../util/once.js';
import type { CheckInfo, ControlSummary, FrameworkInfo } from './types.js';
import type { ExceptionsSection, OwnerGroup, ProgrammeReport, ScopeSection } from './programme-types.js';

/**
 * The control programme's part of the report, read from what the run stored (its scope blob's
 * `programme` and its exceptions blob): declared scope and drift, owners, the exceptions register's
 * lifecycle and manual controls. Never today's config: a past day shows who owned what then.
 */
export interface ProgrammeInput {
  readonly evidence: EvidenceReader;
  readonly runId: number;
  readonly day: string;
  readonly checks: readonly CheckInfo[];
  readonly frameworks: readonly FrameworkInfo[];
  readonly controls: readonly ControlSummary[];
  /** The run's findings, read when the owners or exceptions section is first asked for (the summary view asks for neither). */
  readonly findings: () => readonly RunResult[];
  /** Observation types to inventory (every type a registered collector produces). */
  readonly observationTypes: readonly string[];
  /**
   * The run's observations of (at least) those types, from a read the caller shares (buildReport, issue 15). Called
   * when the scope section is first asked for (the summary view does not ask).
   */
  readonly observed?: () => ReadonlyMap<string, readonly Observation[]>;
  /**
   * Before `observed`, for a run that declared no scope (everything discovered is in scope): the run's count of
   * observations per type (`EvidenceReader.observationCountsOfTypes`), which is the whole inventory then; null when
   * the run's manifests predate those counts.
   */
  readonly counted?: () => ReadonlyMap<string, number> | null;
  /** The run's programme record, when the caller read it already. */
  readonly programme?: ProgrammeRecord & { readonly recorded: boolean };
}

export function programmeOf(evidence: EvidenceReader, runId: number): ProgrammeRecord & { readonly recorded: boolean } {
  return storedProgramme(evidence.scopeBlob(runId));
}

export function buildProgramme(input: ProgrammeInput): ProgrammeReport {
  const programme = input.programme ?? programmeOf(input.evidence, input.runId);
  const register = storedRegister(input.evidence.exceptionsBlob(input.runId));
  const manual = manualStatuses(programme.manualControls, programme.attestations, input.day);
  const owners = once(() => ownerGroups(programme.ownership, input, manual));
  const exceptions = once(() => exceptionsSection(register, input.findings(), input.day));
  const scope = once(() => scopeSection(input, programme));
  return {
    recorded: programme.recorded,
    get scope() {
      return scope();
    },
    get owners() {
      return owners();
    },
    get exceptions() {
      return exceptions();
    },
    manualControls: manual,
    frameworkCoverage: input.frameworks.map((f) => {
      const automated = new Set(input.checks.flatMap((c) => c.mappings[f.id] ?? []));
      const manual = new Set(programme.manualControls.map((m) => m.control));
      const a = f.controls.filter((c) => automated.has(c.id)).length;
      const m = f.controls.filter((c) => !automated.has(c.id) && manual.has(c.id)).length;
      return { framework: f.id, controls: f.controls.length, automated: a, attested: m, none: f.controls.length - a - m };
    }),
  };
}

/** Every observation the run recorded, judged against the scope the run declared. */
export function scopeInventory(evidence: EvidenceReader, runId: number, declared: ProgrammeRecord['declared'], types: readonly string[]) {
  return inventoryOf(evidence.observationsOfTypes(runId, types), declared, types);
}

/** scopeInventory over observations already read (`observed` holds a list for each of `types`, maybe more). */
function inventoryOf(observed: ReadonlyMap<string, readonly Observation[]>, declared: ProgrammeRecord['declared'], types: readonly string[]) {
  const tallies = new Map<string, { discovered: number; inScope: number }>();
  const inScope: { type: string; id: string; scope: string; by?: string }[] = [];
  const drift: OutOfScope[] = [];
  // Only inventoried repositories decide their change records (observed may hold other types for other readers).
  const decide = scopeDecider(declared ?? undefined, (types.includes('github.repo') ? observed.get('github.repo') : undefined) ?? []);
  for (const type of types) {
    for (const o of observed.get(type)!) {
      const t = tallies.get(type) ?? { discovered: 0, inScope: 0 };
      t.discovered += 1;
      const d = decide(o);
      if (d.inScope) {
        t.inScope += 1;
        inScope.push({ type, id: o.id, scope: o.scope, ...(d.by !== undefined ? { by: d.by } : {}) });
      } else drift.push({ type, id: o.id, scope: o.scope, why: d.why });
      tallies.set(type, t);
    }
  }
  const byType = [...tallies.entries()].map(([type, t]) => ({ type, ...t })).sort((a, b) => a.type.localeCompare(b.type));
  return { byType, inScope, drift };
}

/** The inventory of a run that declared no scope, from its counts per type: all in scope, no drift. */
function countedInventory(counted: ReadonlyMap<string, number>, types: readonly string[]) {
  const byType = [...new Set(types)]
    .filter((type) => (counted.get(type) ?? 0) > 0)
    .map((type) => ({ type, discovered: counted.get(type)!, inScope: counted.get(type)! }))
    .sort((a, b) => a.type.localeCompare(b.type));
  return { byType, drift: [] as OutOfScope[] };
}

function scopeSection(input: ProgrammeInput, programme: ProgrammeRecord): ScopeSection {
  const counted = programme.declared === null ? (input.counted?.() ?? null) : null;
  const { byType, drift } =
    counted !== null
      ? countedInventory(counted, input.observationTypes)
      : input.observed
        ? inventoryOf(input.observed(), programme.declared, input.observationTypes)
        : scopeInventory(input.evidence, input.runId, programme.declared, input.observationTypes);
  const discovered = byType.reduce((n, t) => n + t.discovered, 0);
  const inScope = byType.reduce((n, t) => n + t.inScope, 0);
  return { declared: programme.declared !== null, discovered, inScope, percent: discovered === 0 ? 100 : Math.round((inScope / discovered) * 1000) / 10, byType, drift };
}

function ownerGroups(ownership: OwnershipRecord, input: ProgrammeInput, manual: readonly ManualControlStatus[]): OwnerGroup[] {
  const groups = new Map<string, { owner: string; backup: string | null; contact: string | null; failingControls: OwnerGroup['failingControls'][number][]; findings: OwnerGroup['findings'][number][] }>();
  const group = (o: { owner: string; backup: string | null; contact: string | null } | null) => {
    const key = o?.owner ?? '(no owner)';
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { owner: key, backup: o?.backup ?? null, contact: o?.contact ?? null, failingControls: [], findings: [] }));
    return g;
  };
  for (const c of input.controls) {
    // A control evidenced by attestation only is named once, below, with its manual control's words.
    if ((c.status !== 'fail' && c.status !== 'error') || c.evidence === 'attested') continue;
    group(ownerOfControl(ownership, c.controlId)).failingControls.push({ framework: c.framework, controlId: c.controlId, title: c.title, status: c.status });
  }
  // A manual control that is overdue (or never attested) is a failing control of its owner too.
  for (const m of manual) {
    if (m.status === 'pass') continue;
    const o = ownerOfControl(ownership, m.control);
    group(o ?? (m.owner !== null ? { owner: m.owner, backup: null, contact: ownership.teams[m.owner]?.contact ?? null } : null)).failingControls.push({ framework: 'manual', controlId: m.control, title: m.title ?? m.control, status: m.status });
  }
  const info = new Map(input.checks.map((c) => [c.id, c]));
  // A finding's owner depends on its check alone: worked out once per check, not per finding (32,000 a day at the
  // benchmark's default size, ~75 ms; issue 15).
  const groupOfCheck = new Map<string, ReturnType<typeof group>>();
  for (const f of input.findings()) {
    if (f.status !== 'fail' && f.status !== 'error') continue;
    let g = groupOfCheck.get(f.checkId);
    if (g === undefined) {
      const controls = Object.values(info.get(f.checkId)?.mappings ?? {}).flat();
      groupOfCheck.set(f.checkId, (g = group(ownerOfCheck(ownership, f.checkId, controls))));
    }
    g.findings.push({ checkId: f.checkId, resourceId: f.resourceId, status: f.status });
  }
  // Named owners first, alphabetically; whatever nobody owns last.
  return [...groups.values()].sort((a, b) => (a.owner === '(no owner)' ? 1 : b.owner === '(no owner)' ? -1 : a.owner.localeCompare(b.owner)));
}

function exceptionsSection(register: readonly RegisteredException[], findings: readonly RunResult[], day: string): ExceptionsSection {
  const matched = new Map<string, number>();
  for (const f of findings) if (f.exceptionId !== undefined) matched.set(f.exceptionId, (matched.get(f.exceptionId) ?? 0) + 1);
  const horizon = addDuration(day, { unit: 'd', amount: 30 });
  const rows = register.map((e) => {
    const state = stateOn(e, day);
    return { ...e, state, matched: matched.get(e.id) ?? 0, expiringSoon: state === 'in_force' && e.expires <= horizon };
  });
  return {
    register: rows,
    expiringSoon: rows.filter((e) => e.expiringSoon).map((e) => `${e.id} expires on ${e.expires} (${e.check ?? e.control} ${e.resource}, approved by ${e.approver})`),
    stale: rows.filter((e) => e.state === 'in_force' && e.matched === 0).map((e) => `${e.id} matched nothing (${e.check ?? e.control} ${e.resource})`),
    warnings: rows
      .filter((e) => e.state !== 'in_force')
      .map((e) => (e.state === 'expired' ? `exception ${e.id} expired on ${e.expires}: its results count again` : `exception ${e.id} starts on ${e.starts}: not applied yet`)),
  };
}
