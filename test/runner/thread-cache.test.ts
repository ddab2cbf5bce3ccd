import { describe, expect, it } from 'vitest';
import { MessageChannel } from 'node:worker_threads';
import { ThreadCache } from '../../src/runner/thread-cache.js';
import type { FromThread } from '../../src/runner/thread-protocol.js';

/** A collection thread's client of the run's cache (src/runner/thread-cache.ts), driven as the run drives it. */
describe('ThreadCache', () => {
  const harness = () => {
    const sent: FromThread[] = [];
    const channel = new MessageChannel();
    // Real structured cloning, as a thread's parentPort does it: what cannot be copied throws here.
    const cache = new ThreadCache((m) => {
      channel.port1.postMessage(m);
      sent.push(m);
    });
    return { sent, cache, close: () => channel.port1.close() };
  };
  const settle = () => new Promise((r) => setImmediate(r));

  it('asks the run first; loads only when the run says so; resolves with the run’s shared answer', async () => {
    const { sent, cache, close } = harness();
    let loads = 0;
    const answer = cache.once('aws-managed-policy:arn:aws:iam::aws:policy/ReadOnlyAccess', async () => {
      loads += 1;
      return { document: 'mine' };
    });
    expect(sent).toEqual([{ type: 'cache-claim', id: 1, key: 'aws-managed-policy:arn:aws:iam::aws:policy/ReadOnlyAccess' }]);
    expect(loads).toBe(0);
    cache.receive({ type: 'cache-load', id: 1 });
    await settle();
    expect(loads).toBe(1);
    expect(sent[1]).toEqual({ type: 'cache-loaded', id: 1, ok: true, value: { document: 'mine' } });
    // Another thread's answer won meanwhile: the run's answer is the one every asker gets.
    cache.receive({ type: 'cache-value', id: 1, value: { document: 'shared' } });
    await expect(answer).resolves.toEqual({ document: 'shared' });
    close();
  });

  it('an answer the run already has is never loaded here', async () => {
    const { cache, close } = harness();
    let loads = 0;
    const answer = cache.once('k', async () => (loads += 1));
    cache.receive({ type: 'cache-value', id: 1, value: 42 });
    await expect(answer).resolves.toBe(42);
    expect(loads).toBe(0);
    close();
  });

  it('a failed load reaches its own caller as the very error it threw (its class and fields), never shared', async () => {
    const { sent, cache, close } = harness();
    class Denied extends Error {
      readonly code = 'AccessDenied';
    }
    const thrown = new Denied('iam:GetPolicy denied');
    const answer = cache.once('k', async () => {
      throw thrown;
    });
    cache.receive({ type: 'cache-load', id: 1 });
    await settle();
    expect(sent[1]).toEqual({ type: 'cache-loaded', id: 1, ok: false });
    cache.receive({ type: 'cache-error', id: 1, message: 'the load failed in its thread' });
    await expect(answer).rejects.toBe(thrown);
    close();
  });

  it('an answer that cannot be copied between threads fails its caller loudly, naming why', async () => {
    const { sent, cache, close } = harness();
    const answer = cache.once('k', async () => ({ parse: () => 1 }));
    cache.receive({ type: 'cache-load', id: 1 });
    await settle();
    expect(sent.at(-1)).toEqual({ type: 'cache-loaded', id: 1, ok: false });
    cache.receive({ type: 'cache-error', id: 1, message: 'the load failed in its thread' });
    await expect(answer).rejects.toThrow(/run cache: the answer cannot be passed between threads \(.*could not be cloned/);
    close();
  });
});
