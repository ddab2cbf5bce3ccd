import type { SharedCache } from '../model/run-cache.js';
import type { FromThread, ToThread } from './thread-protocol.js';

type CacheReply = Extract<ToThread, { type: 'cache-load' | 'cache-value' | 'cache-error' }>;

interface Claim {
  readonly load: () => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  /** This thread's own failed load: its caller gets that error itself (its class and fields), never a copy. */
  failure?: unknown;
}

/**
 * A collection thread's view of the run's RunCache (src/model/run-cache.ts). Every `once` is a claim the run
 * decides: an answer another thread (or the run's own) already has or is loading is shared; otherwise the run
 * asks this thread to load it, and then hands that answer to whoever else waits. So a run with collection
 * threads reads each shared answer (an account's proof, an AWS-managed policy, a region's recorders) once, as
 * a run on one thread does, and a failed load is still its own caller's alone (RunCache forgets failures).
 */
export class ThreadCache implements SharedCache {
  private readonly claims = new Map<number, Claim>();
  private next = 0;

  constructor(private readonly post: (message: FromThread) => void) {}

  once<T>(key: string, load: () => Promise<T>): Promise<T> {
    const id = (this.next += 1);
    return new Promise<T>((resolve, reject) => {
      this.claims.set(id, { load, resolve: resolve as (value: unknown) => void, reject });
      this.post({ type: 'cache-claim', id, key });
    });
  }

  /** Handles the run's reply to a claim. */
  receive(message: CacheReply): void {
    const claim = this.claims.get(message.id);
    if (claim === undefined) return;
    if (message.type === 'cache-load') {
      void this.load(message.id, claim);
      return;
    }
    this.claims.delete(message.id);
    if (message.type === 'cache-value') claim.resolve(message.value);
    else claim.reject(claim.failure ?? new Error(message.message));
  }

  private async load(id: number, claim: Claim): Promise<void> {
    let value: unknown;
    try {
      value = await claim.load();
    } catch (error) {
      claim.failure = error;
      this.post({ type: 'cache-loaded', id, ok: false });
      return;
    }
    try {
      this.post({ type: 'cache-loaded', id, ok: true, value });
    } catch (error) {
      // An answer structured clone cannot copy (a function, a class's private state) cannot be shared: a loud failure.
      claim.failure = new Error(`run cache: the answer cannot be passed between threads (${error instanceof Error ? error.message : String(error)})`);
      this.post({ type: 'cache-loaded', id, ok: false });
    }
  }
}
