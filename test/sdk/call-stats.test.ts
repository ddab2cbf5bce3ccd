import { describe, expect, it, vi } from 'vitest';

/**
 * Node visits every AsyncLocalStorage ever entered on each promise the process creates, so a storage per
 * CallStats (one per collection) made every run of a long-lived process slower than the one before: the
 * demo's 90-day backfill took minutes, and a daemon would slow down forever. The storages are counted
 * here by wrapping the class the module imports.
 */
const created = vi.hoisted(() => ({ storages: 0 }));
vi.mock('node:async_hooks', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:async_hooks')>();
  class CountedStorage<T> extends real.AsyncLocalStorage<T> {
    constructor() {
      super();
      created.storages += 1;
    }
  }
  return { ...real, AsyncLocalStorage: CountedStorage };
});

const { CallStats } = await import('../../src/sdk/call-stats.js');

describe('CallStats', () => {
  it('uses one async storage for every instance, however many collections a process runs', async () => {
    for (let i = 0; i < 200; i++) {
      const stats = new CallStats();
      await stats.attribute(async () => stats.recordCall('s3:GetBucketPolicy'));
    }
    expect(created.storages).toBe(1);
  });

  it('attributes an operation only to the frames of the instance that counted it, across nesting and parallel branches', async () => {
    const a = new CallStats();
    const b = new CallStats();
    const outer = await a.attribute(async () => {
      const [left, right] = await Promise.all([
        a.attribute(async () => {
          await Promise.resolve();
          a.recordCall('iam:GetUser');
        }),
        b.attribute(async () => {
          await Promise.resolve();
          b.recordCall('s3:ListBuckets');
          a.attributeOperation('iam:ListUsers');
        }),
      ]);
      expect(left.operations).toEqual(['iam:GetUser']);
      // b's frame saw b's call only; a's operation counted inside b's branch belongs to a's open outer frame.
      expect(right.operations).toEqual(['s3:ListBuckets']);
    });
    expect(outer.operations).toEqual(['iam:GetUser', 'iam:ListUsers']);
    expect(a.calls).toBe(1);
    expect(b.byOperation).toEqual({ 's3:ListBuckets': 1 });
  });
});
