import { ByteWriter, fileWriter, parquetWriteRows } from 'hyparquet-writer';
import type { ControlRef, DayRange, EvidenceReader } from '../period/index.js';
import { AGENT_VERSION } from '../util/project-root.js';

/**
 * `export --format parquet`: one row per result per sealed run over a period, so the exports of many
 * agents (one per scope partition, docs/scaling.md) land side by side in object storage and one
 * engine (DuckDB, Athena, Trino, Spark) answers questions across them. The schema is documented
 * column by column in docs/parquet-export.md; change it only with a new RESULTS_FORMAT.
 *
 * Rows are pulled run by run from the period layer and written in row groups by hyparquet-writer
 * (a maintained Parquet writer), so a year of a large estate is never held in memory at once.
 */
export const RESULTS_FORMAT = 'controlwatch-results/1';

/** One control a check maps to. */
export interface ControlCell {
  readonly framework: string;
  readonly control_id: string;
}

/** One row: a result of a check on a resource in a scope, in one sealed run, on the run's audit day. */
export interface ResultRow {
  readonly day: Date;
  readonly run_id: number;
  readonly run_started_at: Date;
  readonly trigger: string;
  readonly seal: string;
  readonly scope: string;
  readonly scope_unit: string;
  readonly check_id: string;
  readonly resource_id: string;
  readonly status: string;
  readonly reason: string;
  readonly underlying_status: string | null;
  readonly exception_id: string | null;
  readonly controls: readonly ControlCell[];
}

const text = (name: string, repetition: 'REQUIRED' | 'OPTIONAL' = 'REQUIRED') => ({ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: repetition }) as const;

/** The Parquet schema (flattened, as the format stores it): docs/parquet-export.md describes each column. */
export const RESULTS_SCHEMA = [
  { name: 'root', num_children: 14 },
  { name: 'day', type: 'INT32', converted_type: 'DATE', repetition_type: 'REQUIRED' },
  text('scope_unit'),
  text('scope'),
  text('check_id'),
  text('resource_id'),
  text('status'),
  text('reason'),
  text('underlying_status', 'OPTIONAL'),
  text('exception_id', 'OPTIONAL'),
  // LIST<STRUCT<framework, control_id>> in the standard three-level list layout.
  { name: 'controls', repetition_type: 'REQUIRED', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { name: 'element', repetition_type: 'REQUIRED', num_children: 2 },
  text('framework'),
  text('control_id'),
  { name: 'run_id', type: 'INT32', repetition_type: 'REQUIRED' },
  { name: 'run_started_at', type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', repetition_type: 'REQUIRED' },
  text('trigger'),
  text('seal'),
] as const;

const COLUMNS = RESULTS_SCHEMA.filter((e, i) => i > 0 && !['list', 'element', 'framework', 'control_id'].includes(e.name)).map((e) => ({ name: e.name }));

/** `aws:111111111111:eu-west-1` → `aws:111111111111`; `github:acme` stays: the account or organisation a scope belongs to. */
export function scopeUnit(scope: string): string {
  return scope.split(':').slice(0, 2).join(':');
}

/** Check id → the controls it maps to, from the period context's (filtered) controls. */
export function controlsByCheck(controls: readonly ControlRef[]): Map<string, ControlCell[]> {
  const out = new Map<string, ControlCell[]>();
  for (const c of controls) for (const check of c.checks) out.set(check, [...(out.get(check) ?? []), { framework: c.framework, control_id: c.controlId }]);
  return out;
}

/**
 * The rows of a period, day by day and run by run (every sealed run of each audit day; a day without
 * one has no rows: `period` and the JSON export name those gaps). `onlyMapped` keeps only the checks
 * that map to one of the given controls (when the export is filtered by framework or control).
 */
export function* resultRows(evidence: EvidenceReader, range: DayRange, byCheck: ReadonlyMap<string, readonly ControlCell[]>, onlyMapped: boolean): Generator<ResultRow> {
  for (const { day, runs } of evidence.runsByDay(range).days) {
    const dayDate = new Date(`${day}T00:00:00.000Z`);
    for (const run of runs) {
      // One result set at a time (the stored rows name them; only the chosen set is decompressed), so a
      // run of a large estate is never held whole.
      const sets: { checkId: string; scope: string }[] = [];
      evidence.results(run.id, (set) => {
        if (!onlyMapped || byCheck.has(set.checkId)) sets.push({ checkId: set.checkId, scope: set.scope });
        return false;
      });
      for (const wanted of sets) for (const r of evidence.results(run.id, (set) => set.checkId === wanted.checkId && set.scope === wanted.scope)) {
        yield {
          day: dayDate,
          run_id: run.id,
          run_started_at: new Date(run.startedAt),
          trigger: run.trigger,
          seal: run.seal!,
          scope: r.scope,
          scope_unit: scopeUnit(r.scope),
          check_id: r.checkId,
          resource_id: r.resourceId,
          status: r.status,
          reason: r.reason,
          underlying_status: r.underlying ?? null,
          exception_id: r.exceptionId ?? null,
          controls: byCheck.get(r.checkId) ?? [],
        };
      }
    }
  }
}

export interface ParquetMeta {
  readonly range: DayRange;
  readonly timezone: string;
}

function options(rows: Iterable<ResultRow>, meta: ParquetMeta) {
  return {
    rows: rows as Iterable<Record<string, unknown>>,
    columns: COLUMNS,
    // Mutable copies: the writer's SchemaElement type is not readonly.
    schema: RESULTS_SCHEMA.map((e) => ({ ...e })) as never,
    kvMetadata: [
      { key: 'controlwatch.format', value: RESULTS_FORMAT },
      { key: 'controlwatch.from', value: meta.range.from },
      { key: 'controlwatch.to', value: meta.range.to },
      { key: 'controlwatch.timezone', value: meta.timezone },
    ],
    createdBy: `controlwatch ${AGENT_VERSION}`,
    // Row groups of 20,000 rows: the writer holds one group's row objects and columns at a time.
    // Measured with test/bench/parquet-export.ts (360,000 rows): the library's default of 100,000 rows
    // raised RSS by ~260 MB during the export, 20,000 by ~105 MB, and 5,000 no less; files grow ~2%.
    rowGroupSize: 20_000,
  };
}

/** Streams the rows into a Parquet file (row groups of 20,000 rows; only one group is in memory). */
export async function writeResultsParquetFile(file: string, rows: Iterable<ResultRow>, meta: ParquetMeta): Promise<void> {
  const writer = fileWriter(file);
  await parquetWriteRows({ writer, ...options(rows, meta) });
}

/** The same file in memory (for standard output). */
export async function resultsParquetBytes(rows: Iterable<ResultRow>, meta: ParquetMeta): Promise<Uint8Array> {
  const writer = new ByteWriter();
  await parquetWriteRows({ writer, ...options(rows, meta) });
  return writer.getBytes();
}
