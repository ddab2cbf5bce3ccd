import pino, { type Logger } from 'pino';
import { SECRET_KEY_PATTERN } from './util/redact.js';

/**
 * JSON logs on stderr (stdout is reserved for command output such as `--format json`).
 * Redaction is always on: secrets never reach logs, whatever object a caller logs.
 */
const SECRET_FIELDS = ['secretAccessKey', 'sessionToken', 'accessKeyId', 'token', 'password', 'privateKey', 'authorization', 'credentials'];

function redactPaths(): string[] {
  const paths: string[] = [];
  for (const f of SECRET_FIELDS) paths.push(f, `*.${f}`, `*.*.${f}`, `*.*.*.${f}`);
  paths.push('headers.authorization', 'req.headers.authorization', '*.headers.authorization');
  return paths;
}

export function createLogger(level: string = 'info', destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino(
    {
      name: 'controlwatch',
      level,
      redact: { paths: redactPaths(), censor: '[REDACTED]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination as pino.DestinationStream,
  );
}

/** A logger that drops everything (tests, library use). */
export const silentLogger: Logger = pino({ level: 'silent' });

export { SECRET_KEY_PATTERN };
export type { Logger };
