import { hash as oneShotHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * Canonical JSON (RFC 8785 JCS) so the same value always yields the same bytes and hash,
 * whatever the key order it was built with.
 *
 * The `canonicalize` package is the reference; below, its exact bytes for the plain values the store hashes
 * (JSON data: null, booleans, finite numbers, well-formed strings, arrays, plain objects) come from a copy
 * with sorted keys printed by the engine's JSON.stringify, several times faster, because every read command recomputes each run's seal and that was the
 * largest single cost of `verify`, `period` and `sample` over a year (issue 15). Why it is hand-written:
 * the package builds the text in JS, one JSON.stringify per primitive, with a circular-reference Set and a
 * per-character surrogate scan; here the scan is the engine's String#isWellFormed and the printing native. Anything else (a NaN, a lone surrogate, a `toJSON`, a cycle,
 * a function, a bigint) is left to the package, which gives its own answer or error: so the result or the
 * error is always the package's (property-tested against it in test/util/canonical.test.ts).
 */
export function canonicalJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(sortedCopy(value, 0));
  } catch (err) {
    if (err === INDEX_KEY) {
      try {
        text = fastCanonical(value, 0);
      } catch {
        text = canonicalize(value);
      }
    } else text = canonicalize(value);
  }
  if (text === undefined) throw new TypeError('value cannot be represented as canonical JSON');
  return text;
}

/** Thrown (and caught above) when a value needs the reference implementation. */
const NOT_PLAIN = new Error('not plain JSON data: the reference canonicalizer decides');
/** Thrown when an object has an array-index key, which JS objects would order numerically, not by code units. */
const INDEX_KEY = new Error('an array-index key: built by concatenation instead');
const MAX_DEPTH = 1000;
const ARRAY_INDEX = /^(?:0|[1-9][0-9]*)$/;

type WellFormed = string & { isWellFormed(): boolean };

function checkedString(text: string): string {
  if (!(text as WellFormed).isWellFormed()) throw NOT_PLAIN;
  return text;
}

/** Null, boolean, finite number, well-formed string: itself; anything else NOT_PLAIN; objects: null. */
function primitive(value: unknown): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
      return checkedString(value);
    case 'number':
      if (!Number.isFinite(value)) throw NOT_PLAIN;
      return value;
    case 'boolean':
      return value;
    case 'object':
      // toJSON (a Date, a Buffer) is the reference's to apply.
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') throw NOT_PLAIN;
      return undefined;
    default:
      throw NOT_PLAIN;
  }
}

/**
 * A copy whose objects hold their keys in canonical (UTF-16 code unit) order, so the engine's own
 * JSON.stringify prints the canonical text: JCS prints numbers and strings exactly as JSON.stringify does.
 * A part that is already canonical (keys in order, nothing to drop) is returned as it is, not copied: values
 * read back from the store, and those built in key order, then cost a check instead of a copy (issue 15).
 */
function sortedCopy(value: unknown, depth: number): unknown {
  const p = primitive(value);
  if (p !== undefined || value === null) return p;
  // Past this depth it may be a cycle: the reference names it (or serializes a deep value) itself.
  if (depth > MAX_DEPTH) throw NOT_PLAIN;
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i += 1) {
      // A hole (sparse array) prints differently in the reference: let it decide.
      if (!(i in value)) throw NOT_PLAIN;
      const item: unknown = value[i];
      const copy = item === undefined || typeof item === 'symbol' ? null : sortedCopy(item, depth + 1);
      if (out === null && copy !== item) out = value.slice(0, i);
      if (out !== null) out.push(copy);
    }
    return out ?? value;
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  let same = isSorted(keys);
  if (!same) keys.sort();
  const copies = new Array<unknown>(keys.length);
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i]!;
    const item = object[key];
    if (item === undefined || typeof item === 'symbol') {
      same = false;
      copies[i] = undefined;
      continue;
    }
    if (isIndexKey(key)) throw INDEX_KEY;
    checkedString(key);
    const copy = sortedCopy(item, depth + 1);
    if (copy !== item) same = false;
    copies[i] = copy;
  }
  if (same) return object;
  const out: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i]!;
    const item = copies[i];
    if (item === undefined) continue;
    // A `__proto__` key set by assignment would change the copy's prototype instead of adding the key.
    if (key === '__proto__') Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    else out[key] = item;
  }
  return out;
}

/** Whether keys are already in canonical (UTF-16 code unit) order, as Array#sort would put them. */
function isSorted(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i += 1) if (keys[i - 1]! > keys[i]!) return false;
  return true;
}

/** An array-index key ("0", "17"): JS objects order those numerically, not by code units. */
function isIndexKey(key: string): boolean {
  const first = key.charCodeAt(0);
  return first >= 48 && first <= 57 && ARRAY_INDEX.test(key);
}

/** The canonical text by concatenation, for objects with array-index keys (rare: the store's data has none). */
function fastCanonical(value: unknown, depth: number): string {
  const p = primitive(value);
  if (p !== undefined || value === null) return JSON.stringify(p);
  if (depth > MAX_DEPTH) throw NOT_PLAIN;
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1) {
      if (!(i in value)) throw NOT_PLAIN;
      const item: unknown = value[i];
      if (i > 0) out += ',';
      out += item === undefined || typeof item === 'symbol' ? 'null' : fastCanonical(item, depth + 1);
    }
    return out + ']';
  }
  const object = value as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const key of Object.keys(object).sort()) {
    const item = object[key];
    if (item === undefined || typeof item === 'symbol') continue;
    if (!first) out += ',';
    first = false;
    out += JSON.stringify(checkedString(key)) + ':' + fastCanonical(item, depth + 1);
  }
  return out + '}';
}

export function sha256Hex(data: string | Uint8Array): string {
  // The one-shot form: a Hash object per call cost about 3x as much on small blobs (issue 15, verify).
  return oneShotHash('sha256', data, 'hex');
}

/** SHA-256 of a value's canonical JSON: the content address of blobs and the basis of seals. */
export function hashJson(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
