import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import { createAlerter, eventsAfterRun, missedSlotsEvent, type Alerter } from '../alerts/index.js';
import { durationMs } from '../config/daemon-schema.js';
import type { AppConfig } from '../config/schema.js';
import { runPipeline, type PipelineResult } from '../engine/pipeline.js';
import type { RunOutcome, Trigger } from '../runner/run.js';
import { EvidenceStore, type LockHolder, type SlotEvent } from '../store/index.js';
import { scrubText, secretValues } from '../util/redact.js';
import { nextSlot, slotIso, slotsBetween } from './slots.js';
import { acquireWriterLock } from './writer-lock.js';

export const REASON_AGENT_DOWN = 'agent down: no daemon was running at the scheduled time';

export interface DaemonOptions {
  readonly config: AppConfig;
  readonly dbPath: string;
  readonly log: Logger;
  /** Time for the ledger and missed-slot arithmetic (node-cron's wake-ups use the real clock). */
  readonly clock?: () => Date;
  /** Recorded on each run: `schedule` (production evidence) by default; `demo --serve` passes `demo`. */
  readonly trigger?: Trigger;
  /**
   * One run. Default: the engine's runPipeline over `config` and `dbPath` (what `run` and `demo`
   * call). `demo --serve` may pass its own (the demo config with the fakes' endpoints).
   */
  readonly runOnce?: (trigger: Trigger, onRunStarted: (runId: number) => void) => Promise<PipelineResult>;
  /** Called after each sealed run (metrics, tests); errors are logged, never stop the daemon. */
  readonly onRunSealed?: (outcome: RunOutcome) => void | Promise<void>;
}

export interface Daemon {
  /** Stops taking work, lets the current run finish within `schedule.shutdownGrace` or leaves it incomplete, closes the store and the lock. */
  stop(reason?: string): Promise<void>;
  /** Resolves once stopped (after stop(), or when the writer lock was lost). */
  readonly stopped: Promise<void>;
  /** Resolves when no run is in progress (tests; the catch-up run on start included). */
  idle(): Promise<void>;
  /** The next scheduled slot (UTC ISO), null once stopped. */
  nextSlot(): string | null;
  /** This daemon as the `locks` row names it. */
  readonly holder: LockHolder;
}

interface Current {
  readonly slotAt: string;
  runId: number | null;
  done: Promise<void>;
}

/**
 * The daemon: holds the database's writer lock for its life, records every scheduled slot in the
 * ledger (expected → running → ran, or missed / skipped with the reason), catches up the latest slot
 * missed while it was down when it is within `schedule.catchUpWindow`, and never overlaps runs (a
 * slot that falls during a run is recorded `skipped`). Alerts go out after each sealed run and for
 * missed slots. Throws WriterLockError (naming the holder) when another process writes the database.
 */
