import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compress, toCanonicalBlob } from '../../src/store/blob-codec.js';
import { EvidenceStore, SCHEMA_VERSION } from '../../src/store/index.js';
import { prepareSchema } from '../../src/store/migrations.js';
import { cli } from '../cli/in-process.js';
import { manyUsers, sealedRun, tempDb, withFlippedMfa } from './fixtures.js';
import { writeFlatStore } from './legacy-fixture.js';

/**
 * Schema 8 stores content hashes as 32-byte BLOBs (schema-binary-hashes.ts). A store written at schema 7
 * (hex TEXT keys) is migrated by the first writer; every seal written before still verifies (seals hash
 * the hex strings, which the code still sees), and what the commands print does not change.
 */
describe('migration 8: content hashes as 32-byte BLOBs', () => {
  const USERS = manyUsers(300);
  const CHANGED = withFlippedMfa(USERS, 42);
  let path: string;
  let cleanup: () => void;

  /** A version-7 store: three flat-blob runs (legacy-fixture.ts), migrated to 7, plus an attestation row. */
  function writeVersion7Store(): void {
    writeFlatStore(path, [USERS, CHANGED, CHANGED]);
    const raw = new Database(path);
    prepareSchema(raw, false, 7);
    const record = toCanonicalBlob({ attestation: { control: 'A.5.18', by: 'erin', recordedAt: '2025-03-02T09:00:00.000Z', day: '2025-03-02', note: 'Q4 review', files: [] } });
    raw.prepare('INSERT INTO blobs (hash, size, data) VALUES (?, ?, ?)').run(record.hash, record.bytes.length, compress(record.bytes));
    raw.prepare(`INSERT INTO attestations (recorded_at, day, control, attested_by, record_hash) VALUES ('2025-03-02T09:00:00.000Z', '2025-03-02', 'A.5.18', 'erin', ?)`).run(record.hash);
    raw.close();
  }

  function inspect(sql: string): unknown[] {
    const raw = new Database(path, { readonly: true });
    try {
      return raw.prepare(sql).all();
    } finally {
      raw.close();
    }
  }

  /** What a reader sees: every run, row, manifest, results list and attestation, with the hashes as hex. */
  function readEverything(store: EvidenceStore) {
    return store.listRuns().map((run) => ({
      run,
      collections: store.collections(run.id).map((c) => ({ ...c, manifest: store.manifest(c.manifestHash) })),
      resultSets: store.resultSets(run.id).map((r) => ({ ...r, results: store.results(r.resultsHash) })),
    }));
  }

  beforeEach(() => {
    ({ path, cleanup } = tempDb());
    writeVersion7Store();
  });
  afterEach(() => cleanup());

  it('a writer migrates a version-7 store: keys become 32-byte BLOBs, seals still verify, reads and reports are unchanged', async () => {
    expect(inspect('PRAGMA user_version')).toEqual([{ user_version: 7 }]);
    expect(inspect(`SELECT DISTINCT typeof(hash) AS t, length(hash) AS n FROM blobs`)).toEqual([{ t: 'text', n: 64 }]);
    // Before: a read-only open reads the hex TEXT keys as they are (and does not migrate).
    const reader = EvidenceStore.open(path, { readonly: true });
    const before = { everything: readEverything(reader), verify: reader.verify() };
    reader.close();
    expect(before.verify).toMatchObject({ ok: true, runsChecked: 3, problems: [] });
    const reportBefore = await cli(['report', '--db', path, '--format', 'json']);
    const verifyBefore = await cli(['--db', path, 'verify', '--format', 'json']);
    expect(reportBefore.code).toBe(0);
    expect(inspect('PRAGMA user_version')).toEqual([{ user_version: 7 }]);

    const writer = EvidenceStore.open(path);
    try {
      expect(writer.verify()).toEqual(before.verify);
      expect(readEverything(writer)).toEqual(before.everything);
      // A new run chains onto the migrated ones and writes BLOB keys.
      const next = sealedRun(writer, 4, USERS);
      expect(writer.getRun(next.id)?.prevSeal).toBe(before.everything[0]!.run.seal);
      expect(writer.verify()).toMatchObject({ ok: true, runsChecked: 4, problems: [] });
    } finally {
      writer.close();
    }

    expect(inspect('PRAGMA user_version')).toEqual([{ user_version: SCHEMA_VERSION }]);
    for (const [table, column] of [['blobs', 'hash'], ['runs', 'scope_hash'], ['runs', 'exceptions_hash'], ['collections', 'manifest_hash'], ['result_sets', 'results_hash'], ['attestations', 'record_hash']]) {
      expect(inspect(`SELECT DISTINCT typeof(${column}) AS t, length(${column}) AS n FROM ${table}`), `${table}.${column}`).toEqual([{ t: 'blob', n: 32 }]);
    }
    expect(inspect('PRAGMA foreign_key_check')).toEqual([]);
    // The old tables' pages were given back (VACUUM after the rebuild), not left as free pages in a doubled file.
    expect(inspect('PRAGMA freelist_count')).toEqual([{ freelist_count: 0 }]);
    expect(inspect(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE '%_v8'`)).toEqual([]);
    expect(inspect(`SELECT name FROM sqlite_schema WHERE type = 'index' AND name IN ('blobs_by_hash', 'runs_by_status', 'attestations_by_control') ORDER BY name`)).toHaveLength(3);
    // The tables that were WITHOUT ROWID still are (their key is the table, no second copy of it).
    for (const table of ['collections', 'result_sets']) {
      expect(String((inspect(`SELECT sql FROM sqlite_schema WHERE name = '${table}'`)[0] as { sql: string }).sql)).toMatch(/WITHOUT ROWID\s*$/);
    }

    // What the commands print about the migrated runs is what they printed before (the report of the
    // then-latest run 3, the verify of runs 1-3 is a prefix of the verify of 1-4).
    const reportAfter = await cli(['report', '--db', path, '--format', 'json', '--run', '3']);
    expect(reportAfter.code).toBe(0);
    expect(reportAfter.stdout).toBe(reportBefore.stdout);
    const verifyAfter = await cli(['--db', path, 'verify', '--format', 'json']);
    expect(JSON.parse(verifyAfter.stdout)).toMatchObject({ ok: true, problems: [], attestations: { checked: 1, problems: [] } });
    expect(verifyAfter.code).toBe(0);
    const runsOf = (out: string) => (JSON.parse(out) as { runs: unknown[] }).runs;
    expect(runsOf(verifyAfter.stdout).slice(0, 3)).toEqual(runsOf(verifyBefore.stdout));
  });

  it('keeps the highest issued run id, so a deleted newest run is still reported after the migration', () => {
    const raw = new Database(path);
    raw.prepare(`UPDATE sqlite_sequence SET seq = 5 WHERE name = 'runs'`).run();
    raw.close();
    const reader = EvidenceStore.open(path, { readonly: true });
    const before = reader.verify();
    reader.close();
    expect(before.runs.filter((r) => r.verdict === 'missing').map((r) => r.id)).toEqual([4, 5]);

    const writer = EvidenceStore.open(path);
    try {
      expect(writer.verify()).toEqual(before);
    } finally {
      writer.close();
    }
    expect(inspect(`SELECT name, seq FROM sqlite_sequence ORDER BY name`)).toEqual([
      { name: 'attestations', seq: 1 },
      { name: 'runs', seq: 5 },
    ]);
  });

  it('a store that already pointed at a missing blob migrates with the same problem, named the same way by verify', () => {
    const raw = new Database(path);
    const [hash] = raw.prepare('SELECT results_hash FROM result_sets WHERE run_id = 2 LIMIT 1').pluck().all() as string[];
    raw.pragma('foreign_keys = OFF');
    raw.prepare('DELETE FROM blobs WHERE hash = ?').run(hash);
    raw.close();
    const reader = EvidenceStore.open(path, { readonly: true });
    const before = reader.verify();
    reader.close();
    expect(before.firstBadRun?.reason).toContain(`blob ${hash} is missing`);

    const writer = EvidenceStore.open(path);
    try {
      expect(writer.verify()).toEqual(before);
    } finally {
      writer.close();
    }
    expect(inspect('PRAGMA user_version')).toEqual([{ user_version: SCHEMA_VERSION }]);
  });

  it('a migration that would break a reference is rolled back and leaves the store as it was', () => {
    const raw = new Database(path);
    // A reference the copy cannot carry over: not hex, so unhex() gives NULL and the new row is refused.
    raw.pragma('foreign_keys = OFF');
    raw.prepare(`UPDATE runs SET exceptions_hash = 'not hex' || substr(exceptions_hash, 8) WHERE id = 3`).run();
    raw.close();
    expect(() => EvidenceStore.open(path)).toThrow(/migration to schema 8 \(content hashes stored as 32-byte BLOBs\) failed, so the store was left unchanged at schema 7: NOT NULL constraint failed: runs_v8\.exceptions_hash.*verify/);
    expect(inspect('PRAGMA user_version')).toEqual([{ user_version: 7 }]);
    expect(inspect(`SELECT DISTINCT typeof(hash) AS t FROM blobs`)).toEqual([{ t: 'text' }]);
    const reader = EvidenceStore.open(path, { readonly: true });
    try {
      expect(reader.verify().firstBadRun?.id).toBe(3);
    } finally {
      reader.close();
    }
  });
});
