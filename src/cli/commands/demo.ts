import type { Command } from 'commander';
import { resolve } from 'node:path';
import { openStore } from '../../engine/config-resolution.js';
import { checkInfos, frameworkInfos } from '../../engine/catalog-info.js';
import { openEvidence, producersFrom } from '../../period/index.js';
import { buildReport } from '../../report/build.js';
import { renderReportTable } from '../../report/render-table.js';
import type { GlobalOptions } from '../global-options.js';
import { EXIT, type ExitCode } from '../exit-codes.js';

export const DEMO_DB = 'controlwatch-demo.db';

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
    .action(async (_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions>();
      const dbPath = resolve(opts.db ?? DEMO_DB);
      const { runDemo } = await import('../../demo/run-demo.js');
      const { outcome, registry, config, estate } = await runDemo(dbPath, opts.logLevel);
      const store = openStore(dbPath, true);
      try {
        const evidence = openEvidence(store, { timezone: config.audit.timezone, producers: producersFrom(registry.collectors) });
        const report = buildReport({
          evidence,
          checks: checkInfos(registry),
          frameworks: frameworkInfos(registry),
          frameworkFilter: [],
          owners: config.owners,
          runId: outcome.runId,
        });
        process.stdout.write(renderReportTable(report));
      } finally {
        store.close();
      }
      const rel = opts.db ?? DEMO_DB;
      process.stdout.write(
        `\nSimulated estate: ${estate.expected_failures.length} deliberate misconfigurations (see config/demo/estate.yaml).\n` +
          `Evidence: ${dbPath} (run ${outcome.runId}). Next:\n` +
          `  npx controlwatch --db ${rel} verify        # recompute seals and the chain\n` +
          `  npx controlwatch --db ${rel} report --format json\n`,
      );
      setExit(EXIT.ok);
    });
}
