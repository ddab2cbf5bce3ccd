import type { AdvancedEventSelector, AdvancedFieldSelector, GetEventSelectorsCommandOutput } from '@aws-sdk/client-cloudtrail';
import { compareText } from '../../src/util/compare.js';
import type { ManagementEventsValue } from './observations.js';

/**
 * Which management events a trail's selectors record. Pure. A trail has basic EventSelectors or
 * AdvancedEventSelectors, never both; several selectors add up (one read-only and one write-only = both).
 */

const sortedUnique = (values: Iterable<string>) => [...new Set(values)].sort(compareText);

/** Basic selectors: IncludeManagementEvents (AWS's default is true) with ReadWriteType All / ReadOnly / WriteOnly. */
function fromBasic(out: GetEventSelectorsCommandOutput): ManagementEventsValue {
  let read = false;
  let write = false;
  const excluded: string[] = [];
  for (const selector of out.EventSelectors ?? []) {
    if (selector.IncludeManagementEvents === false) continue;
    const type = selector.ReadWriteType ?? 'All';
    if (type === 'All' || type === 'ReadOnly') read = true;
    if (type === 'All' || type === 'WriteOnly') write = true;
    excluded.push(...(selector.ExcludeManagementEventSources ?? []));
  }
  return { read, write, excludedSources: sortedUnique(excluded), selectors: 'basic' };
}

const field = (selector: AdvancedEventSelector, name: string): AdvancedFieldSelector[] =>
  (selector.FieldSelectors ?? []).filter((f) => f.Field === name);

const isManagement = (selector: AdvancedEventSelector) => field(selector, 'eventCategory').some((f) => (f.Equals ?? []).includes('Management'));

/** A positive eventSource filter (Equals / StartsWith / EndsWith) records only the named services: not "all management events". */
const onlySomeSources = (selector: AdvancedEventSelector) =>
  field(selector, 'eventSource').some((f) => (f.Equals?.length ?? 0) + (f.StartsWith?.length ?? 0) + (f.EndsWith?.length ?? 0) > 0);

/** What the readOnly field lets through: no field → both; Equals true / NotEquals false → read; the reverse → write. */
function readWrite(selector: AdvancedEventSelector): { read: boolean; write: boolean } {
  let read = true;
  let write = true;
  for (const f of field(selector, 'readOnly')) {
    const passes = (value: string) => ((f.Equals ?? []).length === 0 || (f.Equals ?? []).includes(value)) && !(f.NotEquals ?? []).includes(value);
    read &&= passes('true');
    write &&= passes('false');
  }
  return { read, write };
}

/** Advanced selectors: a selector with eventCategory = Management, narrowed only by readOnly and excluded sources. */
function fromAdvanced(selectors: readonly AdvancedEventSelector[]): ManagementEventsValue {
  let read = false;
  let write = false;
  const excluded: string[] = [];
  for (const selector of selectors) {
    if (!isManagement(selector) || onlySomeSources(selector)) continue;
    const rw = readWrite(selector);
    read ||= rw.read;
    write ||= rw.write;
    for (const f of field(selector, 'eventSource')) excluded.push(...(f.NotEquals ?? []), ...(f.NotStartsWith ?? []), ...(f.NotEndsWith ?? []));
  }
  return { read, write, excludedSources: sortedUnique(excluded), selectors: 'advanced' };
}

export function managementEvents(out: GetEventSelectorsCommandOutput): ManagementEventsValue {
  const advanced = out.AdvancedEventSelectors ?? [];
  return advanced.length > 0 ? fromAdvanced(advanced) : fromBasic(out);
}
