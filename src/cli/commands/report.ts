import { Option, type Command } from 'commander';
import { formatOption, printJson, type Format } from '../formats.js';
import { resolveConfig, storePath, openStore } from '../../engine/config-resolution.js';
import type { GlobalOptions } from '../global-options.js';
import { loadRegistry } from '../../registry/index.js';
import { openEvidence, producersFrom } from '../../period/index.js';
import { buildReport } from '../../report/build.js';
import { renderReportTable } from '../../report/render-table.js';
import { renderReportCsv } from '../../report/render-csv.js';
import { REPORT_VIEWS, type ReportView } from '../../report/views.js';
import { filterReport, resolveFrameworks, STATUS_VALUES, type ReportFilter } from '../../report/filters.js';
import { reportDocument } from '../../report/result-document.js';
import { rememberingResults } from '../../report/remembered-results.js';
import { checkFrameworkFilter, checkInfos, frameworkInfos, observationTypesOf } from '../../engine/catalog-info.js';
import { SEVERITIES } from '../../catalog/check-metadata.js';
import { CliError, EXIT, type ExitCode } from '../exit-codes.js';
import { exitCodeFor, FAIL_ON_NONE, parseFailOn } from '../fail-on.js';

interface ReportOptions extends GlobalOptions {
  format: Format;
  framework: string[];
  view?: ReportView;
  run?: string;
  allControls?: boolean;
  severity: string[];
  status: string[];
  check: string[];
  control: string[];
  scope: string[];
  owner: string[];
  width?: string;
  failOn?: string;
}

/** Repeatable and comma-separated: `--severity critical,high` and `--severity critical --severity high` agree. */
const list = (value: string, previous: string[]) => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

export function registerReport(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command('report')
    .description('a sealed run (the latest unless --run): summary per framework, findings by owner and severity, changes; views and filters in every format')
    .addOption(formatOption())
    .addOption(new Option('--view <view>', 'one section: summary, findings, changes, checks, controls, coverage, config-disagreements, scope, owners, exceptions, manual-controls (csv default: findings)').choices([...REPORT_VIEWS]))
    .option('--severity <level...>', 'only these severities (critical, high, medium, low)', list, [])
    .option('--status <status...>', 'only these statuses (fail, error, excepted, pass, not_applicable; for controls also no_evidence and manual)', list, [])
    .option('--check <id...>', 'only these checks (`github.*` matches a prefix)', list, [])
    .option('--control <id...>', 'only these controls (e.g. A.8.5, CC6.1, 8.4.2)', list, [])
    .option('--framework <id...>', 'only these frameworks: iso27001-2022 (iso27001), soc2-2017 (soc2), pci-dss-4.0 (pci), cis-aws-foundations (cis)', list, [])
    .option('--scope <scope...>', 'only these scopes: an account, region, organisation, repository (org/repo) or scope id', list, [])
    .option('--owner <owner...>', 'only findings and controls of these owners ("(no owner)" for unowned)', list, [])
    .option('--run <id>', 'report on this sealed run instead of the latest')
    .option('--all-controls', 'also list controls that have neither an automated check nor a declared manual control (table format)')
    .option('--fail-on <terms>', 'exit non-zero for findings too: any, new, severity>=high, or combined (default: only coverage problems give a non-zero exit)')
    .addOption(new Option('--width <columns>', 'table width to fit (default: the terminal width on a TTY; piped, reasons wrap at 160 columns)').hideHelp())
    .action((_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<ReportOptions>();
      const filter = reportFilter(opts);
      const failOn = opts.failOn === undefined ? FAIL_ON_NONE : parseFailOn(opts.failOn);
      // Reads what each run stored: the configuration's secrets are not needed (or resolved).
      const resolved = resolveConfig(opts, false, { secrets: 'not-needed' });
      const registry = loadRegistry(resolved.config);
      const problem = checkFrameworkFilter(registry, filter.framework ?? []);
      if (problem) throw new CliError(problem, EXIT.usage);
      const runId = opts.run === undefined ? undefined : parseRunId(opts.run);
      const store = openStore(storePath(opts, resolved), true);
      let code: ExitCode;
      try {
        // One report's reader: a result set read for findings, the Config comparison and the diff is decoded once.
        const evidence = openEvidence(rememberingResults(store), { timezone: resolved.config.audit.timezone, producers: producersFrom(registry.collectors) });
        const full = buildReport({
          evidence,
          checks: checkInfos(registry),
          frameworks: frameworkInfos(registry),
          frameworkFilter: filter.framework ?? [],
          observationTypes: observationTypesOf(registry),
          ...(runId === undefined ? {} : { runId }),
          // Rendered below while the store is open: a view reads only what it shows.
          onDemand: true,
        });
        const report = filterReport(full, filter);
        if (opts.format === 'json') printJson(reportDocument(report, opts.view));
        else if (opts.format === 'csv') process.stdout.write(renderReportCsv(report, opts.view ?? 'findings'));
        else process.stdout.write(renderReportTable(report, { allControls: opts.allControls ?? false, width: tableWidth(opts.width), ...(opts.view ? { view: opts.view } : {}) }));
        // The exit code speaks for the whole run (filters narrow what is shown, not whether the day was clean).
        code = exitCodeFor(full, failOn);
      } finally {
        store.close();
      }
      setExit(code);
    });
}

function reportFilter(opts: ReportOptions): ReportFilter {
  const badSeverity = opts.severity.filter((s) => !(SEVERITIES as readonly string[]).includes(s));
  if (badSeverity.length) throw new CliError(`--severity: unknown ${badSeverity.map((s) => `"${s}"`).join(', ')}; use ${SEVERITIES.join(', ')}`, EXIT.usage);
  const badStatus = opts.status.filter((s) => !(STATUS_VALUES as readonly string[]).includes(s));
  if (badStatus.length) throw new CliError(`--status: unknown ${badStatus.map((s) => `"${s}"`).join(', ')}; use ${STATUS_VALUES.join(', ')}`, EXIT.usage);
  return { severity: opts.severity, status: opts.status, check: opts.check, control: opts.control, framework: resolveFrameworks(opts.framework), scope: opts.scope, owner: opts.owner };
}

/** Fit the terminal on a TTY; piped output is never wrapped (a file or grep gets whole lines). */
export function tableWidth(explicit: string | undefined): number | undefined {
  if (explicit !== undefined) {
    if (!/^\d+$/.test(explicit)) throw new CliError(`--width expects a number of columns, got "${explicit}"`, EXIT.usage);
    return Number(explicit) === 0 ? undefined : Number(explicit);
  }
  return process.stdout.isTTY ? process.stdout.columns : undefined;
}

export function parseRunId(text: string): number {
  if (!/^\d+$/.test(text)) throw new CliError(`--run expects a run id (a positive whole number), got "${text}"`, EXIT.usage);
  return Number(text);
}
