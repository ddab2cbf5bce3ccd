import type { Command } from 'commander';
import { daysBefore, today } from '../../export/period-context.js';
import { renderLogCsv, renderLogText } from '../../export/period-render.js';
import { resolveConfig } from '../../engine/config-resolution.js';
import { formatOption, printJson, type Format } from '../formats.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { addPeriodOptions, withPeriod, type PeriodCliOptions } from './period.js';

export function registerLog(program: Command, setExit: (code: ExitCode) => void): void {
  addPeriodOptions(
    program
      .command('log')
      .description("day by day what changed (default: the last 7 days): controls and checks that started failing or recovered, findings opened and resolved, collectors erroring, exceptions started or expired, scope changes, days with no evidence"),
    false,
  )
    .option('--owner <name>', "only entries for this owner's controls (days without evidence are always shown)")
    .addOption(formatOption())
    .action((_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<PeriodCliOptions & { format: Format; owner?: string }>();
      const tz = resolveConfig(opts, false, { secrets: 'not-needed' }).config.audit.timezone;
      const to = opts.to ?? today(tz);
      const range = { from: opts.from ?? daysBefore(to, 6), to };
      let entries = withPeriod(opts, range, (p) => p.ctx.evidence.dailyLog(p.report(), p.ctx.logOptions), { sealsAhead: true });
      if (opts.owner) entries = entries.filter((e) => e.kind === 'no_evidence' || e.owners.includes(opts.owner!));
      if (opts.format === 'json') printJson({ from: range.from, to: range.to, timezone: tz, entries });
      else if (opts.format === 'csv') process.stdout.write(renderLogCsv(entries));
      else process.stdout.write(renderLogText(entries, range.from, range.to));
      setExit(EXIT.ok);
    });
}
