import type { Command } from 'commander';
import { resolve } from 'node:path';
import { openStore } from '../../engine/config-resolution.js';
import { checkInfos, frameworkInfos, observationTypesOf } from '../../engine/catalog-info.js';
import { openEvidence, producersFrom } from '../../period/index.js';
import { buildReport } from '../../report/build.js';
import { renderReportTable } from '../../report/render-table.js';
import type { GlobalOptions } from '../global-options.js';
import { CliError, EXIT, type ExitCode } from '../exit-codes.js';
import { exitCodeFor, explainExit, FAIL_ON_ANY } from '../fail-on.js';
import { createLogger } from '../../log.js';

export const DEMO_DB = 'controlwatch-demo.db';
/** `demo --serve` writes its 90-day history into its own store, so a plain `demo`'s runs never mix with it. */
export const DEMO_SERVE_DB = 'controlwatch-demo-serve.db';

/**
 * `controlwatch demo`: serves the simulated estate on 127.0.0.1, runs the real pipeline against it
 * (real SDK clients, real checks, real sealed store) and prints the report. Each call adds a run, so
 * a second `demo` shows "changes since the previous run" and a longer chain for `verify`.
 *
 * The simulated estate and its protocol fakes (src/demo/) are imported only inside the action: every
 * other command, `--version` included, starts without loading them (test/architecture/lazy-demo.test.ts).
 */
export function registerDemo(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command('demo')
    .description(`run the whole pipeline against a simulated AWS estate on loopback (evidence in ./${DEMO_DB} unless --db)`)
    .option('--serve', `keep running: 90 days of simulated history, live runs, and the dashboard, /metrics and JSON API (evidence in ./${DEMO_SERVE_DB} unless --db)`)
    .option('--listen <host:port>', 'with --serve: where the HTTP server listens (default 127.0.0.1:8080)')
    .option('--interval <seconds>', 'with --serve: seconds between the daemon\'s live runs (5-30 s dividing a minute, or whole minutes dividing an hour)', '60')
    .action(async (_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions & { serve?: boolean; listen?: string; interval: string }>();
      if (opts.serve) return serve(opts, setExit);
      if (opts.listen !== undefined) throw new CliError('--listen needs --serve', EXIT.usage);
      const dbPath = resolve(opts.db ?? DEMO_DB);
      const { runDemo } = await import('../../demo/run-demo.js');
      const { outcome, registry, config, estate } = await runDemo(dbPath, opts.logLevel);
      const store = openStore(dbPath, true);
      let verdict = '';
      try {
        const evidence = openEvidence(store, { timezone: config.audit.timezone, producers: producersFrom(registry.collectors) });
        const report = buildReport({
          evidence,
          checks: checkInfos(registry),
          frameworks: frameworkInfos(registry),
          frameworkFilter: [],
          observationTypes: observationTypesOf(registry),
          runId: outcome.runId,
        });
        // Fit the terminal on a TTY; piped, only reasons past 160 columns wrap (ids are never cut either way).
        process.stdout.write(renderReportTable(report, process.stdout.isTTY ? { width: process.stdout.columns } : {}));
        // Say what the exit code is and why: the demo ran as intended (0); the same evidence under `run` would not be clean.
        const wouldBe = exitCodeFor(report, FAIL_ON_ANY);
        verdict = `\nThis run: ${report.totals.fail} fail and ${report.totals.error} error results over ${report.checks.length} checks. ` +
          `The demo exits 0 (it ran as intended); \`controlwatch run\` on this evidence would ${explainExit(wouldBe)} (README "Exit codes").\n`;
      } finally {
        store.close();
      }
      const rel = opts.db ?? DEMO_DB;
      process.stdout.write(
        verdict +
        `\nSimulated estate: ${estate.expected_failures.length} deliberate misconfigurations (see config/demo/estate.yaml).\n` +
          `Evidence: ${dbPath} (run ${outcome.runId}). Next:\n` +
          `  npx controlwatch --db ${rel} verify        # recompute seals and the chain\n` +
          `  npx controlwatch --db ${rel} report --format json\n`,
      );
      setExit(EXIT.ok);
    });
}

/** `demo --serve`: the logic lives in src/demo/serve.ts; this only parses, prints and waits for a signal. */
async function serve(opts: GlobalOptions & { listen?: string; interval: string }, setExit: (code: ExitCode) => void): Promise<void> {
  const interval = Number(opts.interval);
  const { serveDemo, cronEvery } = await import('../../demo/serve.js');
  try {
    cronEvery(interval);
  } catch (err) {
    throw new CliError(`--interval: ${(err as Error).message}`, EXIT.usage);
  }
  const dbPath = resolve(opts.db ?? DEMO_SERVE_DB);
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const service = await serveDemo({ dbPath, intervalSeconds: interval, log: createLogger(opts.logLevel ?? 'error'), say, ...(opts.listen !== undefined ? { listen: opts.listen } : {}) });
  process.stdout.write(
    `controlwatch demo is serving ${service.url}\n` +
      `  ${service.url}/            dashboard (today, changes, findings, 90-day heatmaps)\n` +
      `  ${service.url}/metrics     Prometheus metrics\n` +
      `  ${service.url}/api/runs    runs (JSON); /api/slots, /api/runs/<id>/results, /api/controls/<framework>/<control>/history\n` +
      `  ${service.url}/readyz      readiness\n` +
      `The daemon runs the demo every ${interval} s into ${dbPath} (slots in /api/slots). Ctrl-C stops.\n`,
  );
  await new Promise<void>((resolveSignal) => {
    process.once('SIGINT', resolveSignal);
    process.once('SIGTERM', resolveSignal);
  });
  await service.stop();
  setExit(EXIT.ok);
}
