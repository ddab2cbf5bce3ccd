import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { lazilyPreparing } from '../../src/store/lazy-statements.js';
import { StoreQueries } from '../../src/store/queries.js';
import { EvidenceStore } from '../../src/store/index.js';
import { sealedRun, tempDb } from './fixtures.js';

describe('statements compiled on first use (issue 15: a read command uses a third of them)', () => {
  it('compiles once, when first used, and answers as a prepared statement does (objects or raw rows)', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'x'), (2, 'y')`);
    const prepare = vi.spyOn(db, 'prepare');
    const lazy = lazilyPreparing(db);
    const named = lazy.prepare<[number], { a: number; b: string }>('SELECT a, b FROM t WHERE a >= ? ORDER BY a');
    const raw = lazy.prepare<[], unknown[]>('SELECT a, b FROM t ORDER BY a').raw(true);
    expect(prepare).not.toHaveBeenCalled();
    expect(named.all(1)).toEqual(db.prepare('SELECT a, b FROM t WHERE a >= ? ORDER BY a').all(1));
    expect(named.get(2)).toEqual({ a: 2, b: 'y' });
    expect(raw.all()).toEqual([[1, 'x'], [2, 'y']]);
    expect(prepare).toHaveBeenCalledTimes(3); // the two lazy ones once each, and the comparison above
    expect(named.source).toBe('SELECT a, b FROM t WHERE a >= ? ORDER BY a');
    db.close();
  });

  it('a statement that does not compile fails on first use with SQLite’s message', () => {
    const db = new Database(':memory:');
    const bad = lazilyPreparing(db).prepare('SELECT nope FROM missing');
    expect(() => bad.all()).toThrow(/no such table: missing/);
    db.close();
  });

  it('opening a store compiles none of its queries until one is asked', () => {
    const { path, cleanup } = tempDb();
    try {
      const w = EvidenceStore.open(path);
      sealedRun(w, 1);
      w.close();
      const raw = new Database(path, { readonly: true });
      const prepare = vi.spyOn(raw, 'prepare');
      const q = new StoreQueries(raw);
      const before = prepare.mock.calls.length; // the schema probes only (hash keys, run_checks)
      expect(q.getRun(1)?.status).toBe('sealed');
      expect(prepare.mock.calls.length).toBe(before + 1);
      raw.close();
    } finally {
      cleanup();
    }
  });
});
