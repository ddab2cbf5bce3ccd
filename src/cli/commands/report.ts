import { Option, type Command } from 'commander';
import { formatOption, printJson, type Format } from '../formats.js';
import { resolveConfig, storePath, openStore } from '../../engine/config-resolution.js';
import type { GlobalOptions } from '../global-options.js';
import { loadRegistry } from '../../registry/index.js';
import { openEvidence, producersFrom } from '../../period/index.js';
import { buildReport } from '../../report/build.js';
import { renderReportTable } from '../../report/render-table.js';
import { CSV_VIEWS, renderReportCsv, type CsvView } from '../../report/render-csv.js';
import { checkFrameworkFilter, checkInfos, frameworkInfos } from '../../engine/catalog-info.js';
import { CliError, EXIT, type ExitCode } from '../exit-codes.js';

interface ReportOptions extends GlobalOptions {
  format: Format;
  framework: string[];
  view: CsvView;
  run?: string;
  allControls?: boolean;
}

export function registerReport(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command('report')
    .description("the latest sealed run: scope coverage, pass/fail per check and per control, changes since the previous run, findings")
    .addOption(formatOption())
    .option('--framework <id...>', 'only these frameworks (iso27001-2022, soc2-2017, pci-dss-4.0)', [])
    .addOption(new Option('--view <view>', 'with --format csv: which table').choices([...CSV_VIEWS]).default('controls'))
    .option('--run <id>', 'report on this sealed run instead of the latest')
    .option('--all-controls', 'also list controls that have no automated check (table format)')
    .action((_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<ReportOptions>();
      const resolved = resolveConfig(opts, false);
      const registry = loadRegistry(resolved.config);
      const problem = checkFrameworkFilter(registry, opts.framework);
      if (problem) throw new CliError(problem, EXIT.usage);
      const runId = opts.run === undefined ? undefined : parseRunId(opts.run);
      const store = openStore(storePath(opts, resolved), true);
      let complete: boolean;
      try {
        const evidence = openEvidence(store, { timezone: resolved.config.audit.timezone, producers: producersFrom(registry.collectors) });
        const report = buildReport({
          evidence,
          checks: checkInfos(registry),
          frameworks: frameworkInfos(registry),
          frameworkFilter: opts.framework,
          owners: resolved.config.owners,
          ...(runId === undefined ? {} : { runId }),
        });
        if (opts.format === 'json') printJson(report);
        else if (opts.format === 'csv') process.stdout.write(renderReportCsv(report, opts.view));
        else process.stdout.write(renderReportTable(report, { allControls: opts.allControls ?? false }));
        complete = report.scopeCoverage.status === 'complete';
      } finally {
        store.close();
      }
      // The day's evidence did not cover every expected scope: the same distinct code `run` gives.
      setExit(complete ? EXIT.ok : EXIT.coverage);
    });
}

export function parseRunId(text: string): number {
  if (!/^\d+$/.test(text)) throw new CliError(`--run expects a run id (a positive whole number), got "${text}"`, EXIT.usage);
  return Number(text);
}
