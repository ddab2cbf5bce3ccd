import type { EvidenceSource } from '../period/index.js';

/**
 * The source with each result set decoded once: a daily report reads the same sets for its findings, its AWS Config
 * comparison and its diff with the day before (34 of 180 reads at the benchmark's default size, ~3,500 blob
 * decompressions and hash checks; issue 15). A set is checked against its hash when first read, as always.
 *
 * For one report's reader only: it keeps every set it has read, so a long-lived reader (the daemon's, a period's)
 * must not use it. Callers get the same array each time and must not change it (none does: they copy or map it).
 */
export function rememberingResults<S extends Pick<EvidenceSource, 'results'>>(source: S): S {
  const read = new Map<string, ReturnType<S['results']>>();
  const results = (hash: string) => {
    let found = read.get(hash);
    if (found === undefined) read.set(hash, (found = source.results(hash) as ReturnType<S['results']>));
    return found;
  };
  return new Proxy(source, {
    get(target, prop) {
      if (prop === 'results') return results;
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
