import { describe, expect, it } from 'vitest';
import { RunCache } from '../../src/model/run-cache.js';

describe('RunCache (answers shared by the scopes of one run)', () => {
  it('loads a key once, for sequential and concurrent askers', async () => {
    const cache = new RunCache();
    let loads = 0;
    const load = async () => {
      loads += 1;
      await new Promise((r) => setTimeout(r, 5));
      return 'doc';
    };
    expect(await Promise.all([cache.once('k', load), cache.once('k', load)])).toEqual(['doc', 'doc']);
    expect(await cache.once('k', load)).toBe('doc');
    expect(loads).toBe(1);
  });

  it('forgets a failed load: a waiter loads for itself and a later asker tries again', async () => {
    const cache = new RunCache();
    const calls: string[] = [];
    const failing = cache.once('k', async () => {
      calls.push('first');
      throw new Error('denied');
    });
    const waiter = cache.once('k', async () => {
      calls.push('waiter');
      return 'own answer';
    });
    await expect(failing).rejects.toThrow('denied');
    expect(await waiter).toBe('own answer');
    expect(await cache.once('k', async () => 'never called')).toBe('own answer');
    expect(calls).toEqual(['first', 'waiter']);
  });
});
