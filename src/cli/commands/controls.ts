import type { Command } from 'commander';
import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';
import { formatOption, printJson, type Format } from '../formats.js';
import { resolveConfig } from '../../engine/config-resolution.js';
import type { GlobalOptions } from '../global-options.js';
import { loadRegistry } from '../../registry/index.js';
import { checkFrameworkFilter } from '../../engine/catalog-info.js';
import { CliError, EXIT, type ExitCode } from '../exit-codes.js';

/** `controlwatch controls`: each framework's controls and which automated checks give evidence for them. */
export function registerControls(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command('controls')
    .description('list framework controls and the automated checks mapped to each (the rest need manual evidence)')
    .addOption(formatOption())
    .option('--framework <id...>', 'only these frameworks', [])
    .option('--automated', 'only controls with at least one automated check')
    .action((_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions & { format: Format; framework: string[]; automated?: boolean }>();
      const resolved = resolveConfig(opts, false, { secrets: 'not-needed' });
      const registry = loadRegistry(resolved.config);
      const problem = checkFrameworkFilter(registry, opts.framework);
      if (problem) throw new CliError(problem, EXIT.usage);
      const owners = resolved.config.owners;
      const frameworks = [...registry.frameworks.values()].filter((f) => opts.framework.length === 0 || opts.framework.includes(f.id));
      const rows = frameworks.flatMap((f) =>
        f.controls.map((c) => ({
          framework: f.id,
          control: c.id,
          title: c.title,
          checks: registry.checks.filter((k) => (k.metadata.mappings[f.id] ?? []).includes(c.id)).map((k) => k.definition.id),
          owner: owners[c.id] ?? null,
        })),
      ).filter((r) => !opts.automated || r.checks.length > 0);
      if (opts.format === 'json') printJson(rows);
      else if (opts.format === 'csv') process.stdout.write(stringify(rows.map((r) => ({ ...r, checks: r.checks.join(' '), owner: r.owner ?? '' })), { header: true }));
      else {
        const out: string[] = [];
        for (const f of frameworks) {
          const mine = rows.filter((r) => r.framework === f.id);
          const automated = f.controls.filter((c) => registry.checks.some((k) => (k.metadata.mappings[f.id] ?? []).includes(c.id))).length;
          out.push(`${f.id} — ${f.title}: ${automated} of ${f.controls.length} controls have automated checks`);
          const t = new Table({ head: ['control', 'title', 'automated checks', 'owner'], colWidths: [10, 40, 60, 16], wordWrap: true, style: { head: [], border: [], compact: true } });
          for (const r of mine) t.push([r.control, r.title, r.checks.join(' ') || '(manual evidence)', r.owner ?? '-']);
          out.push(t.toString(), '');
        }
        process.stdout.write(out.join('\n'));
      }
      setExit(EXIT.ok);
    });
}
