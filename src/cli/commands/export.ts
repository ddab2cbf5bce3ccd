import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { buildExport } from '../../export/document.js';
import { EXPORT_CSV_VIEWS, renderExportCsv, type ExportCsvView } from '../../export/csv.js';
import { renderExportHtml } from '../../export/html-export.js';
import { renderOscal } from '../../export/oscal.js';
import { newSeed } from '../../sample/algorithm.js';
import { CliError, EXIT, type ExitCode } from '../exit-codes.js';
import { addPeriodOptions, withPeriodAsync, type PeriodCliOptions } from './period.js';
import { sampleIn } from './sample.js';

const EXPORT_FORMATS = ['json', 'csv', 'html', 'oscal', 'parquet'] as const;

interface ExportOptions extends PeriodCliOptions {
  format: (typeof EXPORT_FORMATS)[number];
  view: ExportCsvView;
  out?: string;
  pack?: string;
  seed?: string;
}

export function registerExport(program: Command, setExit: (code: ExitCode) => void): void {
  addPeriodOptions(
    program
      .command('export')
      .description('the period for a report or an auditor: per-control daily timelines, failure episodes, exceptions in force with approvers, scope changes, collector health and gaps; --format parquet: one row per result per sealed run, for querying many agents together (docs/parquet-export.md); --pack writes an evidence pack of every day of one control'),
  )
    .addOption(new Option('--format <format>', 'output format').choices([...EXPORT_FORMATS]).default('json'))
    .addOption(new Option('--view <view>', 'with --format csv: which table').choices([...EXPORT_CSV_VIEWS]).default('timeline'))
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--pack <dir>', 'also write an evidence pack of the whole population of one control (--control) into this new directory')
    .option('--seed <text>', 'with --pack: the seed recorded in the pack (every day of the period is included, so the seed only fixes the ranks shown)')
    .action(async (_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<ExportOptions>();
      if (opts.pack && opts.control.length !== 1) throw new CliError('--pack needs exactly one --control', EXIT.usage);
      const range = { from: opts.from!, to: opts.to! };
      if (opts.format === 'parquet') {
        // Binary: to a file (streamed), or to a pipe; never onto a terminal.
        if (!opts.out && process.stdout.isTTY) throw new CliError('--format parquet writes binary data: give --out FILE or redirect standard output', EXIT.usage);
        // The Parquet writer is loaded for this format only (its modules are ~60 ms of a command's start).
        const { controlsByCheck, resultRows, resultsParquetBytes, writeResultsParquetFile } = await import('../../export/parquet.js');
        await withPeriodAsync(opts, range, async (p) => {
          if (opts.pack) sampleIn(p, { control: opts.control[0]!, seed: opts.seed ?? newSeed(), size: Number.MAX_SAFE_INTEGER, out: opts.pack, integrity: await p.integrity() });
          const filtered = opts.framework.length > 0 || opts.control.length > 0;
          const rows = resultRows(p.ctx.evidence, range, controlsByCheck(p.ctx.controls), filtered);
          const meta = { range, timezone: p.ctx.evidence.timezone };
          if (opts.out) await writeResultsParquetFile(opts.out, rows, meta);
          else process.stdout.write(await resultsParquetBytes(rows, meta));
        });
        setExit(EXIT.ok);
        return;
      }
      const text = await withPeriodAsync(opts, range, async (p) => {
        const doc = buildExport(p.report(), p.ctx.titleOf, p.ctx.evidence);
        if (opts.pack) sampleIn(p, { control: opts.control[0]!, seed: opts.seed ?? newSeed(), size: Number.MAX_SAFE_INTEGER, out: opts.pack, integrity: await p.integrity() });
        switch (opts.format) {
          case 'json':
            return JSON.stringify(doc, null, 2) + '\n';
          case 'csv':
            return renderExportCsv(doc, opts.view);
          case 'html':
            return renderExportHtml(doc);
          case 'oscal':
            return JSON.stringify(renderOscal(doc), null, 2) + '\n';
        }
        throw new Error(`unreachable export format ${opts.format}`);
      }, { sealsAhead: true });
      if (opts.out) writeFileSync(opts.out, text);
      else process.stdout.write(text);
      setExit(EXIT.ok);
    });
}
