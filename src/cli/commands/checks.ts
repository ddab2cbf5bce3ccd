import type { Command } from 'commander';
import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';
import { formatOption, printJson, type Format } from '../formats.js';
import { resolveConfig } from '../../engine/config-resolution.js';
import type { GlobalOptions } from '../global-options.js';
import { loadRegistry } from '../../registry/index.js';
import { EXIT, type ExitCode } from '../exit-codes.js';

/** `controlwatch checks`: the check catalog with its mappings and the parameters in force. */
export function registerChecks(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command('checks')
    .description('list the checks: id, severity, what they test, mapped controls, parameters in force')
    .addOption(formatOption())
    .action((_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions & { format: Format }>();
      const resolved = resolveConfig(opts, false, { secrets: 'not-needed' });
      const registry = loadRegistry(resolved.config);
      const rows = registry.checks.map((c) => ({
        id: c.definition.id,
        title: c.metadata.title,
        severity: c.metadata.severity,
        observationType: c.definition.observationType,
        enabled: c.enabled,
        mappings: c.metadata.mappings,
        parameters: c.params,
        remediation: c.metadata.remediation,
      }));
      if (opts.format === 'json') printJson(rows);
      else if (opts.format === 'csv') {
        process.stdout.write(
          stringify(
            rows.map((r) => ({ ...r, mappings: Object.entries(r.mappings).map(([f, ids]) => `${f}:${ids.join('|')}`).join(' '), parameters: JSON.stringify(r.parameters) })),
            { header: true },
          ),
        );
      } else {
        const t = new Table({ head: ['check', 'severity', 'tests', 'enabled', 'iso27001-2022', 'soc2-2017'], style: { head: [], border: [], compact: true } });
        for (const r of rows) t.push([r.id, r.severity, r.observationType, r.enabled ? 'yes' : 'no', (r.mappings['iso27001-2022'] ?? []).join(' '), (r.mappings['soc2-2017'] ?? []).join(' ')]);
        process.stdout.write(`${rows.length} checks\n${t.toString()}\n`);
      }
      setExit(EXIT.ok);
    });
}
