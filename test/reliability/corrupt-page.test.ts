import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EvidenceStore } from '../../src/store/index.js';

/**
 * Issue 14, the suite's point 3, corruption: a damaged page inside a store (not its header). SQLite reads pages
 * lazily, so the damage shows at open (when the page holds the schema) or at verify (its integrity check walks
 * every page): either way a clear message naming the store, never a verdict of intact.
 */
const dir = mkdtempSync(join(tmpdir(), 'cw-corrupt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function storeWithRuns(path: string): number {
  const store = EvidenceStore.open(path);
  for (let i = 0; i < 20; i++) {
    const day = `2026-03-${String(i + 1).padStart(2, '0')}`;
    const id = store.beginRun({ startedAt: `${day}T06:00:00.000Z`, trigger: 'test', agentVersion: 'test', configHash: 'x', scope: { filler: 'y'.repeat(3000), i }, exceptions: [] });
    store.completeRun(id, { finishedAt: `${day}T06:00:01.000Z`, collections: [], resultSets: [] });
  }
  const pageSize = Number((store as unknown as { db: { pragma(s: string, o: object): unknown } }).db.pragma('page_size', { simple: true }));
  // Fold the WAL into the file, so the damage below is what a reader sees.
  (store as unknown as { db: { pragma(s: string): unknown } }).db.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
  return pageSize;
}

describe('a damaged page', () => {
  it.each([2, 5, 12])('page %i overwritten: refused at open or found by verify, with the store named', (page) => {
    const path = join(dir, `p${page}.db`);
    const pageSize = storeWithRuns(path);
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (page - 1) * pageSize);
    closeSync(fd);
    let store: EvidenceStore | undefined;
    try {
      store = EvidenceStore.open(path, { readonly: true });
    } catch (error) {
      expect((error as Error).message).toMatch(new RegExp(`evidence store .*p${page}\\.db (is damaged|is not a SQLite database)`));
      return;
    }
    try {
      const report = store.verify();
      expect(report.ok).toBe(false);
      // Either the integrity check's finding, or the error it stopped on, with the store named and what to do.
      expect(report.problems.join('\n')).toMatch(new RegExp(`SQLite quick_check: .*page|evidence store .*p${page}\\.db is damaged \\(corrupt page\\): restore it from a copy`, 's'));
    } finally {
      store.close();
    }
  });
});
