import { AsyncLocalStorage } from 'node:async_hooks';
import { compareText } from '../util/compare.js';

/**
 * Per-collection API accounting: every HTTP attempt (retries included), how many were throttled,
 * and calls per operation. Recorded with each collection so an auditor and an operator can see
 * how much a scope cost and whether it was rate-limited.
 *
 * It also says which calls served which piece of work: `attribute(fn)` runs fn and returns the
 * operations counted while it ran — in nested awaits and Promise.all branches too, because the
 * frame travels with the async context (AsyncLocalStorage), not with a global "current" variable
 * that concurrent work would overwrite. Collectors build an observation's `source` from it, so the
 * evidence names the calls that were actually made (a denied call was made, and is named).
 */

/** An attribution frame: the operations one `attribute()` call has seen, and whose accounting it belongs to. */
interface Frame {
  readonly owner: CallStats;
  readonly operations: Set<string>;
}

/**
 * ONE AsyncLocalStorage for every CallStats, not one per instance: Node keeps each storage that was
 * ever entered in a process-wide list and visits every entry on every promise it creates, so a storage
 * per collection made each run slower than the one before (the daemon and the demo's 90-day backfill
 * create thousands of collections in one process). Frames carry their owner instead.
 */
const frames = new AsyncLocalStorage<readonly Frame[]>();

/** A value and the operations counted while it was computed, sorted. */
export interface Attributed<T> {
  readonly value: T;
  readonly operations: readonly string[];
}

export class CallStats {
  calls = 0;
  throttles = 0;
  readonly byOperation: Record<string, number> = {};
  /**
   * Counts one HTTP attempt. `attribute: false` counts without attributing, for a hook that may run in
   * another caller's async context (a request queued behind a rate limiter); that client then attributes
   * with `attributeOperation` where the caller's context is certain.
   */
  recordCall(operation: string, attribute = true): void {
    this.calls += 1;
    this.byOperation[operation] = (this.byOperation[operation] ?? 0) + 1;
    if (attribute) this.attributeOperation(operation);
  }

  /** Adds `operation` to every attribution frame open in the current async context (no count). */
  attributeOperation(operation: string): void {
    for (const frame of frames.getStore() ?? []) if (frame.owner === this) frame.operations.add(operation);
  }

  recordThrottle(): void {
    this.throttles += 1;
  }

  /**
   * Runs fn and returns its value with the operations counted while it ran (frames nest: an inner
   * attribution's calls also belong to the outer one). A throw propagates: the caller's own error
   * handling (an Outcome) decides what a failure means, and a failed call is still in the frame.
   */
  async attribute<T>(fn: () => Promise<T>): Promise<Attributed<T>> {
    const frame: Frame = { owner: this, operations: new Set<string>() };
    const value = await frames.run([...(frames.getStore() ?? []), frame], fn);
    return { value, operations: [...frame.operations].sort(compareText) };
  }
}
