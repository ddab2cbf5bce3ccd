import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { ConfigError } from '../../src/config/errors.js';
import { parseConfig } from '../../src/config/load.js';
import { ConfigSchema, type AppConfig } from '../../src/config/schema.js';
import { silentLogger } from '../../src/log.js';
import { REASON_AGENT_DOWN, startDaemon } from '../../src/scheduler/daemon.js';
import { planSchedules } from '../../src/scheduler/schedules.js';
import { schedulesExpectedDays } from '../../src/period/schedule-days.js';
import { EvidenceStore } from '../../src/store/index.js';
import { readLedger, startDemoFakes, waitFor, writeDemoConfig, type DemoFakes } from './helpers.js';

/**
 * `schedule.perCollector`: collectors on their own cron (GitHub hourly, AWS daily). The daemon's ledger and
 * catch-up arithmetic run on a clock the test moves; the runs are real runs over the demo fakes.
 */
const COLLECTORS = ['aws-iam', 'aws-s3', 'aws-config', 'aws-cloudtrail', 'github'];
const base = { cron: '0 6 * * *', timezone: 'UTC', catchUpWindow: '12h', shutdownGrace: '60s' };

describe('schedule.perCollector configuration', () => {
  const schedule = (perCollector: unknown) => ConfigSchema.shape.schedule.safeParse({ ...base, perCollector });

  it('refuses a bad cron, a bad time zone and an unknown key, naming the path', () => {
    const bad = schedule({ github: { cron: 'every hour' }, 'aws-iam': { cron: '0 * * * *', timezone: 'Mars/Olympus' }, 'aws-s3': { cron: '0 * * * *', every: 1 } });
    expect(bad.success).toBe(false);
    const issues = bad.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^perCollector\.github\.cron: expected a cron expression/),
        expect.stringMatching(/^perCollector\.aws-iam\.timezone: expected an IANA time zone/),
        expect.stringMatching(/^perCollector\.aws-s3: .*every/),
      ]),
    );
    expect(schedule({ 'GitHub!': { cron: '0 * * * *' } }).error!.issues[0]!.message).toMatch(/'GitHub!' is not a collector id/);
  });

  it('a name that is no collector is a configuration error listing the collectors', () => {
    const parsed = ConfigSchema.shape.schedule.parse({ ...base, perCollector: { gitlab: { cron: '0 * * * *' } } });
    expect(() => planSchedules(parsed, COLLECTORS)).toThrow(ConfigError);
    expect(() => planSchedules(parsed, COLLECTORS)).toThrow("schedule.perCollector.gitlab: no collector is named 'gitlab' (collectors: aws-iam, aws-s3, aws-config, aws-cloudtrail, github)");
  });

  it('plans one schedule per distinct cron: same-cron collectors run together, one equal to the main cron stays on it', () => {
    const parsed = ConfigSchema.shape.schedule.parse({
      ...base,
      perCollector: { github: { cron: '0 * * * *' }, 'aws-s3': { cron: '0 0 * * 1' }, 'aws-cloudtrail': { cron: '0 0 * * 1' }, 'aws-iam': { cron: '0 6 * * *' } },
    });
    expect(planSchedules(parsed, COLLECTORS)).toEqual([
      { id: 'default', cron: '0 6 * * *', timezone: 'UTC', collectors: ['aws-iam', 'aws-config'] },
      { id: 'aws-cloudtrail+aws-s3', cron: '0 0 * * 1', timezone: 'UTC', collectors: ['aws-cloudtrail', 'aws-s3'] },
      { id: 'github', cron: '0 * * * *', timezone: 'UTC', collectors: ['github'] },
    ]);
    // Without per-collector schedules: one schedule for every collector, as before.
    expect(planSchedules(ConfigSchema.shape.schedule.parse(base), COLLECTORS)).toEqual([{ id: 'default', cron: '0 6 * * *', timezone: 'UTC', collectors: null }]);
  });
});

