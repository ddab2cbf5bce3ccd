import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EvidenceClassError, EvidenceStore } from '../../src/store/index.js';
import { dayData, header, tempDb, user } from './fixtures.js';
import { writeFlatStore } from './legacy-fixture.js';
import { runCliProcess } from '../helpers/cli.js';
import { EXIT } from '../../src/cli/exit-codes.js';

/** One store, one class of evidence: simulated (demo) runs never enter a production chain, nor the reverse. */
describe('evidence class per store', () => {
  let path: string;
  let cleanup: () => void;
  beforeEach(() => ({ path, cleanup } = tempDb()));
  afterEach(() => cleanup());

  function seal(store: EvidenceStore, day: number, trigger: 'manual' | 'demo' | 'test') {
    const id = store.beginRun(header(day, { trigger }));
    store.completeRun(id, dayData(day, [user('alice', true)]));
    return id;
  }

  it('is fixed by the first run and stays', () => {
    const store = EvidenceStore.open(path);
    try {
      expect(store.evidenceClass()).toBeNull();
      seal(store, 1, 'manual');
      expect(store.evidenceClass()).toBe('production');
      seal(store, 2, 'manual');
    } finally {
      store.close();
    }
    const reader = EvidenceStore.open(path, { readonly: true });
    expect(reader.evidenceClass()).toBe('production');
    reader.close();
  });

  it('refuses a demo run in a production store, before anything is written, naming the file and what to do', () => {
    const store = EvidenceStore.open(path);
    try {
      seal(store, 1, 'manual');
      expect(() => store.assertAccepts('demo')).toThrow(EvidenceClassError);
      expect(() => store.beginRun(header(2, { trigger: 'demo' }))).toThrow(
        new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} holds production evidence .*refusing to record demo evidence.*controlwatch-demo\\.db`),
      );
      expect(store.listRuns().map((r) => r.trigger)).toEqual(['manual']);
      expect(store.verify().ok).toBe(true);
    } finally {
      store.close();
    }
  });

  it('refuses a production run in a demo store', () => {
    const store = EvidenceStore.open(path);
    try {
      seal(store, 1, 'demo');
      expect(() => store.beginRun(header(2, { trigger: 'manual' }))).toThrow(/holds demo evidence .*refusing to record production evidence/);
      expect(() => store.beginRun(header(2, { trigger: 'schedule' }))).toThrow(EvidenceClassError);
      expect(store.listRuns()).toHaveLength(1);
    } finally {
      store.close();
    }
  });

  it('a store written before evidence classes is classed by its runs when migrated (and read-only, before migration)', () => {
    writeFlatStore(path, [[user('alice', true)]]);
    const raw = new Database(path);
    raw.prepare(`UPDATE runs SET trigger = 'demo'`).run();
    raw.close();
    const reader = EvidenceStore.open(path, { readonly: true });
    expect(reader.evidenceClass()).toBe('demo');
    reader.close();
    const writer = EvidenceStore.open(path);
    try {
      expect(writer.evidenceClass()).toBe('demo');
      expect(() => writer.assertAccepts('manual')).toThrow(EvidenceClassError);
    } finally {
      writer.close();
    }
  });

  it('`controlwatch --db <production store> demo` exits with the store-problem code and the message and leaves the store as it was', async () => {
    const store = EvidenceStore.open(path);
    seal(store, 1, 'manual');
    store.close();
    const result = await runCliProcess(['--db', path, 'demo']);
    expect(result.code).toBe(EXIT.store);
    expect(result.stderr).toContain('holds production evidence');
    expect(result.stdout).toBe('');
    const after = EvidenceStore.open(path, { readonly: true });
    expect(after.listRuns().map((r) => r.trigger)).toEqual(['manual']);
    after.close();
  });
});
