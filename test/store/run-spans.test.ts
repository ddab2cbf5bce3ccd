import { describe, expect, it } from 'vitest';
import { runIdSpans } from '../../src/store/run-spans.js';

const shape = (ids: number[]) => runIdSpans(ids).map((s) => [s.first, s.last, [...s.wanted]]);

describe('runIdSpans (range reads of run rows for seal checks and day contexts)', () => {
  it('a dense list is cut every 64 ids; repeats and order do not matter', () => {
    const ids = Array.from({ length: 130 }, (_, i) => 130 - i);
    expect(runIdSpans([...ids, 5, 5]).map((s) => [s.first, s.last, s.wanted.size])).toEqual([
      [1, 64, 64],
      [65, 128, 64],
      [129, 130, 2],
    ]);
  });

  it('ids more than 2 apart start a new range, so a sparse list reads no stretch of other runs', () => {
    expect(shape([1, 3, 10, 11, 13, 40])).toEqual([
      [1, 3, [1, 3]],
      [10, 13, [10, 11, 13]],
      [40, 40, [40]],
    ]);
    expect(runIdSpans([])).toEqual([]);
  });
});
