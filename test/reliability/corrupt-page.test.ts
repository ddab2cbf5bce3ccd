import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EvidenceStore } from '../../src/store/index.js';
import { storeWithPaddedRuns } from '../store/fixtures.js';

/**
 * Issue 14, the suite's point 3, corruption: a damaged page inside a store (not its header). SQLite reads pages
 * lazily, so the damage shows at open (when the page holds the schema) or at verify (its integrity check walks
 * every page): either way a clear message naming the store, never a verdict of intact.
 */
const dir = mkdtempSync(join(tmpdir(), 'cw-corrupt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a damaged page', () => {
  it.each([2, 5, 12])('page %i overwritten: refused at open or found by verify, with the store named', (page) => {
    const path = join(dir, `p${page}.db`);
    const pageSize = storeWithPaddedRuns(path);
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
