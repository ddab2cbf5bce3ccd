import { Writable } from 'node:stream';

/**
 * Live progress on a terminal, derived from the run's own log records (so it needs no hook in the
 * collectors): per collector and scope, done/total and API calls so far. Fed every record at info
 * level whatever the configured log level; writes one short line per finished collection.
 *
 * The total comes from the `collecting` record (the run's expected scopes); a discovered scope
 * beyond it raises the total as it starts.
 */
export function progressStream(out: NodeJS.WritableStream): Writable {
  let total = 0;
  let started = 0;
  let done = 0;
  let calls = 0;
  return new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n')) {
        if (line.trim() === '') continue;
        let rec: Record<string, unknown>;
        try {
          rec = JSON.parse(line) as Record<string, unknown>;
        } catch {
          continue;
        }
        const msg = rec.msg;
        if (msg === 'collecting') {
          total = Number(rec.expectedScopes ?? 0);
          started = done = calls = 0;
        } else if (msg === 'collection started') {
          started += 1;
          total = Math.max(total, started);
        } else if (msg === 'collection finished' || msg === 'collection failed') {
          done += 1;
          calls += Number(rec.calls ?? 0);
          const what = msg === 'collection failed' ? 'FAILED' : 'done';
          out.write(`  [${done}/${Math.max(total, started)}] ${String(rec.collector)} ${String(rec.scope)} ${what} · ${calls} API calls so far\n`);
        }
      }
      cb();
    },
  });
}
