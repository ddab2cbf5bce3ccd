import type { AdvancedEventSelector, GetEventSelectorsCommandOutput } from '@aws-sdk/client-cloudtrail';
import { compareText } from '../../src/util/compare.js';
import type { S3DataEventsValue } from './observations.js';

/**
 * Which S3 object-level data events (GetObject = read, PutObject / DeleteObject = write) a trail's selectors
 * record, and whether for every bucket or only some (CIS AWS Foundations 4.8 / 4.9). Pure. Conservative: a
 * selector narrowed by anything this module does not judge (event names, other fields) counts as "some
 * buckets" at most, never as "all".
 */

/** Values meaning "every bucket, current and future", as the console and CIS write them. */
const ALL_BUCKETS = new Set(['arn:aws:s3', 'arn:aws:s3:::', 'arn:aws:s3:::*']);
const S3_OBJECT = 'AWS::S3::Object';
/** Fields an advanced S3 data selector may carry and still cover every object event of every bucket. */
const JUDGED_FIELDS = new Set(['eventCategory', 'resources.type', 'readOnly', 'resources.ARN']);

const sortedUnique = (values: Iterable<string>) => [...new Set(values)].sort(compareText);

function add(out: { read: boolean; write: boolean }, rw: { read: boolean; write: boolean }): void {
  out.read ||= rw.read;
  out.write ||= rw.write;
}

function fromBasic(res: GetEventSelectorsCommandOutput): S3DataEventsValue {
  const all = { read: false, write: false };
  const some: string[] = [];
  for (const selector of res.EventSelectors ?? []) {
    const type = selector.ReadWriteType ?? 'All';
    const rw = { read: type === 'All' || type === 'ReadOnly', write: type === 'All' || type === 'WriteOnly' };
    for (const data of selector.DataResources ?? []) {
      if (data.Type !== S3_OBJECT) continue;
      const values = data.Values ?? [];
      if (values.some((v) => ALL_BUCKETS.has(v))) add(all, rw);
      else some.push(...values);
    }
  }
  return { allBucketsRead: all.read, allBucketsWrite: all.write, someBuckets: sortedUnique(some), selectors: 'basic' };
}

const fields = (s: AdvancedEventSelector, name: string) => (s.FieldSelectors ?? []).filter((f) => f.Field === name);
const equalsOnly = (s: AdvancedEventSelector, name: string, value: string) =>
  fields(s, name).length > 0 && fields(s, name).every((f) => (f.Equals ?? []).length > 0 && (f.Equals ?? []).every((v) => v === value));

function readWrite(s: AdvancedEventSelector): { read: boolean; write: boolean } {
  let read = true;
  let write = true;
  for (const f of fields(s, 'readOnly')) {
    const passes = (value: string) => ((f.Equals ?? []).length === 0 || (f.Equals ?? []).includes(value)) && !(f.NotEquals ?? []).includes(value);
    read &&= passes('true');
    write &&= passes('false');
  }
  return { read, write };
}

function fromAdvanced(selectors: readonly AdvancedEventSelector[]): S3DataEventsValue {
  const all = { read: false, write: false };
  const some: string[] = [];
  for (const s of selectors) {
    if (!equalsOnly(s, 'eventCategory', 'Data') || !equalsOnly(s, 'resources.type', S3_OBJECT)) continue;
    const arns = fields(s, 'resources.ARN');
    // Every bucket: no ARN narrowing at all, or a StartsWith that every object ARN matches.
    const everyBucket = arns.length === 0 || arns.every((f) => (f.StartsWith ?? []).some((p) => ALL_BUCKETS.has(p)) && (f.Equals ?? []).length === 0 && (f.NotStartsWith ?? []).length === 0 && (f.NotEquals ?? []).length === 0 && (f.EndsWith ?? []).length === 0 && (f.NotEndsWith ?? []).length === 0);
    const unjudged = (s.FieldSelectors ?? []).some((f) => !JUDGED_FIELDS.has(f.Field ?? ''));
    if (everyBucket && !unjudged) add(all, readWrite(s));
    else some.push(...arns.flatMap((f) => [...(f.Equals ?? []), ...(f.StartsWith ?? [])]), ...(unjudged ? ['(narrowed by other fields)'] : []));
  }
  return { allBucketsRead: all.read, allBucketsWrite: all.write, someBuckets: sortedUnique(some), selectors: 'advanced' };
}

export function s3DataEvents(out: GetEventSelectorsCommandOutput): S3DataEventsValue {
  const advanced = out.AdvancedEventSelectors ?? [];
  return advanced.length > 0 ? fromAdvanced(advanced) : fromBasic(out);
}
