import type { AppConfig } from '../config/schema.js';
import { controlsOf, openEvidence, producersFrom, type EvidenceSource } from '../period/index.js';
import type { Registry } from '../registry/index.js';
import { dayIn } from '../util/calendar.js';
import { expiringExceptionEvents, runChangeEvents, type AlertEvent } from './events.js';

export interface RunAlertInput {
  readonly source: EvidenceSource;
  readonly runId: number;
  readonly registry: Registry;
  readonly config: AppConfig;
  readonly now: Date;
  /** The same schedule's previous run with per-collector schedules (null: its first); absent: the sealed run before. */
  readonly previousRunId?: number | null;
}

/** Every alert a sealed run can raise: changes against the previous sealed run, and exceptions about to expire. */
export function eventsAfterRun(input: RunAlertInput): AlertEvent[] {
  const { config } = input;
  const reader = openEvidence(input.source, { timezone: config.audit.timezone, producers: producersFrom(input.registry.collectors) });
  const controls = controlsOf(input.registry.checks.map((c) => ({ id: c.definition.id, mappings: c.metadata.mappings })));
  const owners = config.owners as Record<string, string | { owner: string }>;
  const ownerOf = (controlId: string) => {
    const o = owners[controlId];
    return o === undefined ? null : typeof o === 'string' ? o : o.owner;
  };
  const exceptions = (config.exceptions as ReadonlyArray<{ id?: string; check?: string; control?: string; resource?: string; expires: string }>).map((e, i) => ({
    id: e.id ?? `EXC-${i + 1}`,
    expires: e.expires,
    covers: `${e.check ?? e.control ?? '?'} on ${e.resource ?? '*'}`,
  }));
  return [
    ...runChangeEvents({ reader, source: input.source, runId: input.runId, controls, ownerOf, ...(input.previousRunId !== undefined ? { previousRunId: input.previousRunId } : {}) }),
    ...expiringExceptionEvents(exceptions, dayIn(input.now, config.audit.timezone), config.alerts.expiringWithinDays),
  ];
}
