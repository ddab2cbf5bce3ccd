import type { Command } from 'commander';
import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';
import { formatOption, printJson, type Format } from '../formats.js';
import { resolveConfig, storePath, openStore } from '../../engine/config-resolution.js';
import type { GlobalOptions } from '../global-options.js';
import { loadRegistry } from '../../registry/index.js';
import { openEvidence, producersFrom } from '../../period/index.js';
import { observationTypesOf } from '../../engine/catalog-info.js';
import { buildScopeView, scopeHistory } from '../../report/scope-view.js';
import { CliError, EXIT, type ExitCode } from '../exit-codes.js';
import { parseRunId } from './report.js';

interface ScopeOptions extends GlobalOptions {
  format: Format;
  run?: string;
  history?: boolean;
  from?: string;
  to?: string;
}

const t = (head: string[], colWidths: number[]) => new Table({ head, colWidths, wordWrap: true, wrapOnWordBoundary: true, style: { head: [], border: [], compact: true } });

/** `controlwatch scope`: a run's in-scope resources, scope drift and what was not evaluated; `--history` lists scope changes over days. */
export function registerScope(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command('scope')
    .description('what a sealed run had in scope, what it discovered outside the declared scope (drift) and what it did not evaluate; --history: scope changes over a period')
    .addOption(formatOption())
    .option('--run <id>', 'this sealed run instead of the latest')
    .option('--history', 'list resources that entered or left the scope, day by day (with --from and --to)')
    .option('--from <day>', 'with --history: first audit day (YYYY-MM-DD)')
    .option('--to <day>', 'with --history: last audit day (YYYY-MM-DD)')
    .action((_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<ScopeOptions>();
      const resolved = resolveConfig(opts, false, { secrets: 'not-needed' });
      const registry = loadRegistry(resolved.config);
      const types = observationTypesOf(registry);
      const store = openStore(storePath(opts, resolved), true);
      try {
        const evidence = openEvidence(store, { timezone: resolved.config.audit.timezone, producers: producersFrom(registry.collectors) });
        if (opts.history) {
          if (opts.from === undefined || opts.to === undefined) throw new CliError('--history needs --from and --to (YYYY-MM-DD)', EXIT.usage);
          const changes = scopeHistory(evidence, { from: opts.from, to: opts.to }, types);
          if (opts.format === 'json') printJson({ from: opts.from, to: opts.to, changes });
          else if (opts.format === 'csv') process.stdout.write(stringify(changes.map((c) => ({ ...c })), { header: true, columns: ['day', 'runId', 'change', 'type', 'id'] }));
          else {
            const table = t(['day', 'run', 'change', 'type', 'resource'], [12, 6, 9, 22, 70]);
            for (const c of changes) table.push([c.day, c.runId, c.change, c.type, c.id]);
            process.stdout.write(`Scope changes ${opts.from} … ${opts.to}: ${changes.length}\n${changes.length > 0 ? `${table.toString()}\n` : ''}`);
          }
          setExit(EXIT.ok);
          return;
        }
        const checked = new Set(registry.checks.filter((c) => c.enabled).map((c) => c.definition.observationType));
        const view = buildScopeView(evidence, opts.run === undefined ? undefined : parseRunId(opts.run), types, checked);
        if (opts.format === 'json') printJson(view);
        else if (opts.format === 'csv') {
          const rows = [
            ...view.inScope.map((r) => ({ run_id: view.run.id, day: view.run.day, in_scope: 'yes', type: r.type, resource: r.id, scope: r.scope, why: r.by ?? '' })),
            ...view.drift.map((r) => ({ run_id: view.run.id, day: view.run.day, in_scope: 'no', type: r.type, resource: r.id, scope: r.scope, why: r.why })),
          ];
          process.stdout.write(stringify(rows, { header: true, columns: ['run_id', 'day', 'in_scope', 'type', 'resource', 'scope', 'why'] }));
        } else {
          const discovered = view.byType.reduce((n, x) => n + x.discovered, 0);
          const inScope = view.byType.reduce((n, x) => n + x.inScope, 0);
          const out = [
            `scope of run ${view.run.id} on ${view.run.day}: ${view.declared === null ? 'no declared scope (everything discovered is in scope)' : `${inScope} of ${discovered} discovered resources inside the declared scope`}`,
          ];
          const byType = t(['type', 'discovered', 'in scope', 'outside'], [28, 12, 10, 9]);
          for (const x of view.byType) byType.push([x.type, x.discovered, x.inScope, x.discovered - x.inScope]);
          out.push(byType.toString(), '');
          out.push(`Scope drift: ${view.drift.length} discovered resource${view.drift.length === 1 ? '' : 's'} outside the declared scope (listed, not judged)`);
          if (view.drift.length > 0) {
            const drift = t(['type', 'resource', 'scope', 'why'], [22, 56, 26, 48]);
            for (const d of view.drift) drift.push([d.type, d.id, d.scope, d.why]);
            out.push(drift.toString());
          }
          out.push('', `In scope but not evaluated: ${view.notEvaluated.length}`);
          for (const n of view.notEvaluated) out.push(`  ${n.what}: ${n.why}`);
          out.push('', `In scope: ${view.inScope.length} resources (--format csv or json lists them)`);
          process.stdout.write(out.join('\n') + '\n');
        }
      } finally {
        store.close();
      }
      setExit(EXIT.ok);
    });
}
