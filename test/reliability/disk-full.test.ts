import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeGithub } from '../../src/demo/fakes/github/server.js';
import { EvidenceStore } from '../../src/store/index.js';
import { githubConfig, NOW, startGithub, token } from '../collectors/github/harness.js';
import { runGithubAt } from './github-runs.js';

/**
 * Issue 14, "the suite that keeps it so" 3 and defect 9: a full disk, simulated with SQLite's max_page_count on
 * the writer's connection (the file may not grow by one page). The run fails loudly with a message naming the
 * store and what to do; nothing of it is sealed or half-written; the store still verifies; once there is space
 * the next run seals and chains to the last good one.
 */
const DAY = 86_400_000;

/**
 * A store file with 4 KiB pages. New stores get 16 KiB pages (connection.ts), whose partly filled last pages hold a
 * whole small run of this estate, so "may not grow by one page" would never be hit; with 4 KiB pages each run needs
 * new pages, as a large estate's run does with any page size. The error path under test does not depend on it.
 */
function smallPageStore(path: string): EvidenceStore {
  const raw = new Database(path);
  raw.pragma('page_size = 4096');
  raw.pragma('journal_mode = WAL');
  raw.close();
  return EvidenceStore.open(path);
}

/** The writer's connection (private): max_page_count is a per-connection limit, set where the writes happen. */
const connectionOf = (store: EvidenceStore) => (store as unknown as { db: Database.Database }).db;

describe('a full disk', () => {
  let fake: FakeGithub | undefined;
  let store: EvidenceStore | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    store?.close();
    await fake?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    store = fake = dir = undefined;
  });

  it('fails the run loudly, seals nothing half, leaves the store verifiable, and the next run works', async () => {
    const started = await startGithub();
    fake = started.fake;
    const config = githubConfig({ url: fake.url, token: token(started.estate, 'demo-owner') });
    dir = mkdtempSync(join(tmpdir(), 'cw-full-'));
    const path = join(dir, 'e.db');
    store = smallPageStore(path);
    const first = await runGithubAt(store, config, new Date(NOW.getTime() - 2 * DAY));

    const db = connectionOf(store);
    const pages = Number(db.pragma('page_count', { simple: true }));
    db.pragma(`max_page_count = ${pages}`);
    let message = '';
    try {
      await runGithubAt(store, config, new Date(NOW.getTime() - DAY));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(new RegExp(`evidence store ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} could not be written: the disk \\(or file system quota\\) is full; free space and retry`));
    expect(message).toMatch(/database or disk is full/);
    expect(message).not.toMatch(/open it once for writing/);

    // Nothing of the failed run is evidence: no sealed row, no collections or result sets, and it is not 'running'.
    const runs = store.listRuns({});
    const failed = runs.find((r) => r.id > first.runId);
    if (failed !== undefined) {
      expect(failed.status).toBe('incomplete');
      expect(store.collections(failed.id)).toEqual([]);
      expect(store.resultSets(failed.id)).toEqual([]);
    }
    expect(runs.filter((r) => r.status === 'sealed').map((r) => r.id)).toEqual([first.runId]);
    const verified = store.verify();
    expect(verified.problems).toEqual([]);
    expect(verified.ok).toBe(true);

    // Space again: the next run seals and chains to the last good one.
    db.pragma('max_page_count = 1073741823');
    const next = await runGithubAt(store, config, NOW);
    expect(store.getRun(next.runId)?.status).toBe('sealed');
    expect(store.getRun(next.runId)?.prevSeal).toBe(first.seal);
    expect(store.verify().ok).toBe(true);
    expect(Number(db.pragma('integrity_check', { simple: true }) === 'ok' ? 1 : 0)).toBe(1);
  });

  it('a full disk on the very first run: refused with the path, nothing sealed, the run not left running', async () => {
    const started = await startGithub();
    fake = started.fake;
    const config = githubConfig({ url: fake.url, token: token(started.estate, 'demo-owner') });
    dir = mkdtempSync(join(tmpdir(), 'cw-full-'));
    const path = join(dir, 'e.db');
    store = smallPageStore(path);
    const db = connectionOf(store);
    db.pragma(`max_page_count = ${Number(db.pragma('page_count', { simple: true }))}`);
    await expect(runGithubAt(store, config, NOW)).rejects.toThrow(/evidence store .*e\.db could not be written: the disk \(or file system quota\) is full/);
    expect(store.listRuns({}).filter((r) => r.status !== 'incomplete')).toEqual([]);
    expect(store.verify().ok).toBe(true);
  });
});
