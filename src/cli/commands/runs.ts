import type { Command } from 'commander';
import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';
import { formatOption, printJson, type Format } from '../formats.js';
import { openStore, resolveConfig, storePath } from '../../engine/config-resolution.js';
import type { GlobalOptions } from '../global-options.js';
import { loadRegistry } from '../../registry/index.js';
import { openEvidence, producersFrom, sumCounts, type EvidenceReader, type RunSummary } from '../../period/index.js';
import { dayIn } from '../../util/calendar.js';
import { CliError, EXIT, type ExitCode } from '../exit-codes.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DEFAULT_DAYS = 30;

/** One line per run: what `runs` prints. Counts and coverage only for sealed runs (the others are not evidence). */
export interface RunListing {
  readonly id: number;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly day: string;
  readonly trigger: string;
  readonly status: string;
  readonly seal: string | null;
  readonly counts: { pass: number; fail: number; error: number; excepted: number; not_applicable: number } | null;
  readonly coverage: { status: string; expected: number; collected: number } | null;
}

export function listRuns(evidence: EvidenceReader, from: string, to: string): RunListing[] {
  const { days, unsealed } = evidence.runsByDay({ from, to });
  const runs: RunSummary[] = [...days.flatMap((d) => d.runs), ...unsealed].sort((a, b) => a.id - b.id);
  return runs.map((r) => {
    const sealed = r.status === 'sealed';
    const cov = sealed ? evidence.coverage(r.id) : null;
    return {
      id: r.id,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
      day: r.day,
      trigger: r.trigger,
      status: r.status,
      seal: r.seal,
      counts: sealed ? sumCounts(evidence.checkCounts(r.id).map((c) => c.counts)) : null,
      coverage: cov ? { status: cov.status, expected: cov.expected, collected: cov.collected } : null,
    };
  });
}

/** `controlwatch runs [--from DAY] [--to DAY]`: every run in a range of audit days, sealed or not. */
export function registerRuns(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command('runs')
    .description(`list runs (id, time, trigger, status, result counts, seal prefix, scope coverage); default: the last ${DEFAULT_DAYS} audit days`)
    .option('--from <day>', 'first audit day (YYYY-MM-DD)')
    .option('--to <day>', 'last audit day (YYYY-MM-DD; default today in audit.timezone)')
    .addOption(formatOption())
    .action((_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions & { format: Format; from?: string; to?: string }>();
      const resolved = resolveConfig(opts, false, { secrets: 'not-needed' });
      const timezone = resolved.config.audit.timezone;
      const to = day(opts.to, '--to') ?? dayIn(new Date(), timezone);
      const from = day(opts.from, '--from') ?? new Date(Date.parse(`${to}T00:00:00Z`) - (DEFAULT_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
      if (from > to) throw new CliError(`--from ${from} is after --to ${to}`, EXIT.usage);
      const registry = loadRegistry(resolved.config);
      const store = openStore(storePath(opts, resolved), true);
      let rows: RunListing[];
      try {
        rows = listRuns(openEvidence(store, { timezone, producers: producersFrom(registry.collectors) }), from, to);
      } finally {
        store.close();
      }
      if (opts.format === 'json') printJson({ from, to, timezone, runs: rows });
      else if (opts.format === 'csv') {
        const columns = ['id', 'started_at', 'finished_at', 'day', 'trigger', 'status', 'pass', 'fail', 'error', 'excepted', 'not_applicable', 'seal', 'coverage', 'expected_scopes', 'collected_scopes'];
        process.stdout.write(
          stringify(
            rows.map((r) => [r.id, r.startedAt, r.finishedAt ?? '', r.day, r.trigger, r.status, r.counts?.pass ?? '', r.counts?.fail ?? '', r.counts?.error ?? '', r.counts?.excepted ?? '', r.counts?.not_applicable ?? '', r.seal ?? '', r.coverage?.status ?? '', r.coverage?.expected ?? '', r.coverage?.collected ?? '']),
            { header: true, columns },
          ),
        );
      } else {
        const t = new Table({ head: ['run', 'started (UTC)', 'day', 'trigger', 'status', 'pass', 'fail', 'error', 'exc.', 'n/a', 'seal', 'coverage'], style: { head: [], border: [], compact: true } });
        for (const r of rows) {
          const c = r.counts;
          t.push([r.id, r.startedAt.replace('T', ' ').slice(0, 19), r.day, r.trigger, r.status, c?.pass ?? '-', c?.fail ?? '-', c?.error ?? '-', c?.excepted ?? '-', c?.not_applicable ?? '-', r.seal ? r.seal.slice(0, 12) : '-', r.coverage ? `${r.coverage.status} ${r.coverage.collected}/${r.coverage.expected}` : '-']);
        }
        process.stdout.write(`${rows.length} run${rows.length === 1 ? '' : 's'} from ${from} to ${to} (${timezone}); unsealed runs are not evidence\n${t.toString()}\n`);
      }
      setExit(EXIT.ok);
    });
}

function day(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  if (!DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw new CliError(`${option} expects a day YYYY-MM-DD, got "${value}"`, EXIT.usage);
  return value;
}
