import { silentLogger } from '../../src/log.js';
import { collectAll, type CollectedScope } from '../../src/runner/collect.js';
import type { AppConfig } from '../../src/config/schema.js';

/**
 * One run's collection through the real runner (collectAll: its run cache, concurrency, scope errors) at a fixed
 * time, with no previous run, no sleeping between retries and no secrets to redact: the set-up of the tests that
 * count what a whole run asks of the fakes.
 */
export function collectForTest(collectors: Parameters<typeof collectAll>[0], config: AppConfig, o: { readonly now: Date; readonly concurrency?: number }): Promise<CollectedScope[]> {
  return collectAll(collectors, config, {
    log: silentLogger,
    clock: () => o.now,
    sleep: async () => undefined,
    secrets: [],
    concurrency: o.concurrency ?? 1,
    previous: () => null,
  });
}
