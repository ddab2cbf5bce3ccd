/**
 * Benchmark (not a test): what `export --format parquet` costs an agent — a store of D daily runs over
 * S scopes × R resources × C checks (written through the store API with a small daily churn, like
 * store-growth.ts), then the period's rows streamed through the period layer into a Parquet file with
 * the export's own writer. Prints rows, wall time, rows per second, file bytes per row and peak RSS;
 * asserts nothing. Then DuckDB reads the file back and counts the rows (so the file is known to open).
 *
 *   node --import tsx test/bench/parquet-export.ts [scopes=4] [resources=1000] [checks=30] [days=3]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { openEvidence } from '../../src/period/index.js';
import { controlsByCheck, resultRows, writeResultsParquetFile } from '../../src/export/parquet.js';
import { EvidenceStore } from '../../src/store/index.js';
import type { Observation } from '../../src/model/observation.js';
import type { CheckResult } from '../../src/model/result.js';

const [SCOPES, RESOURCES, CHECKS, DAYS] = [4, 1_000, 30, 3].map((d, i) => Number(process.argv[2 + i] ?? d)) as [number, number, number, number];
const dir = mkdtempSync(join(tmpdir(), 'cw-bench-parquet-'));
const path = join(dir, 'bench.db');
const day = (d: number) => `2026-01-${String(d + 1).padStart(2, '0')}`;

// The export is synchronous (better-sqlite3, a synchronous file writer), so RSS is sampled from the row stream itself.
let peak = 0;
const ms = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

const store = EvidenceStore.open(path);
let t = process.hrtime.bigint();
for (let d = 0; d < DAYS; d += 1) {
  const startedAt = `${day(d)}T06:00:00.000Z`;
  const scopes = Array.from({ length: SCOPES }, (_, s) => `aws:${String(100000000000 + s)}`);
  const id = store.beginRun({ startedAt, trigger: 'test', agentVersion: 'bench', configHash: 'b'.repeat(64), scope: { collectors: [{ id: 'bench', scopes }] }, exceptions: [] });
  const collections = scopes.map((scope) => {
    const observations: Observation[] = Array.from({ length: RESOURCES }, (_, i) => ({ type: 'aws.s3.bucket', id: `arn:aws:s3:::${scope.slice(4)}-${i}`, scope, attributes: { versioning: (i + d) % 100 !== 0 }, source: ['s3:GetBucketVersioning'] }));
    return { collector: 'bench', scope, status: 'ok' as const, error: null, apiCalls: RESOURCES, throttles: 0, callsByOperation: {}, startedAt, finishedAt: `${day(d)}T06:01:00.000Z`, observations, gaps: [] };
  });
  const resultSets = scopes.flatMap((scope) =>
    Array.from({ length: CHECKS }, (_, c) => ({
      checkId: `bench.check_${c}`,
      scope,
      results: Array.from({ length: RESOURCES }, (_, i): CheckResult => {
        const fail = (i + c + d) % 50 === 0; // 2% failing, moving a little every day
        return { checkId: `bench.check_${c}`, scope, resourceId: `arn:aws:s3:::${scope.slice(4)}-${i}`, status: fail ? 'fail' : 'pass', reason: fail ? 'versioning is off' : 'versioning is on' };
      }),
    })),
  );
  store.completeRun(id, { finishedAt: `${day(d)}T06:02:00.000Z`, collections, resultSets });
}
console.log(`store: ${DAYS} runs × ${SCOPES} scopes × ${RESOURCES.toLocaleString()} resources × ${CHECKS} checks = ${(DAYS * SCOPES * RESOURCES * CHECKS).toLocaleString()} results, written in ${ms(t).toFixed(0)} ms`);
store.close();

// Each check maps to two controls of one framework, so every row carries a two-element controls list.
const controls = Array.from({ length: CHECKS }, (_, c) => [
  { framework: 'bench', controlId: `C.${c}`, checks: [`bench.check_${c}`] },
  { framework: 'bench', controlId: `D.${c % 7}`, checks: [`bench.check_${c}`] },
]).flat();
const reader = EvidenceStore.open(path, { readonly: true });
const evidence = openEvidence(reader, { timezone: 'UTC', producers: () => ['bench'] });
const file = join(dir, 'export.parquet');
const range = { from: day(0), to: day(DAYS - 1) };
globalThis.gc?.();
const before = process.memoryUsage().rss;
peak = before;
t = process.hrtime.bigint();
const cpu = process.cpuUsage();
let rows = 0;
const counted = (function* () {
  for (const row of resultRows(evidence, range, controlsByCheck(controls), false)) {
    rows += 1;
    if (rows % 10_000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    yield row;
  }
})();
await writeResultsParquetFile(file, counted, { range, timezone: 'UTC' });
const elapsed = ms(t);
const used = process.cpuUsage(cpu);
const cpuMs = (used.user + used.system) / 1000;
reader.close();
const bytes = statSync(file).size;
console.log(
  `export --format parquet: ${rows.toLocaleString()} rows in ${elapsed.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU (${Math.round(rows / (cpuMs / 1000)).toLocaleString()} rows per CPU second), ` +
    `${(bytes / 1e6).toFixed(2)} MB (${(bytes / rows).toFixed(2)} bytes/row), peak RSS during export ${(peak / 1e6).toFixed(0)} MB (${(before / 1e6).toFixed(0)} MB before it)`,
);

const duck = await (await DuckDBInstance.create(':memory:')).connect();
t = process.hrtime.bigint();
const [check] = (await duck.runAndReadAll(`SELECT count(*) AS n, count(*) FILTER (WHERE status = 'fail') AS failing FROM '${file}'`)).getRowObjectsJson();
console.log(`duckdb: read back ${check!.n} rows (${check!.failing} failing) in ${ms(t).toFixed(0)} ms`);
duck.closeSync();
rmSync(dir, { recursive: true, force: true });
