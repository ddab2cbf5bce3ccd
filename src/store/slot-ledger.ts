import type Database from 'better-sqlite3';
import { hashJson } from '../util/canonical.js';
import { assertTimestamp } from './timestamps.js';
import { hasSchemaObject } from './schema-objects.js';

type Db = Database.Database;

export const SLOT_STATUSES = ['expected', 'running', 'ran', 'missed', 'skipped'] as const;
/** The main schedule's name; every row written before per-collector schedules (version 7) is its. */
export const MAIN_SCHEDULE = 'default';
export type SlotStatus = (typeof SLOT_STATUSES)[number];

/** One status change of a scheduled slot, as the daemon records it. */
export interface SlotEvent {
  /** The scheduled time (UTC ISO-8601 with milliseconds): the slot's identity. */
  readonly slotAt: string;
  readonly status: SlotStatus;
  readonly runId: number | null;
  /** Why: "agent down", "catch-up run", "shutdown during run 12"…; null when there is nothing to say. */
  readonly reason: string | null;
  readonly recordedAt: string;
  /** The schedule the slot belongs to (src/scheduler/schedules.ts): `default` when absent. */
  readonly schedule?: string;
}

export interface SlotEventRow extends SlotEvent {
  readonly schedule: string;
  readonly id: number;
  readonly prevHash: string | null;
  readonly hash: string;
}

interface SqlRow {
  id: number;
  slot_at: string;
  status: SlotStatus;
  run_id: number | null;
  reason: string | null;
  recorded_at: string;
  prev_hash: string | null;
  hash: string;
  schedule: string;
}

/** The columns read; a version-6 file (read-only, not migrated) has no schedule column: all its slots are the main schedule's. */
function columns(db: Db): string {
  const hasSchedule = (db.prepare(`SELECT 1 FROM pragma_table_info('slots') WHERE name = 'schedule'`).get() as unknown) !== undefined;
  return `id, slot_at, status, run_id, reason, recorded_at, prev_hash, hash, ${hasSchedule ? 'schedule' : `'${MAIN_SCHEDULE}' AS schedule`}`;
}

const toRow = (r: SqlRow): SlotEventRow => ({
  id: r.id,
  slotAt: r.slot_at,
  status: r.status,
  runId: r.run_id,
  reason: r.reason,
  recordedAt: r.recorded_at,
  prevHash: r.prev_hash,
  hash: r.hash,
  schedule: r.schedule,
});

/**
 * What a row's hash covers: every column, its id and the previous row's hash (the chain). A main-schedule
 * row hashes as it always did (v1), so ledgers written before per-collector schedules still verify; any
 * other schedule's row also hashes its schedule (v2).
 */
export function slotEventHash(id: number, event: SlotEvent, prevHash: string | null): string {
  const base = { id, slotAt: event.slotAt, status: event.status, runId: event.runId, reason: event.reason, recordedAt: event.recordedAt, prevHash };
  const schedule = event.schedule ?? MAIN_SCHEDULE;
  return schedule === MAIN_SCHEDULE ? hashJson({ v: 1, ...base }) : hashJson({ v: 2, ...base, schedule });
}

export function hasLedgerTables(db: Db): boolean {
  return hasSchemaObject(db, 'table', 'slots');
}

/** Appends status changes in one IMMEDIATE transaction, each chained to the row before it. */
export function appendSlotEvents(db: Db, events: readonly SlotEvent[]): SlotEventRow[] {
  for (const e of events) {
    assertTimestamp(e.slotAt, 'slot time');
    assertTimestamp(e.recordedAt, 'slot recordedAt');
    if (!SLOT_STATUSES.includes(e.status)) throw new Error(`unknown slot status '${e.status}'`);
    if (e.schedule !== undefined && !/^[a-z0-9][a-z0-9+-]*$/.test(e.schedule)) throw new Error(`invalid slot schedule name '${e.schedule}'`);
  }
  const last = db.prepare(`SELECT hash FROM slots ORDER BY id DESC LIMIT 1`);
  const nextId = db.prepare(`SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'slots'), 0) + 1 AS id`);
  const insert = db.prepare(
    `INSERT INTO slots (id, slot_at, status, run_id, reason, recorded_at, prev_hash, hash, schedule) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return db.transaction(() =>
    events.map((e) => {
      const prevHash = (last.get() as { hash: string } | undefined)?.hash ?? null;
      const id = (nextId.get() as { id: number }).id;
      const hash = slotEventHash(id, e, prevHash);
      const schedule = e.schedule ?? MAIN_SCHEDULE;
      insert.run(id, e.slotAt, e.status, e.runId, e.reason, e.recordedAt, prevHash, hash, schedule);
      return { ...e, schedule, id, prevHash, hash };
    }),
  ).immediate();
}

/** Every event of slots scheduled in [fromIso, toIso), oldest slot first, then in recording order. */
export function slotEventsBetween(db: Db, fromIso: string, toIso: string): SlotEventRow[] {
  if (!hasLedgerTables(db)) return [];
  return (db.prepare(`SELECT ${columns(db)} FROM slots WHERE slot_at >= ? AND slot_at < ? ORDER BY slot_at, id`).all(fromIso, toIso) as SqlRow[]).map(toRow);
}

/** The newest event of the latest slot on record (what the daemon resumes from); undefined for an empty ledger. */
export function latestSlotEvent(db: Db): SlotEventRow | undefined {
  if (!hasLedgerTables(db)) return undefined;
  const row = db.prepare(`SELECT ${columns(db)} FROM slots ORDER BY slot_at DESC, id DESC LIMIT 1`).get() as SqlRow | undefined;
  return row && toRow(row);
}

/**
 * Recomputes the ledger's chain: each row's hash from its content, each prev_hash from the row
 * before, and ids issued by AUTOINCREMENT that are gone. Returns one sentence per problem.
 */
export function verifySlotLedger(db: Db): { checked: number; problems: string[] } {
  if (!hasLedgerTables(db)) return { checked: 0, problems: [] };
  const problems: string[] = [];
  let prev: SlotEventRow | undefined;
  let checked = 0;
  const present = new Set<number>();
  for (const raw of db.prepare(`SELECT ${columns(db)} FROM slots ORDER BY id`).iterate() as IterableIterator<SqlRow>) {
    const row = toRow(raw);
    checked += 1;
    present.add(row.id);
    if (slotEventHash(row.id, row, row.prevHash) !== row.hash) {
      problems.push(`slot ledger row ${row.id} (slot ${row.slotAt}, ${row.status}) does not match its hash (edited)`);
    }
    const expectedPrev = prev?.hash ?? null;
    if (row.prevHash !== expectedPrev) {
      problems.push(
        prev
          ? `slot ledger row ${row.id} does not follow row ${prev.id} (a row between them was deleted or rewritten)`
          : `slot ledger row ${row.id} points to a previous row that is not in the database (earlier rows were deleted)`,
      );
    }
    prev = row;
  }
  const seq = db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'slots'`).get() as { seq: number } | undefined;
  for (let id = 1; id <= (seq?.seq ?? 0); id += 1) {
    if (!present.has(id)) problems.push(`slot ledger row ${id} is missing: its id was issued but the row is gone (deleted)`);
  }
  return { checked, problems };
}
