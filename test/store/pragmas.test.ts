import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openConnection } from '../../src/store/connection.js';
import { EvidenceStore } from '../../src/store/index.js';
import { sealedRun, tempDb } from './fixtures.js';

describe('evidence store pragmas', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it('runs with WAL and synchronous=FULL after close and reopen, for writers and readers', () => {
    const { path, cleanup } = tempDb();
    cleanups.push(cleanup);
    const first = EvidenceStore.open(path);
    sealedRun(first, 1);
    first.close();

    // The journal mode persists in the file: a raw connection sees WAL without asking for it, but
    // synchronous is per connection and a reopened WAL database falls back to NORMAL (1) — the
    // reason the store sets it and reads it back on every open.
    const raw = new Database(path);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('synchronous', { simple: true })).not.toBe(2);
    raw.close();

    for (const readonly of [false, true]) {
      // The connection EvidenceStore.open uses.
      const db = openConnection(path, readonly);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      db.close();

      const store = EvidenceStore.open(path, { readonly });
      expect(store.latestSealedRun()?.id).toBe(1);
      store.close();
    }
  });

  it('refuses a read-only open when WAL cannot be put in force (the read-back, not the request, decides)', () => {
    const { path, cleanup } = tempDb();
    cleanups.push(cleanup);
    EvidenceStore.open(path).close();
    const raw = new Database(path);
    raw.pragma('journal_mode = DELETE');
    raw.close();
    expect(() => EvidenceStore.open(path, { readonly: true })).toThrow(/journal_mode is 'delete', expected 'wal'/);
    // A writer puts it back.
    EvidenceStore.open(path).close();
    EvidenceStore.open(path, { readonly: true }).close();
  });

  it('a read-only store refuses writes', () => {
    const { path, cleanup } = tempDb();
    cleanups.push(cleanup);
    EvidenceStore.open(path).close();
    const store = EvidenceStore.open(path, { readonly: true });
    expect(() => store.recoverAbandonedRuns()).toThrow(/read-only/);
    store.close();
  });
});
