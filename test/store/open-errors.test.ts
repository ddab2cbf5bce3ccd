import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { EvidenceStore, SCHEMA_VERSION } from '../../src/store/index.js';
import { tempDb } from './fixtures.js';

describe('opening an evidence store', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it('read-only open of a missing file fails clearly and creates nothing', () => {
    const { path, cleanup } = tempDb();
    cleanups.push(cleanup);
    expect(() => EvidenceStore.open(path, { readonly: true })).toThrow(/not found.*never creates/);
    expect(existsSync(path)).toBe(false);
  });

  it('a database with a newer schema version fails clearly', () => {
    const { path, cleanup } = tempDb();
    cleanups.push(cleanup);
    EvidenceStore.open(path).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    for (const readonly of [false, true]) {
      expect(() => EvidenceStore.open(path, { readonly })).toThrow(/newer than this agent supports/);
    }
  });

  it('read-only open does not migrate an empty database', () => {
    const { path, cleanup } = tempDb();
    cleanups.push(cleanup);
    const raw = new Database(path);
    raw.pragma('journal_mode = WAL');
    raw.close();
    expect(() => EvidenceStore.open(path, { readonly: true })).toThrow(/is empty: no run was ever recorded/);
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(0);
    check.close();
  });

  it('a writer migrates a new file to the current schema version', () => {
    const { path, cleanup } = tempDb();
    cleanups.push(cleanup);
    EvidenceStore.open(path).close();
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const tables = raw.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`).pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['blobs', 'collections', 'result_sets', 'runs']));
    raw.close();
  });

  it('refuses a SQLite file that is not an evidence store', () => {
    const { dir, cleanup } = tempDb();
    cleanups.push(cleanup);
    const other = join(dir, 'other.db');
    const raw = new Database(other);
    raw.exec('CREATE TABLE notes (body TEXT)');
    raw.close();
    expect(() => EvidenceStore.open(other)).toThrow(/not a controlwatch evidence store/);
    const garbage = join(dir, 'garbage.db');
    writeFileSync(garbage, 'this is not sqlite at all, just text that is long enough to be a header');
    expect(() => EvidenceStore.open(garbage)).toThrow();
  });
});
