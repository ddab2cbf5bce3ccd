import type { Command } from 'commander';
import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';
import { formatOption, printJson, type Format } from '../formats.js';
import { resolveConfig } from '../../engine/config-resolution.js';
import type { GlobalOptions } from '../global-options.js';
import { loadRegistry } from '../../registry/index.js';
import { checkFrameworkFilter } from '../../engine/catalog-info.js';
import { resolveFrameworks } from '../../report/filters.js';
import { controlRows, coverageTarget, coverageTargetNote, crosswalkOfCheck, crosswalkOfControl } from '../../programme/coverage.js';
import { CliError, EXIT, type ExitCode } from '../exit-codes.js';

interface ControlsOptions extends GlobalOptions {
  format: Format;
  framework: string[];
  automated?: boolean;
  uncovered?: boolean;
  check?: string;
  control?: string;
}

const table = (head: string[], colWidths: number[]) => new Table({ head, colWidths, wordWrap: true, style: { head: [], border: [], compact: true } });

/**
 * `controlwatch controls`: each framework's controls and what evidences them — automated checks, a
 * declared manual control (attested on a cadence), or nothing. `--uncovered` lists the last kind;
 * `--check` and `--control` show the crosswalk: every control in every framework one check or control evidences.
 */
export function registerControls(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command('controls')
    .description('list framework controls and what evidences each: automated checks, a manual control on a cadence, or nothing')
    .addOption(formatOption())
    .option('--framework <id...>', 'only these frameworks (ids or aliases: iso27001, soc2, pci, cis)', [])
    .option('--automated', 'only controls with at least one automated check')
    .option('--uncovered', 'only controls with neither an automated check nor a manual control definition')
    .option('--check <id>', 'crosswalk: every control in every framework this check evidences')
    .option('--control <id>', 'crosswalk: the checks mapped to this control and every control in every framework they also evidence')
    .action((_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<ControlsOptions>();
      const resolved = resolveConfig(opts, false, { secrets: 'not-needed' });
      const registry = loadRegistry(resolved.config);
      const frameworkIds = resolveFrameworks(opts.framework);
      const problem = checkFrameworkFilter(registry, frameworkIds);
      if (problem) throw new CliError(problem, EXIT.usage);
      const config = resolved.config;
      if (opts.check !== undefined || opts.control !== undefined) {
        const crosswalk = opts.check !== undefined ? crosswalkOfCheck(registry, opts.check) : crosswalkOfControl(registry, opts.control!);
        if (crosswalk === null) throw new CliError(opts.check !== undefined ? `--check ${opts.check}: no such check` : `--control ${opts.control}: no framework has this control`, EXIT.usage);
        if (opts.format === 'json') printJson(crosswalk);
        else if (opts.format === 'csv') process.stdout.write(stringify(crosswalk.rows.map((r) => ({ ...r })), { header: true, columns: ['check', 'framework', 'control', 'title'] }));
        else {
          const t = table(['check', 'framework', 'control', 'title'], [40, 16, 10, 60]);
          for (const r of crosswalk.rows) t.push([r.check, r.framework, r.control, r.title]);
          process.stdout.write(`${crosswalk.subject}: ${crosswalk.rows.length} control mapping${crosswalk.rows.length === 1 ? '' : 's'}\n${t.toString()}\n`);
        }
        setExit(EXIT.ok);
        return;
      }
      const frameworks = [...registry.frameworks.values()].filter((f) => frameworkIds.length === 0 || frameworkIds.includes(f.id));
      const rows = controlRows(registry, config, frameworks.map((f) => f.id)).filter(
        (r) => (!opts.automated || r.checks.length > 0) && (!opts.uncovered || r.evidence === 'none'),
      );
      if (opts.format === 'json') printJson(rows);
      else if (opts.format === 'csv') process.stdout.write(stringify(rows.map((r) => ({ ...r, checks: r.checks.join(' '), owner: r.owner ?? '', cadence: r.cadence ?? '', notAutomatable: r.notAutomatable ?? '' })), { header: true }));
      else {
        const out: string[] = [];
        for (const f of frameworks) {
          const mine = rows.filter((r) => r.framework === f.id);
          const all = controlRows(registry, config, [f.id]);
          const n = (e: string) => all.filter((r) => r.evidence === e).length;
          const notAutomatable = all.filter((r) => r.evidence === 'none' && r.notAutomatable !== null).length;
          const unreasoned = n('none') - notAutomatable;
          const reasoned = notAutomatable > 0 ? `${notAutomatable} not automatable here (reason given), ` : '';
          out.push(`${f.id} — ${f.title}: ${n('automated')} automated, ${n('attested')} attested (manual on a cadence), ${reasoned}${unreasoned} with no evidence, of ${f.controls.length}`);
          const target = coverageTarget(registry, f.id);
          if (target !== null) out.push(coverageTargetNote(target));
          const t = table(['control', 'title', 'evidence', 'owner'], [10, 40, 64, 18]);
          for (const r of mine) {
            const evidence =
              r.evidence === 'automated'
                ? r.checks.join(' ')
                : r.evidence === 'attested'
                  ? `manual, ${r.cadence}`
                  : r.notAutomatable !== null
                    ? `not automatable here (${r.notAutomatable}) — needs manual evidence, no cadence declared`
                    : 'needs manual evidence — no cadence declared';
            t.push([r.control, r.title, evidence, r.owner ?? '-']);
          }
          out.push(t.toString(), '');
        }
        process.stdout.write(out.join('\n'));
      }
      setExit(EXIT.ok);
    });
}
