import type { Logger } from 'pino';
import { createGithubCollector } from '../../collectors/github/collector.js';
import { openStore } from '../engine/config-resolution.js';
import { DISCOVERERS, type Registry } from '../registry/index.js';
import { executeRun } from '../runner/run.js';
import { AttestationLedger } from '../programme/attestation-ledger.js';
import { seedDemoAttestation } from './attestation.js';
import { applyDrift, HISTORY, type HistoryScenario } from './history-scenario.js';
import type { LiveEstate } from './live-estate.js';

const noWait = () => Promise.resolve();

/**
 * The registry's collectors, with GitHub's client on a millisecond time scale: its throttling plugin paces GraphQL
 * requests 1 s apart in real time, which would add seconds to every simulated day against the loopback fake
 * (as `noWait` does for the runner's own sleeps, the backfill does not pace simulated days in real time).
 */
function backfillCollectors(registry: Registry): Registry['collectors'] {
  return registry.collectors.map((c) => (c.id === 'github' ? (createGithubCollector({ timeScaleMs: 1 }) as unknown as typeof c) : c));
}

export interface BackfillResult {
  readonly runs: number;
  readonly skippedDays: readonly string[];
  readonly elapsedMs: number;
}

/**
 * Writes the demo's simulated history into a new demo store: one real run per past day (the real
 * pipeline, trigger `demo`, against the fakes), each with the simulated time of that day as the run's
 * clock and the fakes' clock, so the evidence reads as 90 days of operation. The drift is applied to
 * the estate on its days; outage days get no run at all. Today is left to the live schedule.
 */
export async function backfillHistory(opts: {
  readonly dbPath: string;
  readonly live: LiveEstate;
  readonly registry: Registry;
  readonly log: Logger;
  readonly now: Date;
  /** The 90-day demo history unless given (tests use a short one). */
  readonly scenario?: HistoryScenario;
  readonly onDay?: (day: string, index: number, total: number) => void;
}): Promise<BackfillResult> {
  const { live, registry, log } = opts;
  const collectors = backfillCollectors(registry);
  const scenario = opts.scenario ?? HISTORY;
  const started = Date.now();
  const today = Date.UTC(opts.now.getUTCFullYear(), opts.now.getUTCMonth(), opts.now.getUTCDate());
  const store = openStore(opts.dbPath, false);
  const saved: { lock?: unknown } = {};
  const skippedDays: string[] = [];
  let runs = 0;
  try {
    if (store.latestSealedRun() !== undefined) throw new Error(`${opts.dbPath} already holds runs: the history is only written into a new store`);
    const checks = registry.checks.filter((c) => c.enabled);
    if (scenario.accessReview !== undefined) {
      seedDemoAttestation(opts.dbPath, live.config, new Date(today + scenario.accessReview * 86_400_000 + (scenario.runHourUtc - 1) * 3_600_000));
    }
    const ledger = AttestationLedger.open(opts.dbPath);
    const attested = (() => {
      try {
        return ledger.list();
      } finally {
        ledger.close();
      }
    })();
    for (let offset = -(scenario.days - 1); offset < 0; offset++) {
      const at = today + offset * 86_400_000 + scenario.runHourUtc * 3_600_000;
      const day = new Date(at).toISOString().slice(0, 10);
      opts.onDay?.(day, offset + scenario.days - 1, scenario.days - 1);
      if ((scenario.outage as readonly number[]).includes(offset)) {
        skippedDays.push(day);
        continue;
      }
      applyDrift(live.estate, scenario.drift, offset >= scenario.drift.from && offset <= scenario.drift.to, saved);
      // The run's clock starts at the simulated instant and advances in real time, so durations stay real.
      const realStart = Date.now();
      const clock = () => new Date(at + (Date.now() - realStart));
      live.setClock(clock);
      // No real waits: the fakes answer at once, and pacing a simulated day in real time only slows the backfill.
      // What a live run passes (src/engine/pipeline.ts): the attestations recorded before it started, sealed by it.
      const attestations = attested.filter((a) => Date.parse(a.recordedAt) < at);
      // One thread: starting collection threads would be most of each of these short runs (collection-threads.ts).
      await executeRun({ config: { ...live.config, collectionThreads: 1 }, collectors, discoverers: DISCOVERERS, checks, store, log, trigger: 'demo', clock, sleep: noWait, attestations });
      runs += 1;
    }
  } finally {
    applyDrift(live.estate, scenario.drift, false, saved);
    live.setClock(undefined);
    store.close();
  }
  return { runs, skippedDays, elapsedMs: Date.now() - started };
}
