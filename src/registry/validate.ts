import type { AppConfig } from '../config/schema.js';
import type { CheckMetadata } from '../catalog/check-metadata.js';
import type { FrameworkCatalogs } from '../catalog/frameworks.js';
import { formatPath } from '../util/format-path.js';
import { programmeProblems } from '../programme/validate.js';
import type { CheckDefinition } from '../model/check.js';
import type { CollectorDefinition, Provider } from '../model/collector.js';

/**
 * Start-up validation of everything the engine is built from: collector and check code, check metadata,
 * framework catalogs and the user's config. It reports EVERY problem at once — fixing one misspelt id per
 * restart is how people give up on a tool — and never half-loads: either a whole valid registry or an error.
 */

// Collectors differ in their target type, so the list holds them at `any`.
export type AnyCollector = CollectorDefinition<any, any>;

export interface RegisteredCheck {
  readonly definition: CheckDefinition;
  readonly metadata: CheckMetadata;
  /** Defaults from metadata merged with the user's overrides, parsed by the check's schema. */
  readonly params: unknown;
  /** False when the config lists the id in `checks.disabled` (the check is still validated). */
  readonly enabled: boolean;
}

export interface Registry {
  readonly collectors: readonly AnyCollector[];
  /**
   * Every registered check in registration order, disabled ones included (`enabled: false`) so listings can show
   * them; the runner runs only `enabled` ones. Disabled checks are validated too, so re-enabling cannot surprise.
   */
  readonly checks: readonly RegisteredCheck[];
  readonly frameworks: FrameworkCatalogs;
}

export interface RegistryInputs {
  readonly collectors: readonly AnyCollector[];
  readonly checks: readonly CheckDefinition[];
  readonly metadata: ReadonlyMap<string, CheckMetadata>;
  readonly frameworks: FrameworkCatalogs;
}

