import pino, { type Logger } from 'pino';
import { SECRET_KEY_PATTERN } from './util/redact.js';
import { progressStream } from './progress.js';
import { createRequire } from 'node:module';

/**
 * Logs on stderr (stdout is reserved for command output such as `--format json`): JSON lines, or
 * human-readable lines through pino-pretty when stderr is a terminal. Redaction is always on and
 * happens before either format: secrets never reach logs, whatever object a caller logs.
 */
const SECRET_FIELDS = ['secretAccessKey', 'sessionToken', 'accessKeyId', 'token', 'password', 'privateKey', 'authorization', 'Authorization', 'credentials', 'webhookUrl'];

function redactPaths(): string[] {
  const paths: string[] = [];
  for (const f of SECRET_FIELDS) paths.push(f, `*.${f}`, `*.*.${f}`, `*.*.*.${f}`);
  paths.push('headers.authorization', 'req.headers.authorization', '*.headers.authorization', '*.headers.Authorization', 'headers.Authorization');
  // A webhook URL embeds its token (Slack's does): redacted wherever a config object is logged.
  paths.push('webhooks[*].url', 'alerts.webhooks[*].url', 'config.alerts.webhooks[*].url');
  return paths;
}

export interface LoggerOptions {
  /** Human-readable lines (pino-pretty); default: when the destination is a terminal. */
  readonly pretty?: boolean;
  /** Live collection progress (done/total, API calls so far) beside the logs; default: on a terminal. */
  readonly progress?: boolean;
}

export function createLogger(level: string = 'info', destination: NodeJS.WritableStream = process.stderr, options: LoggerOptions = {}): Logger {
  const isTty = (destination as NodeJS.WriteStream).isTTY === true;
  const human = options.pretty ?? isTty;
  const withProgress = options.progress ?? isTty;
  const logs = human ? prettyStream()({ destination, sync: true, colorize: isTty, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,name' }) : (destination as pino.DestinationStream);
  const base = {
    name: 'controlwatch',
    redact: { paths: redactPaths(), censor: '[REDACTED]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  if (!withProgress || level === 'silent') return pino({ ...base, level }, logs);
  // Progress reads info records even when the logs show only warnings: each stream keeps its own level.
  const lowest = pino.levels.values[level]! < pino.levels.values.info! ? level : 'info';
  const streams = pino.multistream([
    { level: level as pino.Level, stream: logs },
    { level: 'info', stream: progressStream(destination) },
  ]);
  return pino({ ...base, level: lowest }, streams);
}

/** A logger that drops everything (tests, library use). */
export const silentLogger: Logger = pino({ level: 'silent' });

interface SummarySource {
  readonly runId: number;
  readonly results: readonly { readonly status: string }[];
  readonly collected: readonly { readonly status: string; readonly stats: { readonly calls: number; readonly throttles: number } }[];
  readonly coverage: { readonly status: string };
}

/** The one summary line per run: counts by status, duration, API calls and throttles, collections by status, coverage. */
export function runSummaryFields(outcome: SummarySource, durationMs: number): Record<string, unknown> {
  const tally = (values: readonly string[]) => values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});
  return {
    runId: outcome.runId,
    durationMs,
    results: tally(outcome.results.map((r) => r.status)),
    collections: tally(outcome.collected.map((c) => c.status)),
    apiCalls: outcome.collected.reduce((n, c) => n + c.stats.calls, 0),
    throttles: outcome.collected.reduce((n, c) => n + c.stats.throttles, 0),
    coverage: outcome.coverage.status,
  };
}

export { SECRET_KEY_PATTERN };
export type { Logger };

/**
 * pino-pretty, loaded only when lines are to be human-readable (a terminal): ~40 ms of module loading that a command
 * piped or run by the daemon never needs. A CommonJS package, so createRequire loads it synchronously, as createLogger is.
 */
function prettyStream(): typeof import('pino-pretty') {
  return createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
}