describe('expected days per collector (period)', () => {
  it('a day is expected when any schedule fires; each collector’s days are its own schedule’s', () => {
    const parsed = ConfigSchema.shape.schedule.parse({ ...base, cron: '0 6 * * 1', perCollector: { github: { cron: '0 * * * *' } } });
    const range = { from: '2026-11-30', to: '2026-12-06' }; // Monday to Sunday
    const days = ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06'];
    const { isExpectedDay, expectedDayOfCollector } = schedulesExpectedDays(planSchedules(parsed, COLLECTORS), 'UTC', range);
    expect(days.filter(isExpectedDay)).toEqual(days);
    expect(days.filter(expectedDayOfCollector!('aws-iam')!)).toEqual(['2026-11-30']);
    expect(days.filter(expectedDayOfCollector!('github')!)).toEqual(days);
    // One schedule: no per-collector days, the main schedule's days only.
    const single = schedulesExpectedDays(planSchedules(ConfigSchema.shape.schedule.parse({ ...base, cron: '0 6 * * 1' }), COLLECTORS), 'UTC', range);
    expect(single.expectedDayOfCollector).toBeUndefined();
    expect(days.filter(single.isExpectedDay)).toEqual(['2026-11-30']);
  });
});

describe('the daemon with per-collector schedules (controllable clock, real runs)', () => {
  let fakes: DemoFakes;
  beforeAll(async () => {
    fakes = await startDemoFakes();
  });
  afterAll(async () => {
    await fakes?.close();
  });

  it('records each schedule’s slots, catches up each one after downtime, and never runs two at once', { timeout: 180_000 }, async () => {
    // GitHub hourly, everything else daily at 06:00. Cron expressions that cannot fire while the test runs
    // (node-cron uses the real clock): the wake-ups here are the start-up catch-ups the test clock causes.
    const yaml = `schedule:\n  cron: "0 6 29 2 1"\n  catchUpWindow: 12h\n  shutdownGrace: 30s\n  perCollector:\n    github: { cron: "0 * 29 2 1" }\n`;
    const { config: path, db } = writeDemoConfig(yaml);
    const config: AppConfig = parseConfig(readFileSync(path, 'utf8'), path, fakes.env);
    let now = new Date('2026-12-06T05:30:00.000Z');
    const clock = () => now;
    // The schedules as the config plans them, with crons the test clock walks through.
    const schedules = [
      { id: 'default', cron: '0 6 * * *', timezone: 'UTC', collectors: ['aws-iam', 'aws-s3', 'aws-config', 'aws-cloudtrail'] },
      { id: 'github', cron: '0 * * * *', timezone: 'UTC', collectors: ['github'] },
    ];
    expect(planSchedules(config.schedule, COLLECTORS).map((s) => [s.id, s.collectors])).toEqual(schedules.map((s) => [s.id, s.collectors]));

    // First start at 05:30: each schedule states its next slot.
    const first = await startDaemon({ config, dbPath: db, log: silentLogger, clock, schedules });
    await first.idle();
    await first.stop();
    expect(readLedger(db).map((s) => [s.schedule, s.slotAt, s.status])).toEqual([
      ['default', '2026-12-06T06:00:00.000Z', 'expected'],
      ['github', '2026-12-06T06:00:00.000Z', 'expected'],
    ]);

    // Down until 08:30: the daily 06:00 slot and the hourly 06:00, 07:00 and 08:00 slots were missed;
    // each schedule's latest is caught up, one run after the other.
    now = new Date('2026-12-06T08:30:00.000Z');
    const second = await startDaemon({ config, dbPath: db, log: silentLogger, clock, schedules });
    await second.idle();
    await second.stop();
    const ledger = readLedger(db);
    const daily = ledger.filter((s) => s.schedule === 'default');
    const hourly = ledger.filter((s) => s.schedule === 'github');
    expect(daily.map((s) => [s.slotAt, s.status])).toEqual([
      ['2026-12-06T06:00:00.000Z', 'ran'],
      ['2026-12-07T06:00:00.000Z', 'expected'],
    ]);
    expect(daily[0]!.history.map((h) => h.status)).toEqual(['expected', 'missed', 'running', 'ran']);
    expect(daily[0]!.history[1]!.reason).toBe(REASON_AGENT_DOWN);
    expect(hourly.map((s) => [s.slotAt, s.status])).toEqual([
      ['2026-12-06T06:00:00.000Z', 'missed'],
      ['2026-12-06T07:00:00.000Z', 'missed'],
      ['2026-12-06T08:00:00.000Z', 'ran'],
      ['2026-12-06T09:00:00.000Z', 'expected'],
    ]);
    // The second catch-up waited for the first: one writer, and the ledger says so.
    expect(hourly[2]!.reason).toMatch(/^catch-up: .*; waited \d+s for the previous run to end \(one writer per database\)$/);

    // Each run collected its schedule's collectors only, evaluated only their checks, and the two did not overlap.
    const store = EvidenceStore.open(db, { readonly: true });
    try {
      const dailyRun = store.getRun(daily[0]!.runId!)!;
      const hourlyRun = store.getRun(hourly[2]!.runId!)!;
      expect(new Set(store.collections(dailyRun.id).map((c) => c.collector))).toEqual(new Set(['aws-iam', 'aws-s3', 'aws-config', 'aws-cloudtrail']));
      expect(new Set(store.collections(hourlyRun.id).map((c) => c.collector))).toEqual(new Set(['github']));
      const hourlyChecks = store.checkCounts(hourlyRun.id, hourlyRun.id).map((c) => c.checkId);
      expect(hourlyChecks.length).toBeGreaterThan(0);
      expect(hourlyChecks.every((id) => id.startsWith('github.'))).toBe(true);
      expect(store.checkCounts(dailyRun.id, dailyRun.id).some((c) => c.checkId.startsWith('github.'))).toBe(false);
      expect(Date.parse(dailyRun.finishedAt!) <= Date.parse(hourlyRun.startedAt)).toBe(true);
      expect(store.verify().problems).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('node-cron wakes each schedule on its own cron (real clock): both record ran slots, and no two runs overlap', { timeout: 180_000 }, async () => {
    const { config: path, db } = writeDemoConfig('schedule:\n  cron: "*/3 * * * * *"\n  shutdownGrace: 30s\n  perCollector:\n    github: { cron: "*/2 * * * * *" }\n');
    const config: AppConfig = parseConfig(readFileSync(path, 'utf8'), path, fakes.env);
    const daemon = await startDaemon({ config, dbPath: db, log: silentLogger });
    try {
      expect(daemon.schedules.map((s) => s.id)).toEqual(['default', 'github']);
      await waitFor('two ran slots of each schedule', () => {
        const ran = readLedger(db).filter((s) => s.status === 'ran');
        return ['default', 'github'].every((id) => ran.filter((s) => s.schedule === id).length >= 2) && ran;
      }, 150_000);
    } finally {
      await daemon.stop();
    }
    const store = EvidenceStore.open(db, { readonly: true });
    try {
      const ledger = readLedger(db);
      const runs = ledger.filter((s) => s.status === 'ran').map((s) => ({ schedule: s.schedule, run: store.getRun(s.runId!)! }));
      for (const { schedule, run } of runs) {
        const collectors = new Set(store.collections(run.id).map((c) => c.collector));
        expect(schedule === 'github' ? [...collectors] : [...collectors].filter((c) => c === 'github'), `run ${run.id}`).toEqual(schedule === 'github' ? ['github'] : []);
      }
      const spans = runs.map(({ run }) => [Date.parse(run.startedAt), Date.parse(run.finishedAt!)] as const).sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
      // Wake-ups during the other schedule's run waited; during their own schedule's run they were skipped — never run at once.
      const reasons = ledger.map((s) => s.reason ?? '');
      expect(reasons.filter((r) => !(r === '' || /waited \d+s for the previous run|was still in progress|came due before this one could start|agent stopped/.test(r)))).toEqual([]);
      expect(store.verify().problems).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('stopping while one schedule runs and another waits: the running slot is left missed after the grace, the waiting one missed with why', { timeout: 60_000 }, async () => {
    const { config: path, db } = writeDemoConfig('schedule:\n  shutdownGrace: 1s\n');
    const config: AppConfig = parseConfig(readFileSync(path, 'utf8'), path, fakes.env);
    const schedules = [
      { id: 'default', cron: '0 6 * * *', timezone: 'UTC', collectors: ['aws-iam'] },
      { id: 'github', cron: '0 * * * *', timezone: 'UTC', collectors: ['github'] },
    ];
    let now = new Date('2026-12-06T05:30:00.000Z');
    const first = await startDaemon({ config, dbPath: db, log: silentLogger, clock: () => now, schedules });
    await first.stop();
    now = new Date('2026-12-06T06:30:00.000Z');
    const started: string[] = [];
    // A run that never ends: the grace period must cut it off.
    const hang = (_t: unknown, _s: unknown, schedule: { id: string }) => {
      started.push(schedule.id);
      return new Promise<never>(() => undefined);
    };
    const second = await startDaemon({ config, dbPath: db, log: silentLogger, clock: () => now, schedules, runOnce: hang });
    const t0 = Date.now();
    await second.stop('test');
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(started).toEqual(['default']);
    const ledger = readLedger(db).filter((s) => s.slotAt === '2026-12-06T06:00:00.000Z');
    expect(ledger.map((s) => [s.schedule, s.status])).toEqual([
      ['default', 'missed'],
      ['github', 'missed'],
    ]);
    expect(ledger[0]!.reason).toMatch(/shutdown grace of 1s ran out/);
    expect(ledger[1]!.reason).toBe("agent stopped (test) while the slot waited for another schedule's run");
  });

  it('a schedule dropped from the configuration has its stated next slot closed with the reason', async () => {
    const { config: path, db } = writeDemoConfig('');
    const config: AppConfig = parseConfig(readFileSync(path, 'utf8'), path, fakes.env);
    const daily = { id: 'default', cron: '0 6 * * *', timezone: 'UTC', collectors: ['aws-iam'] };
    const hourly = { id: 'github', cron: '0 * * * *', timezone: 'UTC', collectors: ['github'] };
    const now = new Date('2026-12-06T05:30:00.000Z');
    const idle = () => new Promise<never>(() => undefined);
    await (await startDaemon({ config, dbPath: db, log: silentLogger, clock: () => now, schedules: [daily, hourly], runOnce: idle })).stop();
    await (await startDaemon({ config, dbPath: db, log: silentLogger, clock: () => now, schedules: [daily], runOnce: idle })).stop();
    expect(readLedger(db).map((s) => [s.schedule, s.status, s.reason])).toEqual([
      ['default', 'expected', null],
      ['github', 'skipped', 'schedule github is no longer in the configuration'],
    ]);
  });

  it('a slot moved from one schedule to another is caught by verify (the schedule is in the row hash)', () => {
    const { db } = writeDemoConfig('');
    const store = EvidenceStore.open(db);
    const at = (h: string) => `2026-12-06T${h}:00:00.000Z`;
    store.appendSlotEvents([
      { slotAt: at('06'), status: 'expected', runId: null, reason: null, recordedAt: at('05'), schedule: 'default' },
      { slotAt: at('06'), status: 'missed', runId: null, reason: 'agent down', recordedAt: at('07'), schedule: 'github' },
    ]);
    expect(store.verify().problems).toEqual([]);
    store.close();
    const raw = new Database(db);
    raw.exec(`UPDATE slots SET schedule = 'default' WHERE schedule = 'github'`);
    raw.close();
    const again = EvidenceStore.open(db, { readonly: true });
    try {
      expect(again.verify().problems.join('\n')).toMatch(/slot ledger row 2 .*does not match its hash/);
    } finally {
      again.close();
    }
  });
});
