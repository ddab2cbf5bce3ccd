import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { QuickCheckThread } from '../../src/store/quick-check-thread.js';
import { storeWithPaddedRuns } from './fixtures.js';

/**
 * verify runs SQLite's quick_check on a thread of its own for a large store (quick-check-thread.ts): it must say
 * what the caller's own connection says, and say nothing (null: the caller checks itself) when it cannot check.
 */
const dir = mkdtempSync(join(tmpdir(), 'cw-quick-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function callerSays(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    return String(db.pragma('quick_check', { simple: true }));
  } finally {
    db.close();
  }
}

describe('quick_check on its own thread', () => {
  it('an intact store: ok, as the caller says', () => {
    const path = join(dir, 'intact.db');
    storeWithPaddedRuns(path);
    expect(new QuickCheckThread(path).result()).toBe('ok');
    expect(callerSays(path)).toBe('ok');
  });

  it('a damaged page: the same finding as the caller', () => {
    const path = join(dir, 'damaged.db');
    const pageSize = storeWithPaddedRuns(path);
    const fd = openSync(path, 'r+');
    // A page of the runs' table (past the schema's), so the file still opens and the check finds the damage.
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, 11 * pageSize);
    closeSync(fd);
    const caller = callerSays(path);
    expect(caller).not.toBe('ok');
    expect(new QuickCheckThread(path).result()).toBe(caller);
  });

  it('cannot check (no such file, a thread that fails): null, so that the caller checks', () => {
    expect(new QuickCheckThread(join(dir, 'absent.db')).result()).toBeNull();
    const path = join(dir, 'intact-2.db');
    storeWithPaddedRuns(path);
    expect(new QuickCheckThread(path, `throw new Error('no thread');`).result()).toBeNull();
    expect(new QuickCheckThread(path, `postAnswer({ failure: 'could not open' });`).result()).toBeNull();
  });
});
