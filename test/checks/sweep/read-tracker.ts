import type { Segment } from './unknown-paths.js';

/**
 * Wraps a value so the sweep can tell whether a check READ one of the places it set to Unknown. A check may
 * pass while a field it never looks at is Unknown (a webhook check does not care about deploy keys); a check
 * that looked at an Unknown and still passed trusted something it did not know. "Read" is the property access
 * on the parent (`a.policyIsPublic`), so a check that compares the Unknown with `true` or `null` without
 * inspecting it is caught too.
 */
export interface Tracked<T> {
  readonly value: T;
  /** True once any of the watched places was read. */
  readonly touched: () => boolean;
}

export function trackReads<T>(value: T, places: readonly (readonly Segment[])[]): Tracked<T> {
  // The parent objects of the watched places, with the watched keys, found before wrapping.
  const watched = new Map<object, Set<string>>();
  for (const place of places) {
    let parent: unknown = value;
    for (const seg of place.slice(0, -1)) parent = (parent as Record<Segment, unknown>)[seg];
    const key = String(place[place.length - 1]);
    const keys = watched.get(parent as object) ?? new Set<string>();
    keys.add(key);
    watched.set(parent as object, keys);
  }
  let touched = false;
  const note = (target: object, key: string | symbol) => {
    if (typeof key === 'string' && watched.get(target)?.has(key)) touched = true;
  };
  // One proxy per object, so identity (a === a) holds inside the check.
  const proxies = new WeakMap<object, object>();
  const wrap = (node: unknown): unknown => {
    if (typeof node !== 'object' || node === null) return node;
    const cached = proxies.get(node);
    if (cached) return cached;
    const proxy = new Proxy(node, {
      get(target, key, receiver) {
        note(target, key);
        return wrap(Reflect.get(target, key, receiver));
      },
      has(target, key) {
        note(target, key);
        return Reflect.has(target, key);
      },
      getOwnPropertyDescriptor(target, key) {
        note(target, key);
        return Reflect.getOwnPropertyDescriptor(target, key);
      },
    });
    proxies.set(node, proxy);
    return proxy;
  };
  return { value: wrap(value) as T, touched: () => touched };
}
