/**
 * The store with some of its methods replaced and the rest bound to it: the read side the period layer and the
 * report are given in tests that count what they open (getBlob, results, manifest) or withhold something
 * (manifestTypeCounts of a store written before the counts existed). An override calls the store itself for the
 * real answer.
 */
export function storeWith<S extends object>(store: S, overrides: Partial<S>): S {
  return new Proxy(store, {
    get(target, prop) {
      if (Object.prototype.hasOwnProperty.call(overrides, prop)) return overrides[prop as keyof S];
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
