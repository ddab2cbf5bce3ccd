import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, utimesSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EvidenceStore, type SlotEvent } from '../../src/store/index.js';
import { missedSlotCount, slotStates } from '../../src/period/index.js';
import { slotsBetween, nextSlot, slotAtOrBefore, intervalMs } from '../../src/scheduler/slots.js';
import { acquireWriterLock, lockDirOf, WriterLockError } from '../../src/scheduler/writer-lock.js';
import { createLogger, silentLogger } from '../../src/log.js';
import { Writable } from 'node:stream';

const dbPath = () => join(mkdtempSync(join(tmpdir(), 'cw-ledger-')), 'e.db');
const ev = (slotAt: string, status: SlotEvent['status'], reason: string | null = null, runId: number | null = null): SlotEvent => ({ slotAt, status, runId, reason, recordedAt: '2026-12-06T07:00:00.000Z' });
const A = '2026-12-04T06:00:00.000Z';
const B = '2026-12-05T06:00:00.000Z';
const C = '2026-12-06T06:00:00.000Z';

function ledgerStore(): string {
  const path = dbPath();
  const store = EvidenceStore.open(path);
  store.appendSlotEvents([ev(A, 'expected'), ev(A, 'missed', 'agent down'), ev(B, 'missed', 'agent down'), ev(B, 'running', 'catch-up'), ev(B, 'ran', 'catch-up'), ev(C, 'expected')]);
  store.close();
  return path;
}

describe('slot ledger', () => {
  it('reads back per slot with history; a caught-up slot counts as ran, not missed', () => {
    const store = EvidenceStore.open(ledgerStore(), { readonly: true });
    try {
      const states = slotStates(store, '2026-12-01T00:00:00.000Z', '2026-12-31T00:00:00.000Z');
      expect(states.map((s) => [s.slotAt, s.status, s.reason])).toEqual([
        [A, 'missed', 'agent down'],
        [B, 'ran', 'catch-up'],
        [C, 'expected', null],
      ]);
      expect(states[1]!.history.map((h) => h.status)).toEqual(['missed', 'running', 'ran']);
      expect(missedSlotCount(store, '2026-12-01T00:00:00.000Z', '2026-12-31T00:00:00.000Z')).toBe(1);
      expect(store.verify().ok).toBe(true);
    } finally {
      store.close();
    }
  });

  it('a version-6 store (before slots had a schedule) reads every slot as the main schedule’s, read-only, and still verifies', () => {
    const path = ledgerStore();
    const raw = new Database(path);
    // Schema 9's additions go too (the store has no run yet), so that the writer below migrates from a true version 6.
    raw.exec(`DROP INDEX slots_by_schedule; ALTER TABLE slots DROP COLUMN schedule; DROP TABLE run_checks; ALTER TABLE runs DROP COLUMN seal_version; PRAGMA user_version = 6;`);
    raw.close();
    const store = EvidenceStore.open(path, { readonly: true });
    try {
      const states = slotStates(store, '2026-12-01T00:00:00.000Z', '2026-12-31T00:00:00.000Z');
      expect(states.map((s) => [s.schedule, s.slotAt, s.status])).toEqual([
        ['default', A, 'missed'],
        ['default', B, 'ran'],
        ['default', C, 'expected'],
      ]);
      expect(store.verify().problems).toEqual([]);
    } finally {
      store.close();
    }
    // Opened for writing, it is migrated and keeps verifying.
    const writer = EvidenceStore.open(path);
    try {
      expect(writer.verify().problems).toEqual([]);
      expect(slotStates(writer, '2026-12-01T00:00:00.000Z', '2026-12-31T00:00:00.000Z').every((s) => s.schedule === 'default')).toBe(true);
    } finally {
      writer.close();
    }
  });

  it.each([
    ['an edited status (missed → ran)', `UPDATE slots SET status = 'ran' WHERE id = 2`, /row 2 .* does not match its hash/],
    ['a deleted row in the middle', `DELETE FROM slots WHERE id = 3`, /row 4 does not follow row 2|row 3 is missing/],
    ['deleted newest rows', `DELETE FROM slots WHERE id >= 5`, /row 5 is missing/],
  ])('verify reports %s', (_what, sql, problem) => {
    const path = ledgerStore();
    const raw = new Database(path);
    raw.exec(sql);
    raw.close();
    const store = EvidenceStore.open(path, { readonly: true });
    try {
      const report = store.verify();
      expect(report.ok).toBe(false);
      expect(report.problems.join('\n')).toMatch(problem);
    } finally {
      store.close();
    }
  });
});

