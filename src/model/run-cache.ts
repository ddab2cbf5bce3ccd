/**
 * What a collector is handed as its run's cache: RunCache on the run's own thread, and in a collection thread
 * (src/runner/collect-worker.ts) a client of the run's RunCache, so that one run still reads each answer once
 * whichever thread asks first.
 */
export interface SharedCache {
  once<T>(key: string, load: () => Promise<T>): Promise<T>;
}

/**
 * Work shared by every scope of one run. Some answers are the same in every account — an AWS-managed policy's
 * document is AWS's, identical wherever it is attached — so one run reads each once, whichever scope asks
 * first, instead of once per account. The runner makes one cache per run, shared by every collector, and hands
 * it to every collection (CollectContext.runCache); keys name what they hold (`aws-managed-policy:<arn>`); nothing survives the run, so each day's evidence is read that day.
 *
 * A failed load is forgotten and never served as another scope's answer: a scope that was waiting on it
 * loads for itself (its own account's call may succeed, and its own failure is then its own reason).
 * Concurrent askers share one in-flight load.
 */
export class RunCache implements SharedCache {
  private readonly entries = new Map<string, Promise<unknown>>();

  once<T>(key: string, load: () => Promise<T>): Promise<T> {
    const shared = this.entries.get(key) as Promise<T> | undefined;
    if (shared === undefined) return this.start(key, load);
    return shared.catch(() => this.once(key, load));
  }

  private start<T>(key: string, load: () => Promise<T>): Promise<T> {
    const pending = load();
    this.entries.set(key, pending);
    pending.catch(() => {
      if (this.entries.get(key) === pending) this.entries.delete(key);
    });
    return pending;
  }
}
