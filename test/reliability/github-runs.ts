import { createGithubCollector } from '../../collectors/github/collector.js';
import type { AppConfig } from '../../src/config/schema.js';
import { silentLogger } from '../../src/log.js';
import type { Observation } from '../../src/model/observation.js';
import { DISCOVERERS, loadRegistry } from '../../src/registry/index.js';
import { executeRun, type RunOutcome } from '../../src/runner/run.js';
import type { EvidenceStore } from '../../src/store/index.js';

/**
 * One GitHub run through the real runner into a real store, at a chosen clock: the reliability tests walk
 * sequences of good, failed and partial runs with it.
 */
// Retry and throttle waits scaled down (GithubCollectorOptions.timeScaleMs), so failing calls cost milliseconds.
const githubCollector = createGithubCollector({ timeScaleMs: 5 });

export function runGithubAt(store: EvidenceStore, config: AppConfig, at: Date): Promise<RunOutcome> {
  const registry = loadRegistry(config);
  const types = new Set(Object.keys(githubCollector.produces));
  return executeRun({
    config,
    collectors: [githubCollector],
    discoverers: DISCOVERERS,
    checks: registry.checks.filter((c) => c.enabled && types.has(c.definition.observationType)),
    store,
    log: silentLogger,
    trigger: 'test',
    clock: () => at,
    sleep: async () => {},
  });
}

/** The observations of one type that a sealed run stored for collector × scope, read back from the store. */
export function storedObservations<A = Record<string, unknown>>(store: EvidenceStore, runId: number, collector: string, scope: string, type: string): Observation<A>[] {
  const row = store.collections(runId).find((c) => c.collector === collector && c.scope === scope);
  if (row === undefined) return [];
  const manifest = store.manifest(row.manifestHash);
  return Object.values(manifest.observations)
    .map((hash) => store.getBlob<Observation<A>>(hash))
    .filter((o) => o.type === type);
}
