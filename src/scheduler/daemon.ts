import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import { createAlerter, eventsAfterRun, missedSlotsEvent, type Alerter } from '../alerts/index.js';
import { durationMs } from '../config/daemon-schema.js';
import type { AppConfig } from '../config/schema.js';
import { runPipeline, type PipelineResult } from '../engine/pipeline.js';
import type { RunOutcome, Trigger } from '../runner/run.js';
import { EvidenceStore, type LockHolder, type SlotEvent, type SlotEventRow } from '../store/index.js';
import { scrubText, secretValues } from '../util/redact.js';
import { loadRegistry } from '../registry/index.js';
import { nextSlot, slotIso, slotsBetween } from './slots.js';
import { planSchedules, type PlannedSchedule } from './schedules.js';
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
   * One run of a schedule (its collectors only when it is a per-collector schedule). Default: the engine's
   * runPipeline over `config` and `dbPath` (what `run` and `demo` call).
   */
  readonly runOnce?: (trigger: Trigger, onRunStarted: (runId: number) => void, schedule: PlannedSchedule) => Promise<PipelineResult>;
  /** The schedules to keep; default planSchedules(config.schedule, the registry's collectors). */
  readonly schedules?: readonly PlannedSchedule[];
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
  /** The next scheduled slot of any schedule (UTC ISO), null once stopped. */
  nextSlot(): string | null;
  /** The schedules this daemon keeps (one unless `schedule.perCollector` gives collectors their own). */
  readonly schedules: readonly PlannedSchedule[];
  /** This daemon as the `locks` row names it. */
  readonly holder: LockHolder;
}

interface Current {
  readonly schedule: PlannedSchedule;
  readonly slotAt: string;
  runId: number | null;
  done: Promise<void>;
}

/** A slot that came due while another schedule's run was going: it starts when that run ends (one writer). */
interface Waiting {
  readonly schedule: PlannedSchedule;
  readonly slotAt: string;
  readonly reason: string | null;
  readonly dueAtMs: number;
}

/**
 * The daemon: holds the database's writer lock for its life, keeps every schedule (the main one and any
 * per-collector ones, schedules.ts), records each schedule's slots in the ledger (expected → running → ran,
 * or missed / skipped with the reason), catches up each schedule's latest slot missed while it was down
 * when it is within `schedule.catchUpWindow`, and never overlaps runs: a slot that comes due during its own
 * schedule's run is `skipped`, one that comes due during another schedule's run waits for it. Alerts go
 * out after each sealed run and for missed slots. Throws WriterLockError (naming the holder) when another
 * process writes the database, ConfigError when a per-collector schedule names no collector.
 */
