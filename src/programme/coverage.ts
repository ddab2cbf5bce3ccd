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
