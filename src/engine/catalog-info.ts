import type { Registry } from '../registry/index.js';
import type { CheckInfo, FrameworkInfo } from '../report/types.js';

/** The report's view of the registry: check metadata and framework catalogs, nothing executable. */
export function checkInfos(registry: Registry): CheckInfo[] {
  const eventTypes = new Set(registry.collectors.flatMap((c) => c.eventTypes ?? []));
  return registry.checks.map((c) => ({
    id: c.definition.id,
    title: c.metadata.title,
    severity: c.metadata.severity,
    mappings: c.metadata.mappings,
    awsConfigRules: c.metadata.aws_config_rules,
    event: eventTypes.has(c.definition.observationType),
  }));
}

export function frameworkInfos(registry: Registry): FrameworkInfo[] {
  return [...registry.frameworks.values()].map((f) => ({ id: f.id, title: f.title, controls: f.controls.map((c) => ({ id: c.id, title: c.title })) }));
}

/** Validates `--framework` values against the catalogs, naming the known ones. */
export function checkFrameworkFilter(registry: Registry, requested: readonly string[]): string | null {
  const known = [...registry.frameworks.keys()];
  const bad = requested.filter((f) => !known.includes(f));
  return bad.length ? `unknown framework ${bad.map((b) => `"${b}"`).join(', ')}; known: ${known.join(', ')}` : null;
}

/** Every observation type a registered collector produces (what `scope` inventories). */
export function observationTypesOf(registry: Registry): string[] {
  return [...new Set(registry.collectors.flatMap((c) => Object.keys(c.produces)))].sort();
}
