import Database from 'better-sqlite3';
import type { Observation } from '../../src/model/observation.js';
import { compress, toCanonicalBlob } from '../../src/store/blob-codec.js';
import { APPLICATION_ID } from '../../src/store/migrations.js';
import { StoreQueries } from '../../src/store/queries.js';
import { prepareCollection, prepareResultSet } from '../../src/store/records.js';
import { SCHEMA_V1 } from '../../src/store/schema-v1.js';
import { computeSeal } from '../../src/store/seal.js';
import { dayData, header } from './fixtures.js';

/**
 * Writes a store as agents before chunk trees did (schema 1): every manifest and results list is
 * ONE flat blob, however large. Raw SQL on purpose, so the fixture does not change when the
 * store's writer does; the seal is the unchanged schema-1 seal.
 */
export function writeFlatStore(path: string, days: Observation[][]): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(SCHEMA_V1);
  db.pragma('user_version = 1');
  db.pragma(`application_id = ${APPLICATION_ID}`);
  const queries = new StoreQueries(db);
  const insertBlob = db.prepare('INSERT OR IGNORE INTO blobs (hash, size, data) VALUES (?, ?, ?)');
  const put = (value: unknown): string => {
    const { hash, bytes } = toCanonicalBlob(value);
    insertBlob.run(hash, bytes.length, compress(bytes));
    return hash;
  };
  let prevSeal: string | null = null;
  days.forEach((users, index) => {
    const day = index + 1;
    const h = header(day);
    const data = dayData(day, users);
    const runId = Number(
      db
        .prepare(
          `INSERT INTO runs (started_at, trigger, agent_version, config_hash, scope_hash, exceptions_hash, writer_pid, writer_host, status)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running')`,
        )
        .run(h.startedAt, h.trigger, h.agentVersion, h.configHash, put(h.scope), put(h.exceptions), process.pid, 'legacy-host').lastInsertRowid,
    );
    for (const c of data.collections) {
      const { manifest, observations } = prepareCollection(c);
      observations.forEach((observation) => put(observation));
      db.prepare(
        `INSERT INTO collections (run_id, collector, scope, status, error, api_calls, throttles, calls_by_operation,
           started_at, finished_at, duration_ms, observation_count, gap_count, manifest_hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(runId, c.collector, c.scope, c.status, c.error, c.apiCalls, c.throttles, '{}', c.startedAt, c.finishedAt,
        Date.parse(c.finishedAt) - Date.parse(c.startedAt), Object.keys(manifest.observations).length, manifest.gaps.length, put(manifest));
    }
    for (const r of data.resultSets) {
      const { results, counts } = prepareResultSet(r);
      db.prepare(
        `INSERT INTO result_sets (run_id, check_id, scope, pass, fail, error, excepted, not_applicable, results_hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(runId, r.checkId, r.scope, counts.pass, counts.fail, counts.error, counts.excepted, counts.not_applicable, put(results));
    }
    db.prepare('UPDATE runs SET finished_at = ? WHERE id = ?').run(data.finishedAt, runId);
    const seal = computeSeal(queries.getRun(runId)!, queries.collections(runId), queries.resultSets(runId), prevSeal);
    db.prepare(`UPDATE runs SET status = 'sealed', seal = ?, prev_seal = ? WHERE id = ?`).run(seal, prevSeal, runId);
    prevSeal = seal;
  });
  db.close();
}
