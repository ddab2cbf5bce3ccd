import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, openSync, readSync, closeSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { EvidenceStore } from '../../src/store/index.js';

/** Issue 14, defects 6, 7 and 9: how the store is opened — foreign files untouched, read-only media readable, errors that name the path. */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/** Byte 18 of a SQLite header: 1 = rollback journal, 2 = WAL. */
function headerJournalByte(path: string): number {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(20);
  readSync(fd, buf, 0, 20, 0);
  closeSync(fd);
  return buf[18]!;
}

/** An unprivileged uid to run the CLI as, when this process may switch (root with setpriv). */
const canDropPrivileges = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;

describe('opening the evidence store', () => {
  const dirs: string[] = [];
  const temp = () => {
    const d = mkdtempSync(join(tmpdir(), 'cw-open-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) {
      chmodSync(d, 0o700);
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('a foreign SQLite file is refused before anything is changed: no WAL switch, no -wal/-shm', () => {
    const dir = temp();
    const other = join(dir, 'notes.db');
    const raw = new Database(other);
    raw.exec('CREATE TABLE notes (body TEXT)');
    raw.close();
    expect(headerJournalByte(other)).toBe(1);
    expect(() => EvidenceStore.open(other)).toThrow(/not a controlwatch evidence store.*left unchanged/);
    expect(headerJournalByte(other)).toBe(1);
    expect(readdirSync(dir)).toEqual(['notes.db']);
  });

  it.each([
    ['a text file', 'this is not sqlite at all, just text that is long enough to be a header', /evidence store .*garbage\.db is not a SQLite database.*restore it from a copy/],
    ['a damaged header', Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4080, 0xff)]), /evidence store .*garbage\.db (is not a SQLite database|is damaged)/],
  ])('%s: the message names the path and says what to do', (_what, content, message) => {
    const dir = temp();
    const path = join(dir, 'garbage.db');
    writeFileSync(path, content);
    for (const readonly of [false, true]) expect(() => EvidenceStore.open(path, { readonly })).toThrow(message);
  });

  it('a new store is created owner-only (0600) whatever the umask, and so are its -wal and -shm', () => {
    const dir = temp();
    const path = join(dir, 'e.db');
    const umask = process.umask(0o022);
    try {
      const store = EvidenceStore.open(path);
      store.beginRun({ startedAt: '2026-03-15T12:00:00.000Z', trigger: 'test', agentVersion: 'test', configHash: 'x', scope: {}, exceptions: [] });
      for (const f of readdirSync(dir)) expect([f, statSync(join(dir, f)).mode & 0o777]).toEqual([f, 0o600]);
      store.close();
    } finally {
      process.umask(umask);
    }
  });

  it('a store in a directory that does not exist: the message names the directory', () => {
    const dir = join(temp(), 'missing', 'deeper');
    expect(() => EvidenceStore.open(join(dir, 'e.db'))).toThrow(`evidence store directory does not exist: ${dir}`);
  });

  it('an empty file (creation cut short, e.g. by a full disk) is reported as empty, not "open it once for writing"', () => {
    const dir = temp();
    const path = join(dir, 'e.db');
    writeFileSync(path, '');
    let message = '';
    try {
      EvidenceStore.open(path, { readonly: true });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/is empty: no run was ever recorded/);
    expect(message).not.toMatch(/open it once for writing/);
  });

  it.skipIf(!canDropPrivileges)('verify and report as an unprivileged user on a store in a read-only directory', () => {
    const dir = temp();
    chmodSync(dir, 0o755);
    const path = join(dir, 'store', 'e.db');
    mkdirSync(join(dir, 'store'));
    const writer = EvidenceStore.open(path);
    const runId = writer.beginRun({ startedAt: '2026-03-15T12:00:00.000Z', trigger: 'test', agentVersion: 'test', configHash: 'x', scope: {}, exceptions: [] });
    writer.completeRun(runId, { finishedAt: '2026-03-15T12:00:01.000Z', collections: [], resultSets: [] });
    writer.close();
    expect(existsSync(`${path}-shm`)).toBe(false);
    chmodSync(join(dir, 'store'), 0o555);
    chmodSync(path, 0o444);
    const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: dir, TMPDIR: tmpdir() };
    for (const command of ['verify', 'report']) {
      const out = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--import', 'tsx', MAIN, command, '--db', path], { cwd: ROOT, env, encoding: 'utf8' });
      expect(out.stderr).not.toMatch(/readonly database|attempt to write/);
      // 6 = "nothing collected": this store's one run collected no scope; what matters is that it was read.
      expect([0, 1, 5, 6], `${command}: ${out.stderr}`).toContain(out.status);
    }
    expect(readdirSync(join(dir, 'store'))).toEqual(['e.db']);
  });
});
