import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { CheckDefinition } from '../../../src/model/check.js';
import { maybe } from '../../../src/model/unknown.js';
import { S3_OBSERVATION_TYPES } from '../../../collectors/aws-s3/observations.js';
import { FIXTURE_BASES } from './fixture-bases.js';
import { trackReads } from './read-tracker.js';
import { sweepCheck } from './sweep.js';
import { formatPath, instances, unknownablePaths, withUnknownAt } from './unknown-paths.js';

/** The sweep's own machinery: if it found nothing or tracked nothing, the Unknown sweep would pass vacuously. */

const Schema = z
  .object({
    id: z.string(),
    flag: maybe(z.boolean()),
    nested: maybe(z.object({ inner: maybe(z.string()).nullable(), plain: z.number() }).nullable()),
    list: maybe(z.array(z.object({ on: maybe(z.boolean()) }))),
    counts: z.record(z.string(), maybe(z.number())),
    either: z.union([z.literal('none'), maybe(z.string())]),
  })
  .strict();

describe('unknownablePaths', () => {
  it('finds every maybe position through objects, nullables, arrays, records and unions', () => {
    expect(unknownablePaths(Schema).map((p) => formatPath(p))).toEqual(['flag', 'nested', 'nested.inner', 'list', 'list[].on', 'counts{}', 'either']);
  });
});

describe('instances and withUnknownAt', () => {
  const value = { id: 'x', flag: true, nested: null, list: [{ on: true }, { on: { $unknown: 'already' } }, { on: false }], counts: { a: 1 }, either: 'none' };

  it('expands arrays and records, skips fields under null or Unknown and places already Unknown', () => {
    const paths = unknownablePaths(Schema);
    expect(paths.map((p) => instances(value, p).map((i) => formatPath(i)))).toEqual([['flag'], ['nested'], [], ['list'], ['list[0].on', 'list[2].on'], ['counts.a'], ['either']]);
  });

  it('sets fresh Unknowns on a copy, leaving the base untouched', () => {
    const out = withUnknownAt(value, [['list', 0, 'on'], ['counts', 'a']], 'sweep');
    expect(out.list[0]).toEqual({ on: { $unknown: 'sweep' } });
    expect(out.counts).toEqual({ a: { $unknown: 'sweep' } });
    expect(value.list[0]).toEqual({ on: true });
    expect(Schema.safeParse(out).success).toBe(true);
  });
});

describe('trackReads', () => {
  const value = withUnknownAt({ a: { b: true, c: 1 }, d: [1, 2] }, [['a', 'b']], 'sweep');

  it('notes a read of a watched place, even one that only compares it', () => {
    const t = trackReads(value, [['a', 'b']]);
    expect(t.value.a.c).toBe(1);
    expect(t.touched()).toBe(false);
    expect((t.value.a.b as unknown) === true).toBe(false);
    expect(t.touched()).toBe(true);
  });

  it('notes enumeration of the parent, and keeps identity and array behaviour', () => {
    const t = trackReads(value, [['a', 'b']]);
    expect(t.value.a).toBe(t.value.a);
    expect(Array.isArray(t.value.d) && t.value.d.map((n) => n * 2)).toEqual([2, 4]);
    expect(t.touched()).toBe(false);
    expect(Object.keys(t.value.a)).toEqual(['b', 'c']);
    JSON.stringify(t.value);
    expect(t.touched()).toBe(true);
  });
});

describe('sweepCheck', () => {
  const schemas = new Map<string, z.ZodType>(Object.entries(S3_OBSERVATION_TYPES));
  const buckets = FIXTURE_BASES.filter((b) => b.type === 'aws.s3.bucket').map((b) => ({
    observation: { type: b.type, id: b.id, scope: 'fixture', attributes: b.attributes, source: [] },
    now: b.now,
    origin: 'fixture',
  }));
  const check = (evaluate: CheckDefinition['evaluate']): CheckDefinition => ({ id: 'test.bucket', observationType: 'aws.s3.bucket', parameters: z.object({}), evaluate });

  it('catches a check that reads an Unknown as "not public"', () => {
    const naive = check((o) => ((o.attributes as { policyIsPublic: unknown }).policyIsPublic === true ? { status: 'fail', reason: 'public' } : { status: 'pass', reason: 'not public' }));
    const sweep = sweepCheck(naive, {}, buckets, new Map(), schemas);
    expect(sweep.cases.filter((c) => c.read && c.verdict.status === 'pass').map((c) => c.path)).toEqual(['policyIsPublic']);
    expect(sweep.allUnknown.map((a) => [a.read, a.verdict.status])).toEqual([[true, 'pass']]);
  });

  it('lets a check pass on Unknowns it never reads, and records that it read none', () => {
    const byName = check((o) => ({ status: 'pass', reason: String((o.attributes as { name: string }).name) }));
    const sweep = sweepCheck(byName, {}, buckets, new Map(), schemas);
    expect(sweep.cases.length).toBeGreaterThan(10);
    expect(sweep.cases.some((c) => c.read)).toBe(false);
  });
});
