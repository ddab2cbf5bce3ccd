import { statSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import lockfile from 'proper-lockfile';
import type { Logger } from 'pino';
import { EvidenceStore, type LockHolder } from '../store/index.js';
import { isProcessAlive } from '../store/liveness.js';

/**
 * One writer per database: the daemon holds this lock for its life, `run` and `demo` for their run.
 *
 * The OS-level guarantee is proper-lockfile's lock directory beside the database (`<db>.lock`):
 * mkdir is atomic on every local filesystem and on NFS (an O_EXCL file is not on old NFS), the
 * holder refreshes the directory's mtime every UPDATE_MS so a lock whose holder vanished on ANOTHER
 * host goes stale after STALE_MS, and a holder whose lock was taken from it is told (onCompromised).
 * It is widely used and small; a hand-written O_EXCL file would need all of that rewritten.
 *
 * proper-lockfile does not record who holds a lock, so the holder's pid, host and start time are
 * kept in the store's `locks` row: the refusal can name them, and a holder on THIS host that is
 * dead (SIGKILL, OOM) is taken over at once instead of after STALE_MS, with a log line.
 */
const STALE_MS = 30_000;
const UPDATE_MS = 2_000;
/** A live holder refreshes the directory at least this often; an older mtime plus a dead pid is safe to take. */
const TAKEOVER_AGE_MS = 2 * UPDATE_MS + 500;

export class WriterLockError extends Error {
  constructor(
    message: string,
    readonly holder: LockHolder | undefined,
  ) {
    super(message);
    this.name = 'WriterLockError';
  }
}

export interface WriterLock {
  readonly dbPath: string;
  readonly holder: LockHolder;
  release(): Promise<void>;
}

/** Databases this process holds (resolved paths): a run inside the daemon passes through. */
const heldHere = new Map<string, WriterLock>();

export function lockDirOf(dbPath: string): string {
  return `${resolve(dbPath)}.lock`;
}

export interface AcquireOptions {
  readonly log: Logger;
  /** Told when the lock was lost (another process removed the directory); the daemon stops. */
  readonly onCompromised?: (err: Error) => void;
  readonly sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function acquireWriterLock(dbPath: string, opts: AcquireOptions): Promise<WriterLock> {
  const path = resolve(dbPath);
  if (heldHere.has(path)) throw new WriterLockError(`${path} is already held by this process (pid ${process.pid})`, heldHere.get(path)!.holder);
  const sleep = opts.sleep ?? realSleep;
  let release: () => Promise<void>;
  const age = lockAge(path);
  if (age !== null && age > STALE_MS) {
    // proper-lockfile takes a lock not refreshed for STALE_MS over by itself (its holder is gone, on any host): say so.
    const stale = readHolder(path);
    opts.log.warn({ db: path, stalePid: stale?.pid, host: stale?.host, since: stale?.startedAt, idleSeconds: Math.round(age / 1000) }, 'taking over the writer lock: its holder stopped refreshing it');
  }
  try {
    release = await lockOnce(path, opts);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
    const holder = readHolder(path);
    if (!holder || holder.host !== hostname() || holder.pid === process.pid || isProcessAlive(holder.pid)) throw refusal(path, holder);
    // Dead holder on this host: wait until the directory is older than a live holder would let it be.
    const held = lockAge(path);
    if (held !== null && held < TAKEOVER_AGE_MS) await sleep(TAKEOVER_AGE_MS - held);
    const again = readHolder(path);
    if (again && (again.pid !== holder.pid || again.host !== holder.host)) throw refusal(path, again);
    const ageNow = lockAge(path);
    if (ageNow !== null && ageNow < TAKEOVER_AGE_MS) throw refusal(path, again); // refreshed meanwhile: someone is alive
    opts.log.warn({ db: path, stalePid: holder.pid, host: holder.host, since: holder.startedAt }, 'taking over the writer lock of a process that is no longer running');
    rmSync(lockDirOf(path), { recursive: true, force: true });
    try {
      release = await lockOnce(path, opts);
    } catch (err2) {
      if ((err2 as NodeJS.ErrnoException).code === 'ELOCKED') throw refusal(path, readHolder(path));
      throw err2;
    }
  }
  const me: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  try {
    withStore(path, (store) => store.setLockHolder(me));
  } catch (err) {
    await release();
    throw err;
  }
  const lock: WriterLock = {
    dbPath: path,
    holder: me,
    release: async () => {
      if (heldHere.get(path) !== lock) return;
      heldHere.delete(path);
      try {
        withStore(path, (store) => store.clearLockHolder(me.pid, me.host));
      } finally {
        await release().catch(() => {});
      }
    },
  };
  heldHere.set(path, lock);
  return lock;
}

/** Runs `fn` holding the writer lock, or inside the lock this process already holds (the daemon's). */
export async function withWriterLock<T>(dbPath: string, log: Logger, fn: () => Promise<T>): Promise<T> {
  const path = resolve(dbPath);
  if (dbPath === ':memory:' || heldHere.has(path)) return fn();
  const lock = await acquireWriterLock(path, { log });
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}

function lockOnce(path: string, opts: AcquireOptions): Promise<() => Promise<void>> {
  return lockfile.lock(path, {
    realpath: false,
    stale: STALE_MS,
    update: UPDATE_MS,
    retries: 0,
    onCompromised: (err) => {
      opts.log.error({ err: err.message, db: path }, 'the writer lock was lost');
      opts.onCompromised?.(err);
    },
  });
}

function refusal(path: string, holder: LockHolder | undefined): WriterLockError {
  const who = holder ? `pid ${holder.pid} on host ${holder.host} (since ${holder.startedAt})` : `another process (lock ${lockDirOf(path)})`;
  return new WriterLockError(
    `the evidence store ${path} is in use by ${who}: one writer per database. Stop that daemon or run first, or use another --db.`,
    holder,
  );
}

function readHolder(path: string): LockHolder | undefined {
  try {
    return withStore(path, (store) => store.lockHolder(), true);
  } catch {
    return undefined;
  }
}

function lockAge(path: string): number | null {
  try {
    return Date.now() - statSync(lockDirOf(path)).mtimeMs;
  } catch {
    return null;
  }
}

function withStore<T>(path: string, fn: (store: EvidenceStore) => T, readonly = false): T {
  const store = EvidenceStore.open(path, { readonly });
  try {
    return fn(store);
  } finally {
    store.close();
  }
}
