import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostname } from 'node:os';
import Database from 'better-sqlite3';
import { finished, runCliProcess, spawnCli, type CliRun } from '../helpers/cli.js';
import { EvidenceStore } from '../../src/store/index.js';
import { REASON_AGENT_DOWN } from '../../src/scheduler/daemon.js';
import { readLedger, startDemoFakes, waitFor, writeDemoConfig, type DemoFakes } from './helpers.js';

/**
 * The daemon as a process, over the demo estate's fakes, on a two-second schedule: slots are run
 * and recorded; after a SIGKILL and a restart the ledger names the missed slots and the catch-up
 * run; a second writer is refused naming the holder; SIGTERM mid-run leaves a clean database.
 */
const SCHEDULE = `schedule:\n  cron: "*/2 * * * * *"\n  catchUpWindow: 1h\n  shutdownGrace: 1s\n`;

describe('controlwatch daemon', () => {
  let fakes: DemoFakes;
  beforeAll(async () => {
    fakes = await startDemoFakes();
  });
  afterAll(async () => {
    await fakes?.close();
  });

  const daemon = (config: string, db: string, env: NodeJS.ProcessEnv) => {
    const child = spawnCli(['--config', config, '--db', db, '--log-level', 'info', 'daemon'], { env });
    const done = finished(child);
    return { child, done };
  };

  it('records slots as run, refuses a second writer by name, and after SIGKILL records the missed slots and catches up', { timeout: 120_000 }, async () => {
    const { config, db } = writeDemoConfig(SCHEDULE);
    const first = daemon(config, db, fakes.env);
    try {
      const ran = await waitFor('two slots run', () => {
        const slots = readLedger(db).filter((s) => s.status === 'ran');
        return slots.length >= 2 && slots;
      });
      for (const slot of ran) {
        expect(slot.runId).not.toBeNull();
        expect(slot.history.map((h) => h.status)).toEqual(expect.arrayContaining(['running', 'ran']));
      }

      // A second daemon, and a one-off run, on the same database: refused, naming the holder.
      const second = await runCliProcess(['--config', config, '--db', db, 'daemon'], { env: fakes.env });
      expect(second.code).toBe(4);
      expect(second.stderr).toContain(`pid ${first.child.pid} on host ${hostname()}`);
      const oneOff = await runCliProcess(['--config', config, '--db', db, 'run'], { env: fakes.env });
      expect(oneOff.code).toBe(4);
      expect(oneOff.stderr).toContain(`pid ${first.child.pid} on host ${hostname()}`);
    } finally {
      first.child.kill('SIGKILL');
    }
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');
    const killedAt = Date.now();
    const beforeRestart = readLedger(db);

    // Let at least two slots pass with no agent running.
    await new Promise((r) => setTimeout(r, 4_600));
    const restarted = daemon(config, db, fakes.env);
    try {
      const caughtUp = await waitFor('the catch-up run', () =>
        readLedger(db).find((s) => s.status === 'ran' && s.reason?.startsWith('catch-up') && Date.parse(s.slotAt) > killedAt - 2_000),
      );
      const ledger = readLedger(db);
      const missed = ledger.filter((s) => s.history.some((h) => h.status === 'missed' && h.reason === REASON_AGENT_DOWN));
      expect(missed.length).toBeGreaterThanOrEqual(2);
      // The catch-up slot shows its history: missed while down, then run.
      expect(caughtUp.history.map((h) => h.status)).toEqual(['missed', 'running', 'ran']);
      expect(caughtUp.history[0]!.reason).toBe(REASON_AGENT_DOWN);
      // Every slot before the kill is still there with the status it had.
      for (const slot of beforeRestart.filter((s) => s.status === 'ran')) expect(ledger.find((s) => s.slotAt === slot.slotAt)?.status).toBe('ran');
    } finally {
      restarted.child.kill('SIGTERM');
    }
    const stopped = await restarted.done;
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toContain('taking over the writer lock');
    assertCleanStore(db);
  });

  it('SIGTERM in the middle of a run leaves it incomplete, the slot missed with the reason, and a database that verifies', { timeout: 120_000 }, async () => {
    const slow = await startDemoFakes({ latencyMs: 400 });
    try {
      const { config, db } = writeDemoConfig(SCHEDULE);
      const d = daemon(config, db, slow.env);
      let exit: CliRun;
      try {
        const running = await waitFor('a running slot', () => readLedger(db).find((s) => s.status === 'running'));
        expect(running.runId).not.toBeNull();
        d.child.kill('SIGTERM');
        exit = await d.done;
      } finally {
        if (d.child.exitCode === null) d.child.kill('SIGKILL');
      }
      expect(exit.code).toBe(0);
      const ledger = readLedger(db);
      const interrupted = ledger.find((s) => s.history.some((h) => h.status === 'running'))!;
      expect(interrupted.status).toBe('missed');
      expect(interrupted.reason).toMatch(/shutdown grace of 1s ran out/);
      const store = EvidenceStore.open(db, { readonly: true });
      try {
        expect(store.getRun(interrupted.runId!)?.status).toBe('incomplete');
      } finally {
        store.close();
      }
      assertCleanStore(db);
    } finally {
      await slow.close();
    }
  });
});

function assertCleanStore(db: string): void {
  const raw = new Database(db, { readonly: true });
  try {
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(raw.prepare(`SELECT count(*) AS n FROM locks`).get()).toEqual({ n: 0 });
  } finally {
    raw.close();
  }
  const store = EvidenceStore.open(db, { readonly: true });
  try {
    const report = store.verify();
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  } finally {
    store.close();
  }
}

