/**
 * `npm run bench` — the estate-scale benchmark (issue 15; README "Benchmark: an estate-scale daily run").
 *
 *   npm run bench -- [--size smoke|default|<factor>] [--out figures.json] [--latency 30] [--concurrency 10] [--threads <cores>]
 *                    [--github-hour 60] [--days 365] [--churn 0.01] [--query-runs 20] [--query-seconds 5] [--keep]
 *                    [--profile <dir>]   (a V8 CPU profile of each collection run's agent process)
 *
 * Prints one table (every figure beside its target and ratio) and, with --out, writes figures.json with the
 * machine (CPU count, memory, Node version), the settings and every figure.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { renderTable, runBench, SIZES, writeFigures } from './bench.js';

const OPTIONS = {
  size: { type: 'string', default: 'default' },
  out: { type: 'string' },
  latency: { type: 'string', default: '30' },
  concurrency: { type: 'string', default: '10' },
  // The agent's collectionThreads: one per core the machine offers, as an operator would set it.
  threads: { type: 'string', default: String(availableParallelism()) },
  'github-hour': { type: 'string', default: '60' },
  days: { type: 'string', default: '365' },
  churn: { type: 'string', default: '0.01' },
  'query-runs': { type: 'string', default: '20' },
  'query-seconds': { type: 'string', default: '5' },
  keep: { type: 'boolean', default: false },
  profile: { type: 'string' },
} as const;

/** The options, or exit 2 with parseArgs's own words (an unknown option, a value missing or starting with '-'). */
function options(): ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'] {
  try {
    return parseArgs({ options: OPTIONS }).values;
  } catch (err) {
    process.stderr.write(`npm run bench: ${(err as Error).message}\n`);
    process.exit(2);
  }
}
const values = options();

function number(name: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < min) {
    process.stderr.write(`--${name}: expected a number ≥ ${min}, got "${text}"\n`);
    process.exit(2);
  }
  return n;
}

function integer(name: string, text: string, min: number, max: number): number {
  const n = number(name, text, min);
  if (!Number.isInteger(n) || n > max) {
    process.stderr.write(`--${name}: expected a whole number from ${min} to ${max}, got "${text}"\n`);
    process.exit(2);
  }
  return n;
}

const size = values.size!;
const factor = SIZES[size] ?? number('size', size, 0.0001);
const result = await runBench({
  factor,
  latencyMs: number('latency', values.latency!, 0),
  concurrency: number('concurrency', values.concurrency!, 1),
  threads: integer('threads', values.threads!, 1, 16),
  githubHourMs: number('github-hour', values['github-hour']!, 1) * 1000,
  yearDays: number('days', values.days!, 3),
  churn: number('churn', values.churn!, 0),
  queryRuns: number('query-runs', values['query-runs']!, 1),
  queryMs: number('query-seconds', values['query-seconds']!, 0) * 1000,
  keep: values.keep!,
  ...(values.profile !== undefined ? { profileDir: values.profile } : {}),
  progress: (line) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`),
});
const m = result.machine;
process.stdout.write(
  `controlwatch estate benchmark, size ${size} (${factor} × default: ${JSON.stringify(result.settings.counts)})\n` +
    `machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.totalMemoryMb} MB memory, Node ${m.node}, load ${m.loadAverageAtStart.join(' / ')}; finished in ${(result.elapsedMs / 1000).toFixed(0)} s\n`,
);
process.stdout.write(renderTable(result.figures));
for (const note of result.notes) process.stdout.write(`note: ${note}\n`);
if (values.out !== undefined) {
  writeFigures(values.out, result);
  process.stdout.write(`figures written to ${values.out}\n`);
}
