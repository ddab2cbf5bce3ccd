import type { AppConfig } from '../config/schema.js';
import type { Registry } from '../registry/index.js';
import { ownerOfControl } from './owners.js';

/**
 * Coverage, honestly: a control is evidenced by automated checks, by a declared manual control
 * (attested on a cadence), or by nothing — and says which. The crosswalk shows every control in every
 * framework that one check (or a control's checks) evidences.
 */
export interface ControlRow {
  readonly framework: string;
  readonly control: string;
  readonly title: string;
  readonly evidence: 'automated' | 'attested' | 'none';
  readonly checks: readonly string[];
  /** The catalog's reason controlwatch cannot test this control (CIS "needs EC2 …"); null when it can or none is given. */
  readonly notAutomatable: string | null;
  readonly cadence: string | null;
  readonly owner: string | null;
}

export function controlRows(registry: Registry, config: AppConfig, frameworkIds: readonly string[]): ControlRow[] {
  const ownership = { teams: config.teams, owners: config.owners };
  return frameworkIds.flatMap((id) => {
    const f = registry.frameworks.get(id)!;
    return f.controls.map((c) => {
      const checks = registry.checks.filter((k) => (k.metadata.mappings[f.id] ?? []).includes(c.id)).map((k) => k.definition.id);
      const manual = config.manualControls.find((m) => m.control === c.id);
      return {
        framework: f.id,
        control: c.id,
        title: c.title,
        evidence: checks.length > 0 ? ('automated' as const) : manual ? ('attested' as const) : ('none' as const),
        checks,
        notAutomatable: c.not_automatable ?? null,
        cadence: manual?.cadence ?? null,
        owner: ownerOfControl(ownership, c.id)?.owner ?? manual?.owner ?? null,
      };
    });
  });
}

/** How completely a framework's coverage target (catalog `coverage_target` groups) is covered: each control automated, reasoned out, or neither. */
export interface CoverageTarget {
  readonly groups: readonly string[];
  readonly total: number;
  readonly automated: number;
  /** Controls with no check that carry the catalog's not_automatable reason. */
  readonly notAutomatable: number;
  /** Controls with neither a check nor a reason: gaps in the target (the catalog test keeps this empty). */
  readonly neither: readonly string[];
  /** Controls that carry a not_automatable reason AND have a check mapped: the catalog contradicts the mappings. */
  readonly contradicted: readonly string[];
}

export function coverageTarget(registry: Registry, frameworkId: string): CoverageTarget | null {
  const f = registry.frameworks.get(frameworkId);
  if (f?.coverage_target === undefined) return null;
  const groups = new Set(f.coverage_target);
  const mapped = (id: string) => registry.checks.some((k) => (k.metadata.mappings[f.id] ?? []).includes(id));
  const inTarget = f.controls.filter((c) => groups.has(c.group));
  return {
    groups: f.coverage_target,
    total: inTarget.length,
    automated: inTarget.filter((c) => mapped(c.id)).length,
    notAutomatable: inTarget.filter((c) => !mapped(c.id) && c.not_automatable !== undefined).length,
    neither: inTarget.filter((c) => !mapped(c.id) && c.not_automatable === undefined).map((c) => c.id),
    contradicted: f.controls.filter((c) => mapped(c.id) && c.not_automatable !== undefined).map((c) => c.id),
  };
}

/** One sentence for coverage output: "coverage target (groups 2, 3.1, 4): 40 controls — 23 automated, 17 not automatable here (reason given)". */
export function coverageTargetNote(t: CoverageTarget): string {
  const neither = t.neither.length > 0 ? `, ${t.neither.length} with neither a check nor a reason (${t.neither.join(', ')})` : '';
  return `coverage target (groups ${t.groups.join(', ')}): ${t.total} controls — ${t.automated} automated, ${t.notAutomatable} not automatable here (reason given)${neither}`;
}

export interface Crosswalk {
  readonly subject: string;
  readonly rows: readonly { readonly check: string; readonly framework: string; readonly control: string; readonly title: string }[];
}

function rowsOf(registry: Registry, checkIds: readonly string[]): Crosswalk['rows'] {
  return checkIds.flatMap((id) => {
    const check = registry.checks.find((k) => k.definition.id === id)!;
    return Object.entries(check.metadata.mappings).flatMap(([fw, controls]) =>
      controls.map((control) => ({ check: id, framework: fw, control, title: registry.frameworks.get(fw)?.controls.find((c) => c.id === control)?.title ?? '' })),
    );
  });
}

export function crosswalkOfCheck(registry: Registry, checkId: string): Crosswalk | null {
  if (!registry.checks.some((k) => k.definition.id === checkId)) return null;
  return { subject: `check ${checkId}`, rows: rowsOf(registry, [checkId]) };
}

/** The checks mapped to a control (in any framework), and every control they evidence. */
export function crosswalkOfControl(registry: Registry, controlId: string): Crosswalk | null {
  if (![...registry.frameworks.values()].some((f) => f.controlIds.has(controlId))) return null;
  const checks = registry.checks.filter((k) => Object.values(k.metadata.mappings).some((ids) => ids.includes(controlId))).map((k) => k.definition.id);
  return { subject: `control ${controlId} (${checks.length} check${checks.length === 1 ? '' : 's'})`, rows: rowsOf(registry, checks) };
}
