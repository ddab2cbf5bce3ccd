/**
 * Benchmark (not a test): evidence-store growth per day at DESIGN.md's scale — 12 scopes × 1,000
 * resources × 60 checks (~720k results/day here) — with a small daily churn, and the cost of sealing
 * and verifying. Prints figures; asserts nothing.
 *
 *   node --import tsx test/bench/store-growth.ts [days=7] [changedPerDay=60]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EvidenceStore } from '../../src/store/index.js';
import type { Observation } from '../../src/model/observation.js';
import type { CheckResult } from '../../src/model/result.js';

const DAYS = Number(process.argv[2] ?? 7);
const CHANGED_PER_DAY = Number(process.argv[3] ?? 60);
const SCOPES = 12;
const RESOURCES = 1_000;
const CHECKS = 60;

const dir = mkdtempSync(join(tmpdir(), 'cw-bench-'));
const path = join(dir, 'bench.db');
const store = EvidenceStore.open(path);
const raw = new Database(path, { readonly: true });

/**
 * Pages held by the blobs table and its hash index (blobs_by_hash; sqlite_autoindex_blobs_1 before schema 8): what blobs really cost on disk, row
 * and key overhead included (compressed bytes alone undercount many small blobs).
 */
function blobPageBytes(): number {
  const row = raw.prepare(`SELECT coalesce(sum(pgsize), 0) AS bytes FROM dbstat WHERE name IN ('blobs', 'sqlite_autoindex_blobs_1', 'blobs_by_hash')`).get() as { bytes: number };
  return row.bytes;
}
const version = new Map<string, number>(); // resource → how many times it changed

function observation(scope: number, i: number): Observation {
  const id = `arn:aws:s3:::bucket-${scope}-${i}`;
  return { type: 'aws.s3.bucket', id, scope: `aws:${String(scope).padStart(12, '0')}`, attributes: { name: id, versioning: (version.get(id) ?? 0) % 2 === 0, region: 'eu-west-1', tags: { team: `t${i % 17}` } }, source: ['s3:GetBucketVersioning'] };
}

const mb = (n: number) => (n / 1024 / 1024).toFixed(3);
let previous = { blobBytes: 0, blobs: 0, pageBytes: 0 };
const churnDays = { blobs: 0, blobBytes: 0, pageBytes: 0, ms: 0, days: 0 };
console.log(`scale: ${SCOPES} scopes × ${RESOURCES} resources × ${CHECKS} checks = ${(SCOPES * RESOURCES * CHECKS).toLocaleString()} results/day; ${CHANGED_PER_DAY} resources change per day`);
for (let day = 1; day <= DAYS; day += 1) {
  if (day > 1) for (let k = 0; k < CHANGED_PER_DAY; k += 1) {
    const id = `arn:aws:s3:::bucket-${(day * 7 + k) % SCOPES}-${(day * 131 + k * 17) % RESOURCES}`;
    version.set(id, (version.get(id) ?? 0) + 1);
  }
  const at = (m: number) => `2026-11-${String(day).padStart(2, '0')}T06:${String(m).padStart(2, '0')}:00.000Z`;
  const started = process.hrtime.bigint();
  const runId = store.beginRun({ startedAt: at(0), trigger: 'test', agentVersion: 'bench', configHash: 'bench', scope: { scopes: SCOPES }, exceptions: [] });
  const collections = [];
  const resultSets = [];
  for (let s = 0; s < SCOPES; s += 1) {
    const observations = Array.from({ length: RESOURCES }, (_, i) => observation(s, i));
    const scope = observations[0]!.scope;
    collections.push({ collector: 'aws-s3', scope, status: 'ok' as const, error: null, apiCalls: RESOURCES, throttles: 0, callsByOperation: {}, startedAt: at(0), finishedAt: at(1), observations, gaps: [] });
    for (let c = 0; c < CHECKS; c += 1) {
      const results: CheckResult[] = observations.map((o) => ({ checkId: `check.${c}`, scope, resourceId: o.id, status: c === 0 && !(o.attributes as { versioning: boolean }).versioning ? 'fail' : 'pass', reason: c === 0 ? 'versioning' : 'ok' }));
      resultSets.push({ checkId: `check.${c}`, scope, results });
    }
  }
  store.completeRun(runId, { finishedAt: at(2), collections, resultSets });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const stats = { ...store.stats(), pageBytes: blobPageBytes() };
  console.log(
    `day ${day}: write+seal ${ms.toFixed(0)} ms; +${stats.blobs - previous.blobs} blobs, +${mb(stats.blobBytes - previous.blobBytes)} MB compressed evidence, +${mb(stats.pageBytes - previous.pageBytes)} MB blob pages (total ${mb(stats.blobBytes)} MB; file+WAL ${mb(stats.fileBytes)} MB)`,
  );
  if (day > 1) {
    churnDays.days += 1;
    churnDays.ms += ms;
    churnDays.blobs += stats.blobs - previous.blobs;
    churnDays.blobBytes += stats.blobBytes - previous.blobBytes;
    churnDays.pageBytes += stats.pageBytes - previous.pageBytes;
  }
  previous = stats;
}
if (churnDays.days > 0) {
  const perDay = (n: number) => n / churnDays.days;
  console.log(
    `per churn day (mean of days 2–${DAYS}): write+seal ${perDay(churnDays.ms).toFixed(0)} ms, +${perDay(churnDays.blobs).toFixed(0)} blobs, ` +
      `+${mb(perDay(churnDays.blobBytes))} MB compressed (${(perDay(churnDays.blobBytes) * 365 / 1024 / 1024).toFixed(0)} MB/year), ` +
      `+${mb(perDay(churnDays.pageBytes))} MB blob pages (${(perDay(churnDays.pageBytes) * 365 / 1024 / 1024).toFixed(0)} MB/year)`,
  );
}
const started = process.hrtime.bigint();
const report = store.verify();
console.log(`verify: ${report.ok ? 'ok' : 'FAILED'}, ${report.runsChecked} runs, ${report.blobsChecked} blobs in ${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(0)} ms`);
raw.close();
store.close();
rmSync(dir, { recursive: true, force: true });