export async function startDaemon(opts: DaemonOptions): Promise<Daemon> {
  const { config, log } = opts;
  const clock = opts.clock ?? (() => new Date());
  const trigger = opts.trigger ?? 'schedule';
  const schedule = config.schedule;
  const graceMs = durationMs(schedule.shutdownGrace);
  const catchUpMs = durationMs(schedule.catchUpWindow);
  const secrets = secretValues(config);
  const runOnce = opts.runOnce ?? ((t, onRunStarted) => runPipeline(config, opts.dbPath, t, log, onRunStarted));

  let stopping = false;
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => (resolveStopped = r));
  let stopPromise: Promise<void> | null = null;
  let task: ScheduledTask | null = null;
  let current: Current | null = null;
  /** Set when the grace period ran out: the run still going must not record anything more. */
  let abandoned: Current | null = null;
  let closed = false;

  const lock = await acquireWriterLock(opts.dbPath, { log, onCompromised: () => void stop('the writer lock was lost') });
  let store: EvidenceStore;
  try {
    store = EvidenceStore.open(opts.dbPath);
    store.assertAccepts(trigger);
  } catch (err) {
    await lock.release();
    throw err;
  }
  const alerter: Alerter = createAlerter({ config: config.alerts, store, log, clock, secrets });

  const record = (events: SlotEvent[]) => {
    if (events.length > 0 && !closed) store.appendSlotEvents(events);
  };
  const event = (slotAt: string, status: SlotEvent['status'], runId: number | null, reason: string | null): SlotEvent => ({
    slotAt,
    status,
    runId,
    reason,
    recordedAt: clock().toISOString(),
  });

  const sendAlerts = async (build: () => Parameters<Alerter['send']>[0]) => {
    if (config.alerts.webhooks.length === 0) return;
    try {
      await alerter.send(build());
    } catch (err) {
      log.error({ err: scrubText((err as Error).message, secrets) }, 'alerts could not be computed or sent');
    }
  };

  /** States the next slot in the ledger, so a crash before it leaves an `expected` row that a restart turns into `missed`. */
  const expectNext = () => {
    if (stopping) return;
    const next = nextSlot(schedule.cron, schedule.timezone, clock());
    const latest = store.latestSlotEvent();
    if (latest?.slotAt === next) return;
    record([event(next, 'expected', null, null)]);
  };

  const runSlot = (slotAt: string, reason: string | null): void => {
    if (stopping) return;
    if (current) {
      record([event(slotAt, 'skipped', null, `run ${current.runId ?? '(starting)'} for slot ${current.slotAt} was still in progress`)]);
      log.warn({ slot: slotAt, busyWith: current.slotAt }, 'slot skipped: the previous run is still in progress');
      return;
    }
    const entry: Current = { slotAt, runId: null, done: Promise.resolve() };
    entry.done = (async () => {
      const startedMs = Date.now();
      try {
        const { outcome, registry } = await runOnce(trigger, (runId) => {
          entry.runId = runId;
          if (abandoned === entry) {
            // The grace period ran out before this run began collecting: it must not go on writing.
            throw new Error(`daemon stopped before run ${runId} could start collecting`);
          }
          record([event(slotAt, 'running', runId, reason)]);
        });
        if (abandoned === entry) return; // stop() already recorded its slot as missed
        record([event(slotAt, 'ran', outcome.runId, reason)]);
        log.info({ slot: slotAt, runId: outcome.runId, durationMs: Date.now() - startedMs }, 'scheduled run sealed');
        try {
          await opts.onRunSealed?.(outcome);
        } catch (err) {
          log.error({ err: scrubText((err as Error).message, secrets) }, 'onRunSealed failed');
        }
        await sendAlerts(() => eventsAfterRun({ source: store, runId: outcome.runId, registry, config, now: clock() }));
      } catch (err) {
        if (abandoned === entry) return;
        const message = scrubText((err as Error).message, secrets);
        record([event(slotAt, 'missed', entry.runId, `run ${entry.runId === null ? 'failed before it began' : `${entry.runId} failed`}: ${message}`)]);
        log.error({ slot: slotAt, runId: entry.runId, err: message }, 'scheduled run failed');
      }
    })().finally(() => {
      if (current === entry) current = null;
      expectNext();
    });
    current = entry;
  };

  // ── on start: what happened while nobody was running ───────────────────────────────────────────
  const now = clock();
  const last = store.latestSlotEvent();
  const missed: string[] = [];
  const startEvents: SlotEvent[] = [];
  if (last) {
    if ((last.status === 'expected' || last.status === 'running') && Date.parse(last.slotAt) <= now.getTime()) {
      const why = last.status === 'running' ? `agent stopped during run ${last.runId ?? '?'} (the run never sealed)` : REASON_AGENT_DOWN;
      startEvents.push(event(last.slotAt, 'missed', last.runId, why));
      missed.push(last.slotAt);
    }
    for (const slotAt of slotsBetween(schedule.cron, schedule.timezone, last.slotAt, now)) {
      startEvents.push(event(slotAt, 'missed', null, REASON_AGENT_DOWN));
      missed.push(slotAt);
    }
  }
  record(startEvents);
  if (missed.length > 0) {
    log.warn({ missed: missed.length, first: missed[0], last: missed[missed.length - 1] }, 'slots were missed while the agent was down');
    void sendAlerts(() => [missedSlotsEvent(missed, REASON_AGENT_DOWN)!]);
  }
  const latestMissed = missed[missed.length - 1];
  if (latestMissed !== undefined && now.getTime() - Date.parse(latestMissed) <= catchUpMs) {
    const lateS = Math.round((now.getTime() - Date.parse(latestMissed)) / 1000);
    log.info({ slot: latestMissed, lateSeconds: lateS }, 'catching up the latest missed slot');
    runSlot(latestMissed, `catch-up: missed while the agent was down, run ${lateS}s late`);
  } else {
    expectNext();
  }

  task = cron.schedule(schedule.cron, (ctx) => runSlot(slotIso(ctx.date), null), {
    timezone: schedule.timezone,
    name: `controlwatch ${opts.dbPath}`,
  });
  log.info({ cron: schedule.cron, timezone: schedule.timezone, next: nextSlot(schedule.cron, schedule.timezone, clock()), pid: lock.holder.pid, host: lock.holder.host }, 'daemon started');

  async function stop(reason = 'stop requested'): Promise<void> {
    if (stopPromise) return stopPromise;
    stopping = true;
    stopPromise = (async () => {
      log.info({ reason }, 'daemon stopping: no new runs');
      await task?.destroy();
      const running = current;
      if (running) {
        const finished = await Promise.race([running.done.then(() => true), sleep(graceMs).then(() => false)]);
        if (!finished) {
          abandoned = running;
          current = null;
          const runId = running.runId;
          if (runId !== null) store.markRunIncomplete(runId);
          store.appendSlotEvents([
            event(running.slotAt, 'missed', runId, `agent stopped during run ${runId ?? '(starting)'}: the shutdown grace of ${schedule.shutdownGrace} ran out and the run was left incomplete`),
          ]);
          log.warn({ runId, slot: running.slotAt, grace: schedule.shutdownGrace }, 'run left incomplete at shutdown');
        }
      }
      closed = true;
      store.close();
      await lock.release();
      log.info('daemon stopped');
      resolveStopped();
    })();
    return stopPromise;
  }

  return {
    stop,
    stopped,
    idle: async () => {
      while (current) await current.done;
    },
    nextSlot: () => (stopping ? null : nextSlot(schedule.cron, schedule.timezone, clock())),
    holder: lock.holder,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
