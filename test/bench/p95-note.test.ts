import { describe, expect, it } from 'vitest';
import { p95Note } from './estate-scale/targets.js';
import { percentile } from './estate-scale/percentile.js';

/** The p95 figure's note names the run it is, by the same nearest rank the percentile is read with. */
describe('p95Note', () => {
  it('of 20 runs or more names the nearest rank; of fewer, says it is the slowest', () => {
    expect(p95Note(20)).toBe('nearest rank 19 of 20');
    expect(p95Note(320)).toBe('nearest rank 304 of 320');
    expect(p95Note(19)).toBe('nearest rank: of fewer than 20 runs, the slowest');
    expect(p95Note(2)).toBe('nearest rank: of fewer than 20 runs, the slowest');
  });

  it('names the rank the percentile reads: the 304th of 320 sorted runs, the slowest of 19', () => {
    const runs = (n: number) => Array.from({ length: n }, (_, i) => n - i);
    expect(percentile(runs(320), 95)).toBe(304);
    expect(percentile(runs(19), 95)).toBe(19);
  });
});