export class RegistryError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`controlwatch cannot start: ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'RegistryError';
  }
}

function duplicates(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const id of ids) (seen.has(id) ? dup : seen).add(id);
  return [...dup];
}

/** `checks.parameters["iam.x"].max_key_age_days` */
function overridePath(checkId: string, path: readonly PropertyKey[]): string {
  const rest = formatPath(path);
  return `checks.parameters[${JSON.stringify(checkId)}]${rest === '' ? '' : rest.startsWith('[') ? rest : `.${rest}`}`;
}

const PROVIDERS: readonly string[] = ['aws', 'github'] satisfies readonly Provider[];

/**
 * A collector's declarations must be coherent, because the least-privilege policy, the permissions listing and
 * the runner's hand-out of config sections are all derived from them.
 */
function contractProblems(c: AnyCollector): string[] {
  const where = `collector ${c.id}`;
  const out: string[] = [];
  if (!PROVIDERS.includes(c.provider)) out.push(`${where}: provider ${String(c.provider)} is not one of ${PROVIDERS.join(', ')}`);
  if (c.services.length === 0) out.push(`${where}: declares no services (the API clients it needs)`);
  if (c.permissions.length === 0) out.push(`${where}: declares no permissions (every API call needs one)`);
  if (c.provider === 'aws') {
    const actions = c.actionsByOperation;
    if (actions === undefined || Object.keys(actions).length === 0) out.push(`${where}: an AWS collector must declare actionsByOperation (SDK command → IAM action)`);
    else {
      const declared = [...new Set(Object.values(actions))].sort();
      const permissions = [...new Set(c.permissions)].sort();
      if (declared.join('\n') !== permissions.join('\n')) out.push(`${where}: permissions (${permissions.join(', ')}) differ from the actions of its SDK commands (${declared.join(', ')})`);
    }
  }
  return out;
}

/** Validate and assemble; returns every problem found (an empty list means `registry` is set). */
export function validateRegistry(inputs: RegistryInputs, config: AppConfig): { registry?: Registry; problems: string[] } {
  const { collectors, checks, metadata, frameworks } = inputs;
  const problems: string[] = [];

  for (const id of duplicates(collectors.map((c) => c.id))) problems.push(`collector id ${id} is registered more than once`);
  for (const c of collectors) problems.push(...contractProblems(c));
  for (const id of duplicates(checks.map((c) => c.id))) problems.push(`check id ${id} is registered more than once`);

  const produced = new Map<string, string[]>();
  for (const c of collectors) for (const type of Object.keys(c.produces)) produced.set(type, [...(produced.get(type) ?? []), c.id]);

  const codeIds = new Set(checks.map((c) => c.id));
  for (const m of metadata.values()) {
    if (!codeIds.has(m.id)) problems.push(`${m.file}: check ${m.id}: metadata has no check code (nothing registers this id)`);
  }

  const disabled = new Set(config.checks.disabled);
  const registered: RegisteredCheck[] = [];
  const seenChecks = new Set<string>();
  for (const def of checks) {
    if (seenChecks.has(def.id)) continue; // already reported as a duplicate
    seenChecks.add(def.id);
    const meta = metadata.get(def.id);
    if (!produced.has(def.observationType)) {
      problems.push(`check ${def.id}: observation type ${def.observationType} is produced by no registered collector`);
    }
    if (!meta) {
      problems.push(`check ${def.id}: has no metadata in config/checks/*.yaml`);
      continue;
    }
    const where = `${meta.file}: check ${def.id}`;
    if (meta.observation_type !== def.observationType) {
      problems.push(`${where}: observation_type: ${meta.observation_type} differs from the code's ${def.observationType}`);
    }
    for (const [fwId, controls] of Object.entries(meta.mappings)) {
      const fw = frameworks.get(fwId);
      if (!fw) {
        problems.push(`${where}: mappings.${fwId}: no such framework (known: ${[...frameworks.keys()].sort().join(', ')})`);
        continue;
      }
      for (const control of controls) {
        if (!fw.controlIds.has(control)) problems.push(`${where}: mappings.${fwId}: control ${control} is not in framework ${fwId}`);
      }
    }

    const defaults = def.parameters.safeParse(meta.parameters);
    if (!defaults.success) {
      for (const issue of defaults.error.issues) {
        const field = formatPath(['parameters', ...issue.path]);
        problems.push(`${where}: ${field}: ${issue.message}`);
      }
    }
    const override = config.checks.parameters[def.id];
    let params: unknown = defaults.success ? defaults.data : undefined;
    if (override !== undefined) {
      // Shallow merge: a user sets whole parameters, e.g. a new list of approved accounts replaces the default.
      const merged = def.parameters.safeParse({ ...meta.parameters, ...override });
      if (merged.success) params = merged.data;
      else if (defaults.success) {
        // Only blame the override when the defaults themselves were fine (else the problem is already reported).
        for (const issue of merged.error.issues) problems.push(`config ${overridePath(def.id, issue.path)}: ${issue.message}`);
      }
    }
    registered.push({ definition: def, metadata: meta, params, enabled: !disabled.has(def.id) });
  }

  for (const id of Object.keys(config.checks.parameters)) {
    if (!codeIds.has(id)) problems.push(`config checks.parameters[${JSON.stringify(id)}]: no such check`);
  }
  config.checks.disabled.forEach((id, i) => {
    if (!codeIds.has(id)) problems.push(`config checks.disabled[${i}]: no such check ${id}`);
  });
  const controlIds = new Set([...frameworks.values()].flatMap((fw) => [...fw.controlIds]));
  problems.push(...programmeProblems(config, { checks: registered.map((c) => ({ id: c.definition.id, controls: Object.values(c.metadata.mappings).flat() })), controlIds }));

  if (problems.length > 0) return { problems };
  return { problems, registry: { collectors: [...collectors], checks: registered, frameworks } };
}

/** Validate and assemble, or throw one RegistryError listing every problem. */
export function buildRegistry(inputs: RegistryInputs, config: AppConfig): Registry {
  const { registry, problems } = validateRegistry(inputs, config);
  if (!registry) throw new RegistryError(problems);
  return registry;
}
