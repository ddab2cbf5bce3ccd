import type { Command } from 'commander';
import { formatOption, printJson } from '../formats.js';
import { logger, resolveConfig, storePath, type GlobalOptions } from '../context.js';
import { runPipeline } from '../pipeline.js';
import { runAsJson, runAsTable } from '../render-run.js';
import { EXIT, type ExitCode } from '../exit-codes.js';

export function registerRun(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command('run')
    .description('collect, check and seal one run now (exit 1 when any result is fail or error)')
    .addOption(formatOption(['table', 'json']))
    .action(async (_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions & { format: 'table' | 'json' }>();
      const resolved = resolveConfig(opts, true);
      const log = logger(opts, resolved.config);
      const { outcome, registry } = await runPipeline(resolved.config, storePath(opts, resolved), 'manual', log);
      if (opts.format === 'json') printJson(runAsJson(outcome, registry));
      else process.stdout.write(runAsTable(outcome));
      const bad = outcome.results.some((r) => r.status === 'fail' || r.status === 'error');
      setExit(bad ? EXIT.findings : EXIT.ok);
    });
}
