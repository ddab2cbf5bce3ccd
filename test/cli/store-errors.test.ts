import { describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, StoreOpenError } from '../../src/engine/config-resolution.js';

describe('a store that cannot be opened', () => {
  it.skipIf(process.getuid?.() === 0)('an unwritable directory: the error names the path and the user id (exit 7 in the CLI)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-ro-'));
    chmodSync(dir, 0o500);
    const path = join(dir, 'evidence.db');
    try {
      expect(() => openStore(path, false)).toThrow(StoreOpenError);
      expect(() => openStore(path, false)).toThrow(new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*running as user id ${process.getuid!()}`));
    } finally {
      chmodSync(dir, 0o700);
    }
  });

  it('a path SQLite cannot open (here a directory): a store error naming the path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-dir-'));
    expect(() => openStore(dir, false)).toThrow(StoreOpenError);
    expect(() => openStore(dir, false)).toThrow(dir);
  });

  it('a missing directory names the path', () => {
    expect(() => openStore('/nonexistent-cw-dir/evidence.db', false)).toThrow(/\/nonexistent-cw-dir/);
  });
});
