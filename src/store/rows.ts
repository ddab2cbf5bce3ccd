import type { HashKeys } from './hash-keys.js';
import type { CollectionRow, CollectionStatus, ResultSetRow, RunCheckRow, RunRow, RunStatus, SealVersion, Trigger } from './types.js';

/**
 * SQL row shapes and their mapping to the public camelCase rows. Every reader (queries, sealing,
 * verify) goes through these, so what is sealed is exactly what is read back.
 */

/** Hash columns are read as lowercase hex whatever the file stores (hash-keys.ts). */
export const runColumns = (keys: HashKeys, runChecks: boolean) => `id, started_at, finished_at, trigger, agent_version, config_hash, ${keys.column('scope_hash')},
  ${keys.column('exceptions_hash')}, writer_pid, writer_host, status, seal, prev_seal, ${runChecks ? 'seal_version' : '1 AS seal_version'}`;

export interface RunSqlRow {
  id: number;
  started_at: string;
  finished_at: string | null;
  trigger: string;
  agent_version: string;
  config_hash: string;
  scope_hash: string;
  exceptions_hash: string;
  writer_pid: number;
  writer_host: string;
  status: string;
  seal: string | null;
  prev_seal: string | null;
  seal_version: number;
}

export function toRunRow(r: RunSqlRow): RunRow {
  return {
    id: r.id,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    trigger: r.trigger as Trigger,
    agentVersion: r.agent_version,
    configHash: r.config_hash,
    scopeHash: r.scope_hash,
    exceptionsHash: r.exceptions_hash,
    writerPid: r.writer_pid,
    writerHost: r.writer_host,
    status: r.status as RunStatus,
    seal: r.seal,
    prevSeal: r.prev_seal,
    sealVersion: r.seal_version as SealVersion,
  };
}

export const collectionColumns = (keys: HashKeys) => `run_id, collector, scope, status, error, api_calls, throttles,
  calls_by_operation, started_at, finished_at, duration_ms, observation_count, gap_count, ${keys.column('manifest_hash')}`;

export interface CollectionSqlRow {
  run_id: number;
  collector: string;
  scope: string;
  status: string;
  error: string | null;
  api_calls: number;
  throttles: number;
  calls_by_operation: string;
  started_at: string;
  finished_at: string;
  duration_ms: number;
  observation_count: number;
  gap_count: number;
  manifest_hash: string;
}

export function toCollectionRow(r: CollectionSqlRow): CollectionRow {
  return {
    runId: r.run_id,
    collector: r.collector,
    scope: r.scope,
    status: r.status as CollectionStatus,
    error: r.error,
    apiCalls: r.api_calls,
    throttles: r.throttles,
    callsByOperation: JSON.parse(r.calls_by_operation) as Record<string, number>,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    durationMs: r.duration_ms,
    observationCount: r.observation_count,
    gapCount: r.gap_count,
    manifestHash: r.manifest_hash,
  };
}

/** `table`: the alias the columns are read through in a join (`rs`), named as the bare columns. */
export const resultSetColumns = (keys: HashKeys, table?: string) =>
  columnList(keys, ['run_id', 'check_id', 'scope', 'pass', 'fail', 'error', 'excepted', 'not_applicable'], 'results_hash', table);

/** Plain columns then one hash column (read as hex), through a join's table alias when given, named as the bare columns. */
function columnList(keys: HashKeys, names: readonly string[], hashColumn: string, table: string | undefined): string {
  const t = table === undefined ? '' : `${table}.`;
  return `${names.map((n) => (t ? `${t}${n} AS ${n}` : n)).join(', ')}, ${keys.column(`${t}${hashColumn}`, hashColumn)}`;
}

export interface ResultSetSqlRow {
  run_id: number;
  check_id: string;
  scope: string;
  pass: number;
  fail: number;
  error: number;
  excepted: number;
  not_applicable: number;
  results_hash: string;
}

export function toResultSetRow(r: ResultSetSqlRow): ResultSetRow {
  return {
    runId: r.run_id,
    checkId: r.check_id,
    scope: r.scope,
    counts: countsOf(r),
    resultsHash: r.results_hash,
  };
}

export const runCheckColumns = (keys: HashKeys, table?: string) =>
  columnList(keys, ['run_id', 'check_id', 'scopes', 'pass', 'fail', 'error', 'excepted', 'not_applicable'], 'result_sets_hash', table);

export interface RunCheckSqlRow {
  run_id: number;
  check_id: string;
  scopes: number;
  pass: number;
  fail: number;
  error: number;
  excepted: number;
  not_applicable: number;
  result_sets_hash: string;
}

export function toRunCheckRow(r: RunCheckSqlRow): RunCheckRow {
  return {
    runId: r.run_id,
    checkId: r.check_id,
    scopes: r.scopes,
    counts: countsOf(r),
    resultSetsHash: r.result_sets_hash,
  };
}

/** A row's status counts, keys in canonical order, so a seal over these rows hashes them without a copy (seal.ts). */
function countsOf(r: { error: number; excepted: number; fail: number; not_applicable: number; pass: number }) {
  return { error: r.error, excepted: r.excepted, fail: r.fail, not_applicable: r.not_applicable, pass: r.pass };
}
