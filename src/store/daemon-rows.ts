import type Database from 'better-sqlite3';
import { hasLedgerTables } from './slot-ledger.js';

type Db = Database.Database;

/** Who holds the single-writer lock (the `locks` row); the OS-level lock is src/scheduler/writer-lock.ts. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
}

export function writeLockHolder(db: Db, name: string, holder: LockHolder): void {
  db.prepare(`INSERT OR REPLACE INTO locks (name, pid, host, started_at) VALUES (?, ?, ?, ?)`).run(name, holder.pid, holder.host, holder.startedAt);
}

export function clearLockHolder(db: Db, name: string, pid: number, host: string): void {
  db.prepare(`DELETE FROM locks WHERE name = ? AND pid = ? AND host = ?`).run(name, pid, host);
}

export function readLockHolder(db: Db, name: string): LockHolder | undefined {
  if (!hasLedgerTables(db)) return undefined;
  const row = db.prepare(`SELECT pid, host, started_at FROM locks WHERE name = ?`).get(name) as { pid: number; host: string; started_at: string } | undefined;
  return row && { pid: row.pid, host: row.host, startedAt: row.started_at };
}

/** One webhook delivery's outcome. `webhook` is the webhook's index in the config: never its URL. */
export interface AlertDelivery {
  readonly eventKey: string;
  readonly eventType: string;
  readonly webhook: number;
  readonly format: string;
  readonly runId: number | null;
  readonly status: 'delivered' | 'failed';
  readonly attempts: number;
  readonly httpStatus: number | null;
  readonly error: string | null;
  readonly createdAt: string;
  readonly finishedAt: string;
}

export function insertAlertDelivery(db: Db, d: AlertDelivery): number {
  const info = db
    .prepare(
      `INSERT INTO alert_deliveries (event_key, event_type, webhook, format, run_id, status, attempts, http_status, error, created_at, finished_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(d.eventKey, d.eventType, d.webhook, d.format, d.runId, d.status, d.attempts, d.httpStatus, d.error, d.createdAt, d.finishedAt);
  return Number(info.lastInsertRowid);
}

/** Whether this event was already delivered to this webhook (one message per change, across restarts). */
export function wasDelivered(db: Db, eventKey: string, webhook: number): boolean {
  return db.prepare(`SELECT 1 FROM alert_deliveries WHERE event_key = ? AND webhook = ? AND status = 'delivered'`).get(eventKey, webhook) !== undefined;
}

export function listAlertDeliveries(db: Db): AlertDelivery[] {
  if (!hasLedgerTables(db)) return [];
  const rows = db.prepare(`SELECT * FROM alert_deliveries ORDER BY id`).all() as Array<Record<string, unknown>>;
  return rows.map((r) => ({
    eventKey: r.event_key as string,
    eventType: r.event_type as string,
    webhook: r.webhook as number,
    format: r.format as string,
    runId: r.run_id as number | null,
    status: r.status as 'delivered' | 'failed',
    attempts: r.attempts as number,
    httpStatus: r.http_status as number | null,
    error: r.error as string | null,
    createdAt: r.created_at as string,
    finishedAt: r.finished_at as string,
  }));
}
