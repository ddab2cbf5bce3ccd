import { z } from 'zod';

/**
 * Where an observation type can hold an Unknown, read from its zod schema (the collector's `produces` entry):
 * every position whose schema is a union with the `{ $unknown }` shape (`maybe(…)`), found by recursing into
 * objects, arrays, records, unions and nullable / optional wrappers. Paths are abstract: `[]` is "an element of
 * this array", `{}` "a value of this record"; `instances` turns one into the concrete places in a value.
 */

export type Segment = string | number;
export type AbstractPath = readonly string[];
export const EACH_ELEMENT = '[]';
export const EACH_VALUE = '{}';

/** `{ $unknown: string }` exactly, however it was built (UnknownSchema or a copy of it). */
function isUnknownShape(schema: z.ZodType): boolean {
  return schema instanceof z.ZodObject && Object.keys(schema.shape).length === 1 && '$unknown' in schema.shape;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    if (s instanceof z.ZodNullable || s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodReadonly) s = s.unwrap() as z.ZodType;
    else return s;
  }
}

/** Every abstract path at which the schema accepts an Unknown, outermost first, without duplicates. */
export function unknownablePaths(schema: z.ZodType): AbstractPath[] {
  const out = new Map<string, AbstractPath>();
  const walk = (node: z.ZodType, path: readonly string[]): void => {
    const s = unwrap(node);
    if (s instanceof z.ZodUnion) {
      const options = s.options as readonly z.ZodType[];
      if (path.length > 0 && options.some(isUnknownShape)) out.set(formatPath(path), path);
      for (const option of options) if (!isUnknownShape(option)) walk(option, path);
    } else if (s instanceof z.ZodObject) {
      for (const [key, field] of Object.entries(s.shape as Record<string, z.ZodType>)) walk(field, [...path, key]);
    } else if (s instanceof z.ZodArray) {
      walk(s.element as z.ZodType, [...path, EACH_ELEMENT]);
    } else if (s instanceof z.ZodRecord) {
      walk(s.valueType as z.ZodType, [...path, EACH_VALUE]);
    }
  };
  walk(schema, []);
  return [...out.values()];
}

const isContainer = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isUnknownValue = (v: unknown): boolean => isContainer(v) && !Array.isArray(v) && typeof v.$unknown === 'string';

/**
 * The concrete places in `value` an abstract path names: array elements and record values expanded, and only
 * where every parent on the way is a real (known, non-null) object — a field inside an Unknown or a null does not
 * exist. A place that already holds an Unknown is left out (the base already tests it).
 */
export function instances(value: unknown, path: AbstractPath): Segment[][] {
  const out: Segment[][] = [];
  const walk = (node: unknown, i: number, at: Segment[]): void => {
    if (i === path.length) {
      if (!isUnknownValue(node)) out.push(at);
      return;
    }
    if (!isContainer(node) || isUnknownValue(node)) return;
    const seg = path[i]!;
    if (seg === EACH_ELEMENT) {
      if (Array.isArray(node)) node.forEach((child, k) => walk(child, i + 1, [...at, k]));
    } else if (seg === EACH_VALUE) {
      if (!Array.isArray(node)) for (const [k, child] of Object.entries(node)) walk(child, i + 1, [...at, k]);
    } else if (!Array.isArray(node) && seg in node) {
      walk(node[seg], i + 1, [...at, seg]);
    }
  };
  walk(value, 0, []);
  return out;
}

/** A deep copy of `value` with each place replaced by its own fresh Unknown. */
export function withUnknownAt<T>(value: T, places: readonly (readonly Segment[])[], reason: string): T {
  const copy = structuredClone(value);
  for (const place of places) {
    let parent: unknown = copy;
    for (const seg of place.slice(0, -1)) parent = (parent as Record<Segment, unknown>)[seg];
    (parent as Record<Segment, unknown>)[place[place.length - 1]!] = { $unknown: reason };
  }
  return copy;
}

/** `trails[].logging`, `openBySeverity{}`, `trails[2].logging` */
export function formatPath(path: readonly Segment[]): string {
  return path
    .map((seg, i) => (seg === EACH_ELEMENT ? '[]' : seg === EACH_VALUE ? '{}' : typeof seg === 'number' ? `[${seg}]` : i === 0 ? seg : `.${seg}`))
    .join('');
}
