import type Database from 'better-sqlite3';
import { canonicalJson } from '../util/canonical.js';
import type { SealSigner, TombstoneBody } from './integrity-rows.js';
import type { StoreQueries } from './queries.js';
import { assertTimestamp } from './timestamps.js';
import { openBlob } from './blob-codec.js';
import { referencedBlobs } from './verify.js';
import { hashKeys } from './hash-keys.js';

type Db = Database.Database;

export interface PruneResult {
  /** Null when nothing started before the cut-off (or only the chain head did). */
  tombstone: (TombstoneBody & { id: number }) | null;
}

/**
 * Deletes the runs that started before `before` and every blob no remaining run reaches, then
 * records a signed tombstone, all in one transaction. Only a prefix of the chain goes (ids in
 * order), the chain head always stays (the next run links to it) and a run still `running` stops
 * the cut. The first kept run keeps its prev_seal: the tombstone names that last pruned seal, so
 * verify checks the link across the gap.
 */
export function pruneRuns(db: Db, queries: StoreQueries, opts: { before: string; signer: SealSigner; now: string }): PruneResult {
  assertTimestamp(opts.before, 'prune before');
  assertTimestamp(opts.now, 'prune time');
  return db.transaction((): PruneResult => {
    const one = (sql: string, ...args: unknown[]) => (db.prepare(sql).pluck().get(...args) as number | null | undefined) ?? null;
    const lastBefore = one('SELECT max(id) FROM runs WHERE started_at < ?', opts.before);
    const head = one(`SELECT max(id) FROM runs WHERE status = 'sealed'`);
    const running = one(`SELECT min(id) FROM runs WHERE status = 'running'`);
    const cut = Math.min(lastBefore ?? 0, head === null ? 0 : head - 1, running === null ? Infinity : running - 1);
    const first = one('SELECT min(id) FROM runs');
    if (first === null || cut < first) return { tombstone: null };

    const runsRemoved = one('SELECT count(*) FROM runs WHERE id <= ?', cut)!;
    const sealedRunsRemoved = one(`SELECT count(*) FROM runs WHERE id <= ? AND status = 'sealed'`, cut)!;
    const lastPrunedSeal = (db.prepare(`SELECT seal FROM runs WHERE id <= ? AND status = 'sealed' ORDER BY id DESC LIMIT 1`).pluck().get(cut) as string | undefined) ?? null;
    for (const table of ['seal_signatures', 'collections', 'result_sets', 'run_checks']) db.prepare(`DELETE FROM ${table} WHERE run_id <= ?`).run(cut);
    db.prepare('DELETE FROM runs WHERE id <= ?').run(cut);

    const keep = referencedBlobs(db, queries);
    for (const hash of blobsHeldElsewhere(db)) keep.add(hash);
    const keys = hashKeys(db);
    const remove = db.prepare(`DELETE FROM blobs WHERE hash = ${keys.param}`);
    let blobsRemoved = 0;
    for (const hash of db.prepare(`SELECT ${keys.column('hash')} FROM blobs`).pluck().all() as string[]) {
      if (keep.has(hash)) continue;
      remove.run(hash);
      blobsRemoved += 1;
    }
    // The earliest id is the one after the previous tombstone, so consecutive tombstones tile the ids.
    const previous = one(`SELECT max(json_extract(body, '$.lastRunId')) FROM tombstones`);
    const body: TombstoneBody = {
      v: 1,
      prunedAt: opts.now,
      before: opts.before,
      firstRunId: previous === null ? 1 : previous + 1,
      lastRunId: cut,
      runsRemoved,
      sealedRunsRemoved,
      lastPrunedSeal,
      blobsRemoved,
    };
    const text = canonicalJson(body);
    const info = db
      .prepare('INSERT INTO tombstones (body, key_fingerprint, signature) VALUES (?, ?, ?)')
      .run(text, opts.signer.fingerprint, opts.signer.sign(Buffer.from(text, 'utf8')));
    return { tombstone: { ...body, id: Number(info.lastInsertRowid) } };
  }).immediate();
}

/** Tables whose blob references referencedBlobs() already follows (from the runs that remain). */
const RUN_TABLES = new Set(['runs', 'collections', 'result_sets', 'blobs']);
const HASH = /^[0-9a-f]{64}$/;

/**
 * Blobs other tables hold (any column with a foreign key to blobs, e.g. attestation records), and
 * every blob those name inside their JSON (e.g. an attestation's attached files), transitively:
 * prune removes runs, never what another part of the store still points at.
 */
function blobsHeldElsewhere(db: Db): Set<string> {
  const keys = hashKeys(db);
  const held = new Set<string>();
  const pending: string[] = [];
  const add = (hash: unknown) => {
    if (typeof hash === 'string' && HASH.test(hash) && !held.has(hash)) {
      held.add(hash);
      pending.push(hash);
    }
  };
  const tables = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];
  for (const table of tables.filter((t) => !RUN_TABLES.has(t))) {
    const fks = db.pragma(`foreign_key_list("${table.replace(/"/g, '""')}")`) as Array<{ table: string; from: string }>;
    for (const fk of fks.filter((f) => f.table === 'blobs')) {
      const column = keys.column(`"${fk.from.replace(/"/g, '""')}"`, 'hash');
      for (const hash of db.prepare(`SELECT ${column} FROM "${table.replace(/"/g, '""')}"`).pluck().all()) add(hash);
    }
  }
  const select = db.prepare(`SELECT size, data FROM blobs WHERE hash = ${keys.param}`);
  while (pending.length > 0) {
    const hash = pending.pop()!;
    const row = select.get(hash) as { size: number; data: Buffer } | undefined;
    const bytes = row ? openBlob(hash, row.size, row.data).bytes : null;
    if (!bytes) continue;
    try {
      JSON.parse(bytes.toString('utf8'), (_key, value: unknown) => (add(value), value));
    } catch {
      // Not JSON: it names no further blob.
    }
  }
  return held;
}