export async function startDaemon(opts: DaemonOptions): Promise<Daemon> {
  const { config, log } = opts;
  const clock = opts.clock ?? (() => new Date());
  const trigger = opts.trigger ?? 'schedule';
  const graceMs = durationMs(config.schedule.shutdownGrace);
  const catchUpMs = durationMs(config.schedule.catchUpWindow);
  const secrets = secretValues(config);
  const schedules = opts.schedules ?? planSchedules(config.schedule, loadRegistry(config).collectors.map((c) => c.id));
  const runOnce =
    opts.runOnce ?? ((t, onRunStarted, schedule) => runPipeline(config, opts.dbPath, t, log, onRunStarted, { collectors: schedule.collectors }));

  let stopping = false;
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => (resolveStopped = r));
  let stopPromise: Promise<void> | null = null;
  const tasks: ScheduledTask[] = [];
  let current: Current | null = null;
  const waiting: Waiting[] = [];
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
  const event = (schedule: PlannedSchedule, slotAt: string, status: SlotEvent['status'], runId: number | null, reason: string | null): SlotEvent => ({
    slotAt,
    status,
    runId,
    reason,
    recordedAt: clock().toISOString(),
    schedule: schedule.id,
  });

  const sendAlerts = async (build: () => Parameters<Alerter['send']>[0]) => {
    if (config.alerts.webhooks.length === 0) return;
    try {
      await alerter.send(build());
    } catch (err) {
      log.error({ err: scrubText((err as Error).message, secrets) }, 'alerts could not be computed or sent');
    }
  };

  /** States a schedule's next slot in the ledger, so a crash before it leaves an `expected` row that a restart turns into `missed`. */
  const expectNext = (schedule: PlannedSchedule) => {
    if (stopping) return;
    const next = nextSlot(schedule.cron, schedule.timezone, clock());
    if (latestSlotEventOf(store, schedule.id, clock())?.slotAt === next) return;
    record([event(schedule, next, 'expected', null, null)]);
  };

  const startNextWaiting = () => {
    if (stopping || current) return;
    const next = waiting.shift();
    if (!next) return;
    const waitedS = Math.round((Date.now() - next.dueAtMs) / 1000);
    const why = `waited ${waitedS}s for the previous run to end (one writer per database)`;
    startRun(next.schedule, next.slotAt, next.reason ? `${next.reason}; ${why}` : why);
  };

  const runSlot = (schedule: PlannedSchedule, slotAt: string, reason: string | null): void => {
    if (stopping) return;
    if (current?.schedule.id === schedule.id) {
      record([event(schedule, slotAt, 'skipped', null, `run ${current.runId ?? '(starting)'} for slot ${current.slotAt} was still in progress`)]);
      log.warn({ schedule: schedule.id, slot: slotAt, busyWith: current.slotAt }, 'slot skipped: the previous run of its schedule is still in progress');
      return;
    }
    if (current) {
      const queued = waiting.findIndex((w) => w.schedule.id === schedule.id);
      if (queued >= 0) {
        const older = waiting.splice(queued, 1)[0]!;
        record([event(schedule, older.slotAt, 'skipped', null, `slot ${slotAt} of the same schedule came due before this one could start`)]);
      }
      waiting.push({ schedule, slotAt, reason, dueAtMs: Date.now() });
      log.info({ schedule: schedule.id, slot: slotAt, busyWith: `${current.schedule.id} ${current.slotAt}` }, 'slot waits for the run in progress');
      return;
    }
    startRun(schedule, slotAt, reason);
  };

  const startRun = (schedule: PlannedSchedule, slotAt: string, reason: string | null): void => {
    const entry: Current = { schedule, slotAt, runId: null, done: Promise.resolve() };
    entry.done = (async () => {
      const startedMs = Date.now();
      try {
        const { outcome, registry } = await runOnce(
          trigger,
          (runId) => {
            entry.runId = runId;
            if (abandoned === entry) {
              // The grace period ran out before this run began collecting: it must not go on writing.
              throw new Error(`daemon stopped before run ${runId} could start collecting`);
            }
            record([event(schedule, slotAt, 'running', runId, reason)]);
          },
          schedule,
        );
        if (abandoned === entry) return; // stop() already recorded its slot as missed
        record([event(schedule, slotAt, 'ran', outcome.runId, reason)]);
        log.info({ schedule: schedule.id, slot: slotAt, runId: outcome.runId, durationMs: Date.now() - startedMs }, 'scheduled run sealed');
        try {
          await opts.onRunSealed?.(outcome);
        } catch (err) {
          log.error({ err: scrubText((err as Error).message, secrets) }, 'onRunSealed failed');
        }
        // With several schedules, changes are measured against the same schedule's previous run (alerts/events.ts).
        const previousRunId = schedules.length > 1 ? previousRanRunOf(store, schedule.id, outcome.runId, clock()) : undefined;
        await sendAlerts(() => eventsAfterRun({ source: store, runId: outcome.runId, registry, config, now: clock(), ...(previousRunId !== undefined ? { previousRunId } : {}) }));
      } catch (err) {
        if (abandoned === entry) return;
        const message = scrubText((err as Error).message, secrets);
        record([event(schedule, slotAt, 'missed', entry.runId, `run ${entry.runId === null ? 'failed before it began' : `${entry.runId} failed`}: ${message}`)]);
        log.error({ schedule: schedule.id, slot: slotAt, runId: entry.runId, err: message }, 'scheduled run failed');
      }
    })().finally(() => {
      if (current === entry) current = null;
      expectNext(schedule);
      startNextWaiting();
    });
    current = entry;
  };

  // ── on start: what happened to each schedule while nobody was running ──────────────────────────
  const now = clock();
  const catchUps: { schedule: PlannedSchedule; slotAt: string; lateS: number }[] = [];
  for (const schedule of schedules) {
    const last = latestSlotEventOf(store, schedule.id, now);
    const missed: string[] = [];
    const startEvents: SlotEvent[] = [];
    if (last) {
      if ((last.status === 'expected' || last.status === 'running') && Date.parse(last.slotAt) <= now.getTime()) {
        const why = last.status === 'running' ? `agent stopped during run ${last.runId ?? '?'} (the run never sealed)` : REASON_AGENT_DOWN;
        startEvents.push(event(schedule, last.slotAt, 'missed', last.runId, why));
        missed.push(last.slotAt);
      }
      for (const slotAt of slotsBetween(schedule.cron, schedule.timezone, last.slotAt, now)) {
        startEvents.push(event(schedule, slotAt, 'missed', null, REASON_AGENT_DOWN));
        missed.push(slotAt);
      }
    }
    record(startEvents);
    if (missed.length > 0) {
      log.warn({ schedule: schedule.id, missed: missed.length, first: missed[0], last: missed[missed.length - 1] }, 'slots were missed while the agent was down');
      void sendAlerts(() => [missedSlotsEvent(missed, REASON_AGENT_DOWN, schedule.id)!]);
    }
    const latestMissed = missed[missed.length - 1];
    if (latestMissed !== undefined && now.getTime() - Date.parse(latestMissed) <= catchUpMs) {
      catchUps.push({ schedule, slotAt: latestMissed, lateS: Math.round((now.getTime() - Date.parse(latestMissed)) / 1000) });
    } else {
      expectNext(schedule);
    }
  }
  // A schedule dropped from the configuration (a per-collector entry removed or changed) leaves its last
  // slot stated as expected: close it, so the ledger does not show a slot that will never come.
  const configured = new Set(schedules.map((sc) => sc.id));
  const dropped = new Map<string, SlotEventRow>();
  for (const e of store.slotEventsBetween(new Date(now.getTime() - 40 * 86_400_000).toISOString(), new Date(now.getTime() + 366 * 86_400_000).toISOString())) {
    if (!configured.has(e.schedule)) dropped.set(e.schedule, e);
  }
  for (const [id, last] of dropped) {
    if (last.status !== 'expected' && last.status !== 'running') continue;
    const gone: PlannedSchedule = { id, cron: '', timezone: 'UTC', collectors: [] };
    const why = `schedule ${id} is no longer in the configuration`;
    record([event(gone, last.slotAt, Date.parse(last.slotAt) <= now.getTime() ? 'missed' : 'skipped', last.runId, why)]);
    log.info({ schedule: id, slot: last.slotAt }, 'closed the last slot of a schedule no longer configured');
  }
  for (const c of catchUps) {
    log.info({ schedule: c.schedule.id, slot: c.slotAt, lateSeconds: c.lateS }, 'catching up the latest missed slot');
    runSlot(c.schedule, c.slotAt, `catch-up: missed while the agent was down, run ${c.lateS}s late`);
  }

  for (const schedule of schedules) {
    tasks.push(
      cron.schedule(schedule.cron, (ctx) => runSlot(schedule, slotIso(ctx.date), null), {
        timezone: schedule.timezone,
        name: `controlwatch ${schedule.id} ${opts.dbPath}`,
      }),
    );
  }
  log.info(
    {
      schedules: schedules.map((sc) => ({ id: sc.id, cron: sc.cron, timezone: sc.timezone, collectors: sc.collectors ?? 'all', next: nextSlot(sc.cron, sc.timezone, clock()) })),
      pid: lock.holder.pid,
      host: lock.holder.host,
    },
    'daemon started',
  );

  async function stop(reason = 'stop requested'): Promise<void> {
    if (stopPromise) return stopPromise;
    stopping = true;
    stopPromise = (async () => {
      log.info({ reason }, 'daemon stopping: no new runs');
      for (const task of tasks) await task.destroy();
      // Slots waiting for the run in progress will not run now: the ledger says so.
      for (const w of waiting.splice(0)) {
        record([event(w.schedule, w.slotAt, 'missed', null, `agent stopped (${reason}) while the slot waited for another schedule's run`)]);
      }
      const running = current;
      if (running) {
        const finished = await Promise.race([running.done.then(() => true), sleep(graceMs).then(() => false)]);
        if (!finished) {
          abandoned = running;
          current = null;
          const runId = running.runId;
          if (runId !== null) store.markRunIncomplete(runId);
          store.appendSlotEvents([
            event(
              running.schedule,
              running.slotAt,
              'missed',
              runId,
              `agent stopped during run ${runId ?? '(starting)'}: the shutdown grace of ${config.schedule.shutdownGrace} ran out and the run was left incomplete`,
            ),
          ]);
          log.warn({ runId, schedule: running.schedule.id, slot: running.slotAt, grace: config.schedule.shutdownGrace }, 'run left incomplete at shutdown');
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
    nextSlot: () => (stopping ? null : schedules.map((sc) => nextSlot(sc.cron, sc.timezone, clock())).sort()[0] ?? null),
    schedules,
    holder: lock.holder,
  };
}

/**
 * A schedule's newest ledger event (its latest slot's latest status): looked up in the last 40 days first,
 * then in the whole ledger (a schedule that has been quiet longer, or an hourly ledger of years).
 */
function latestSlotEventOf(store: EvidenceStore, schedule: string, now: Date): SlotEventRow | undefined {
  const far = new Date(now.getTime() + 366 * 86_400_000).toISOString();
  for (const from of [new Date(now.getTime() - 40 * 86_400_000).toISOString(), '1970-01-01T00:00:00.000Z']) {
    const mine = store.slotEventsBetween(from, far).filter((e) => e.schedule === schedule);
    if (mine.length > 0) return mine[mine.length - 1];
  }
  return undefined;
}

/** The run of the schedule's latest `ran` slot before run `runId` (null: none, the schedule's first run). */
function previousRanRunOf(store: EvidenceStore, schedule: string, runId: number, now: Date): number | null {
  const far = new Date(now.getTime() + 366 * 86_400_000).toISOString();
  for (const from of [new Date(now.getTime() - 40 * 86_400_000).toISOString(), '1970-01-01T00:00:00.000Z']) {
    const ran = store.slotEventsBetween(from, far).filter((e) => e.schedule === schedule && e.status === 'ran' && e.runId !== null && e.runId < runId);
    if (ran.length > 0) return Math.max(...ran.map((e) => e.runId!));
  }
  return null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
