import type { Command } from 'commander';
import { formatOption, printJson } from '../formats.js';
import { logger, resolveConfig, storePath } from '../../engine/config-resolution.js';
import type { GlobalOptions } from '../global-options.js';
import { runPipeline } from '../../engine/pipeline.js';
import { runAsJson, runAsTable } from '../render-run.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { RunOutcome } from '../../runner/run.js';

/** 5 when expected scopes were not covered (the evidence itself is incomplete), else 1 on any fail/error, else 0. */
export function runExitCode(outcome: Pick<RunOutcome, 'coverage' | 'results'>): ExitCode {
  if (outcome.coverage.status !== 'complete') return EXIT.coverage;
  return outcome.results.some((r) => r.status === 'fail' || r.status === 'error') ? EXIT.findings : EXIT.ok;
}

export function registerRun(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command('run')
    .description('collect, check and seal one run now (exit 1 when any result is fail or error, 5 when expected scopes were not covered)')
    .addOption(formatOption(['table', 'json']))
    .action(async (_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions & { format: 'table' | 'json' }>();
      const resolved = resolveConfig(opts, true);
      const log = logger(opts, resolved.config);
      const { outcome, registry } = await runPipeline(resolved.config, storePath(opts, resolved), 'manual', log);
      if (opts.format === 'json') printJson(runAsJson(outcome, registry));
      else process.stdout.write(runAsTable(outcome));
      setExit(runExitCode(outcome));
    });
}
