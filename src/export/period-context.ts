import type { AppConfig } from '../config/schema.js';
import type { Registry } from '../registry/index.js';
import { controlsOf, manualOnlyControls, openEvidence, producersFrom, type ControlRef, type EvidenceReader, type LogOptions, type PeriodOptions } from '../period/index.js';
import type { EvidenceSource } from '../period/index.js';
import { dayIn } from '../util/calendar.js';

/**
 * What the period, log, sample and export commands share: the evidence reader, the controls with their
 * checks (from the registry's mappings, filtered by framework and control), which collectors feed each
 * check, owners, and which checks test events. Built once per command from config + registry.
 */
export interface PeriodContext {
  readonly evidence: EvidenceReader;
  readonly controls: readonly ControlRef[];
  readonly periodOptions: PeriodOptions;
  readonly logOptions: LogOptions;
  /** The event observation type a control's checks test, when all of them test events (a change-level control). */
  readonly changeTypeOf: (control: ControlRef) => string | undefined;
  readonly titleOf: (framework: string, controlId: string) => string;
  readonly checkTitleOf: (checkId: string) => string;
}

export interface ContextFilter {
  readonly frameworks?: readonly string[];
  readonly controls?: readonly string[];
}

export function periodContext(source: EvidenceSource, config: AppConfig, registry: Registry, filter: ContextFilter = {}): PeriodContext {
  const producers = producersFrom(registry.collectors);
  const evidence = openEvidence(source, { timezone: config.audit.timezone, producers });
  const eventTypes = new Set(registry.collectors.flatMap((c) => c.eventTypes ?? []));
  const typeOf = new Map(registry.checks.map((c) => [c.definition.id, c.definition.observationType]));
  const checks = registry.checks.map((c) => ({ id: c.definition.id, mappings: c.metadata.mappings }));
  // Controls declared as manual (attested on a cadence) are listed too, with no checks: their days come from
  // the attestations each sealed run recorded (src/period/attested.ts), not from this config.
  const manualIds = new Set(config.manualControls.map((m) => m.control));
  const automated = controlsOf(checks);
  const manualOnly = manualOnlyControls(registry.frameworks.values(), manualIds, automated);
  const controls = [...automated, ...manualOnly]
    .filter((c) => (!filter.frameworks?.length || filter.frameworks.includes(c.framework)) && (!filter.controls?.length || filter.controls.includes(c.controlId)))
    .sort((a, b) => a.framework.localeCompare(b.framework));
  // An owner entry is a name or { owner, backup } (the control programme's richer form): the owner is named.
  const owner = (controlId: string): string[] => {
    const entry = (config.owners as Record<string, unknown>)[controlId];
    if (typeof entry === 'string') return [entry];
    if (typeof entry === 'object' && entry !== null && typeof (entry as { owner?: unknown }).owner === 'string') return [(entry as { owner: string }).owner];
    return [];
  };
  const mappingsOf = new Map(checks.map((c) => [c.id, c.mappings]));
  const ownersOfCheck = (checkId: string) => [...new Set(Object.values(mappingsOf.get(checkId) ?? {}).flat().flatMap(owner))].sort();
  const titles = new Map<string, string>();
  for (const f of registry.frameworks.values()) for (const c of f.controls) titles.set(`${f.id}\u0000${c.id}`, c.title);
  const checkTitles = new Map(registry.checks.map((c) => [c.definition.id, c.metadata.title]));
  return {
    evidence,
    controls,
    periodOptions: { collectorsOfCheck: (id) => producers(typeOf.get(id) ?? '') },
    logOptions: {
      isEventCheck: (id) => eventTypes.has(typeOf.get(id) ?? ''),
      ownersOfCheck,
      ownersOfControl: (_f, controlId) => owner(controlId),
    },
    changeTypeOf: (control) => {
      const types = new Set(control.checks.map((id) => typeOf.get(id) ?? ''));
      return types.size === 1 && eventTypes.has([...types][0]!) ? [...types][0] : undefined;
    },
    titleOf: (framework, controlId) => titles.get(`${framework}\u0000${controlId}`) ?? '',
    checkTitleOf: (id) => checkTitles.get(id) ?? '',
  };
}

/** Today in the audit zone, and the day `n` days before a day. */
export function today(timezone: string, now = new Date()): string {
  return dayIn(now, timezone);
}

export function daysBefore(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
}