describe('slot arithmetic', () => {
  it('enumerates the slots missed between two instants in the schedule time zone', () => {
    expect(slotsBetween('*/2 * * * * *', 'UTC', '2026-01-01T00:00:00.000Z', new Date('2026-01-01T00:00:07.500Z'))).toEqual([
      '2026-01-01T00:00:02.000Z',
      '2026-01-01T00:00:04.000Z',
      '2026-01-01T00:00:06.000Z',
    ]);
    expect(slotsBetween('0 6 * * *', 'Europe/Paris', '2026-01-01T05:00:00.000Z', new Date('2026-01-03T05:00:00.000Z'))).toEqual(['2026-01-02T05:00:00.000Z', '2026-01-03T05:00:00.000Z']);
    expect(nextSlot('0 6 * * *', 'UTC', new Date('2026-01-01T06:00:00.000Z'))).toBe('2026-01-02T06:00:00.000Z');
    expect(slotAtOrBefore('0 6 * * *', 'UTC', new Date('2026-01-01T06:00:00.000Z'))).toBe('2026-01-01T06:00:00.000Z');
    expect(intervalMs('0 6 * * *', 'UTC', new Date('2026-01-01T00:00:00.000Z'))).toBe(86_400_000);
  });

  it("slots after a DST change cron-parser cannot search across (Australia/Lord_Howe's half-hour end) are still listed", () => {
    // cron-parser 5 gives up with 'loop limit exceeded' at 2025-04-06 02:00 there; hasNext() ended the list quietly.
    const slots = slotsBetween('0 2 * * *', 'Australia/Lord_Howe', '2025-04-01T00:00:00.000Z', new Date('2025-04-20T00:00:00.000Z'));
    expect(slots.length).toBeGreaterThanOrEqual(17);
    expect(slots.at(-1)).toBe('2025-04-19T15:30:00.000Z'); // 02:00 at UTC+10:30 after the change
    expect(slots).toContain('2025-04-07T15:30:00.000Z');
  });
});

describe('writer lock', () => {
  it('a second holder in another process is refused naming pid and host; release frees it', async () => {
    const path = dbPath();
    const lock = await acquireWriterLock(path, { log: silentLogger });
    // Same process: refused too (a daemon cannot start twice on one database).
    await expect(acquireWriterLock(path, { log: silentLogger })).rejects.toThrow(WriterLockError);
    const store = EvidenceStore.open(path, { readonly: true });
    expect(store.lockHolder()).toMatchObject({ pid: process.pid, host: hostname() });
    store.close();
    await lock.release();
    const again = await acquireWriterLock(path, { log: silentLogger });
    await again.release();
  });

  it('a lock left by a dead process on this host is taken over, with a log line', async () => {
    const path = dbPath();
    const store = EvidenceStore.open(path);
    store.setLockHolder({ pid: 2 ** 22 + 12345, host: hostname(), startedAt: '2026-12-06T00:00:00.000Z' });
    store.close();
    mkdirSync(lockDirOf(path));
    // Older than a live holder's refresh interval, younger than proper-lockfile's own staleness.
    const old = new Date(Date.now() - 10_000);
    utimesSync(lockDirOf(path), old, old);
    let out = '';
    const log = createLogger('info', new Writable({ write: (c, _e, cb) => ((out += String(c)), cb()) }));
    const lock = await acquireWriterLock(path, { log });
    expect(out).toContain('taking over the writer lock');
    expect(lock.holder.pid).toBe(process.pid);
    await lock.release();
  });

  it('a lock held by a live process on another host is refused (its liveness cannot be seen from here)', async () => {
    const path = dbPath();
    const store = EvidenceStore.open(path);
    store.setLockHolder({ pid: 1, host: 'other-host.example', startedAt: '2026-12-06T00:00:00.000Z' });
    store.close();
    mkdirSync(lockDirOf(path));
    await expect(acquireWriterLock(path, { log: silentLogger })).rejects.toThrow(/in use by pid 1 on host other-host.example/);
  });
});
