import { assertTimestamp } from './timestamps.js';
import { COLLECTION_STATUSES, TRIGGERS, type CollectionRecord, type RunHeader } from './types.js';

/**
 * Checks at the door of the store: a malformed value written into a sealed run is evidence that
 * can never be corrected, so it is refused with a message that names the field.
 */

function assertCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${what} must be a non-negative integer, got ${value}`);
}

function assertText(value: string, what: string): void {
  if (typeof value !== 'string' || value.length === 0) throw new Error(`${what} must be a non-empty string`);
}

export function validateHeader(header: RunHeader): void {
  assertTimestamp(header.startedAt, 'run startedAt');
  if (!TRIGGERS.includes(header.trigger)) throw new Error(`run trigger must be one of ${TRIGGERS.join(', ')}, got '${String(header.trigger)}'`);
  assertText(header.agentVersion, 'run agentVersion');
  assertText(header.configHash, 'run configHash');
}

export function validateCollection(c: CollectionRecord): void {
  const where = `collection ${c.collector} / ${c.scope}`;
  assertText(c.collector, 'collection collector');
  assertText(c.scope, `${where}: scope`);
  if (!COLLECTION_STATUSES.includes(c.status)) throw new Error(`${where}: status must be one of ${COLLECTION_STATUSES.join(', ')}`);
  // A failed scope without a reason would be silence recorded as evidence.
  if (c.status === 'error' && !c.error) throw new Error(`${where}: status 'error' needs an error text`);
  assertCount(c.apiCalls, `${where}: apiCalls`);
  assertCount(c.throttles, `${where}: throttles`);
  for (const [operation, calls] of Object.entries(c.callsByOperation)) assertCount(calls, `${where}: callsByOperation.${operation}`);
  assertTimestamp(c.startedAt, `${where}: startedAt`);
  assertTimestamp(c.finishedAt, `${where}: finishedAt`);
}
