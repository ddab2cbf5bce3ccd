import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EvidenceStore } from '../../src/store/index.js';
import { sealedRun, tempDb } from './fixtures.js';

/** New stores use 16 KiB pages (connection.ts NEW_STORE_PAGE_SIZE: less slack in the append-only blobs table). */
describe('page size', () => {
  let path: string;
  let cleanup: () => void;
  beforeEach(() => ({ path, cleanup } = tempDb()));
  afterEach(() => cleanup());

  const pageSize = () => {
    const raw = new Database(path, { readonly: true });
    try {
      return Number(raw.pragma('page_size', { simple: true }));
    } finally {
      raw.close();
    }
  };

  it('a new store is created with 16 KiB pages, in WAL mode', () => {
    const store = EvidenceStore.open(path);
    sealedRun(store, 1);
    store.close();
    expect(pageSize()).toBe(16_384);
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('an existing store keeps its page size, and its runs still chain and verify', () => {
    const raw = new Database(path);
    raw.pragma('page_size = 4096');
    raw.pragma('journal_mode = WAL');
    raw.close();
    const store = EvidenceStore.open(path);
    try {
      sealedRun(store, 1);
      sealedRun(store, 2);
      expect(store.verify()).toMatchObject({ ok: true, runsChecked: 2 });
    } finally {
      store.close();
    }
    expect(pageSize()).toBe(4096);
  });
});
