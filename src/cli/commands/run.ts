import type { Command } from 'commander';
import { formatOption, printJson } from '../formats.js';
import { logger, openStore, resolveConfig, storePath } from '../../engine/config-resolution.js';
import type { GlobalOptions } from '../global-options.js';
import { runPipeline } from '../../engine/pipeline.js';
import { markIncompleteOnSignal } from '../../engine/interrupt.js';
import { runAsJson, runAsTable } from '../render-run.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { exitCodeFor, explainExit, parseFailOn } from '../fail-on.js';
import { openEvidence, producersFrom } from '../../period/index.js';
import { buildReport } from '../../report/build.js';
import { checkInfos, frameworkInfos, observationTypesOf } from '../../engine/catalog-info.js';
import type { Registry } from '../../registry/index.js';
import type { AppConfig } from '../../config/schema.js';
import type { Report } from '../../report/types.js';
import type { RunOutcome } from '../../runner/run.js';

/**
 * The exit code from an outcome alone (no previous run to compare with, so no "new"): 6 when nothing
 * expected was collected, 5 when some was not, else 1 on any fail/error, else 0. `run` itself uses
 * exitCodeFor on the sealed run read back, which adds 8 (new findings) and --fail-on.
 */
export function runExitCode(outcome: Pick<RunOutcome, 'coverage' | 'results'>): ExitCode {
  if (outcome.coverage.status === 'empty') return EXIT.nothingCollected;
  if (outcome.coverage.status !== 'complete') return EXIT.coverage;
  return outcome.results.some((r) => r.status === 'fail' || r.status === 'error') ? EXIT.findings : EXIT.ok;
}

export function registerRun(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command('run')
    .description('collect, check and seal one run now (exit 0 clean, 1 findings, 8 new findings, 5 collection incomplete, 6 nothing collected; see README "Exit codes")')
    .addOption(formatOption(['table', 'json']))
    .option('--fail-on <terms>', 'which findings make the exit non-zero: any (default), new, severity>=high, none, or combined (new,severity>=high)', 'any')
    .action(async (_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions & { format: 'table' | 'json'; failOn: string }>();
      const failOn = parseFailOn(opts.failOn); // a bad --fail-on is refused before anything is collected
      const resolved = resolveConfig(opts, true);
      const log = logger(opts, resolved.config);
      const path = storePath(opts, resolved);
      // Ctrl-C / SIGTERM mark the run incomplete on the way out (exit 130 / 143) instead of leaving it `running`.
      let runId: number | null = null;
      const release = markIncompleteOnSignal(path, () => runId, log);
      let result: Awaited<ReturnType<typeof runPipeline>>;
      try {
        result = await runPipeline(resolved.config, path, 'manual', log, (id) => {
          runId = id;
        });
      } finally {
        release();
      }
      const { outcome, registry } = result;
      // Read the sealed run back as the report sees it: one source for findings, "new" and the exit code.
      const report = sealedReport(path, outcome.runId, registry, resolved.config);
      const code = exitCodeFor(report, failOn);
      if (opts.format === 'json') printJson(runAsJson(outcome, registry, report));
      else process.stdout.write(`${runAsTable(outcome)}${explainExit(code)}\n`);
      setExit(code);
    });
}

export function sealedReport(path: string, runId: number, registry: Registry, config: AppConfig): Report {
  const store = openStore(path, true);
  try {
    const evidence = openEvidence(store, { timezone: config.audit.timezone, producers: producersFrom(registry.collectors) });
    return buildReport({ evidence, checks: checkInfos(registry), frameworks: frameworkInfos(registry), frameworkFilter: [], observationTypes: observationTypesOf(registry), runId });
  } finally {
    store.close();
  }
}
