import { Argument, type Command } from 'commander';
import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';
import { formatOption, printJson, type Format } from '../formats.js';
import { resolveConfig } from '../../engine/config-resolution.js';
import type { GlobalOptions } from '../global-options.js';
import { loadRegistry, type Registry } from '../../registry/index.js';
import { CliError, EXIT, type ExitCode } from '../exit-codes.js';

/** The frameworks the checks table shows a column for, in this order (every one a check maps to). */
const TABLE_FRAMEWORKS = [
  ['iso27001-2022', 'ISO 27001:2022'],
  ['soc2-2017', 'SOC 2'],
  ['pci-dss-4.0', 'PCI DSS 4.0'],
  ['cis-aws-foundations', 'CIS AWS'],
] as const;

function rowsOf(registry: Registry) {
  return registry.checks.map((c) => ({
    id: c.definition.id,
    title: c.metadata.title,
    severity: c.metadata.severity,
    observationType: c.definition.observationType,
    enabled: c.enabled,
    mappings: c.metadata.mappings,
    parameters: c.params,
    defaults: c.metadata.parameters,
    rationale: c.metadata.rationale,
    remediation: c.metadata.remediation,
    awsConfigRules: c.metadata.aws_config_rules,
  }));
}

/** `controlwatch checks [ID]`: the check catalog with its mappings and the parameters in force, or one check in full. */
export function registerChecks(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command('checks')
    .description('list the checks (id, severity, what they test, ISO 27001 / SOC 2 / PCI DSS mappings), or with an ID one check in full')
    .addArgument(new Argument('[id]', 'one check id: rationale, remediation, parameters (default and in force), every mapping'))
    .addOption(formatOption())
    .action((id: string | undefined, _opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions & { format: Format }>();
      const resolved = resolveConfig(opts, false, { secrets: 'not-needed' });
      const rows = rowsOf(loadRegistry(resolved.config));
      if (id !== undefined) {
        const row = rows.find((r) => r.id === id);
        if (!row) {
          const near = rows.filter((r) => r.id.startsWith(id.split('.')[0] ?? id)).map((r) => r.id);
          throw new CliError(`unknown check "${id}"${near.length ? `; checks with that prefix: ${near.join(', ')}` : '; `controlwatch checks` lists them'}`, EXIT.usage);
        }
        if (opts.format === 'json') printJson(row);
        else if (opts.format === 'csv') process.stdout.write(stringify([flat(row)], { header: true }));
        else process.stdout.write(oneCheck(row));
        setExit(EXIT.ok);
        return;
      }
      if (opts.format === 'json') printJson(rows);
      else if (opts.format === 'csv') process.stdout.write(stringify(rows.map(flat), { header: true }));
      else {
        const t = new Table({ head: ['check', 'severity', 'tests', 'enabled', ...TABLE_FRAMEWORKS.map(([, label]) => label)], style: { head: [], border: [], compact: true } });
        for (const r of rows) t.push([r.id, r.severity, r.observationType, r.enabled ? 'yes' : 'no', ...TABLE_FRAMEWORKS.map(([fw]) => (r.mappings[fw] ?? []).join(' '))]);
        process.stdout.write(`${rows.length} checks (\`controlwatch checks ID\` shows one in full)\n${t.toString()}\n`);
      }
      setExit(EXIT.ok);
    });
}

type Row = ReturnType<typeof rowsOf>[number];

function flat(r: Row) {
  return {
    id: r.id,
    title: r.title,
    severity: r.severity,
    observationType: r.observationType,
    enabled: r.enabled,
    mappings: Object.entries(r.mappings).map(([f, ids]) => `${f}:${ids.join('|')}`).join(' '),
    parameters: JSON.stringify(r.parameters),
    remediation: r.remediation,
  };
}

/** One check in full, as a reviewer or auditor reads it. */
function oneCheck(r: Row): string {
  const params = (r.parameters ?? {}) as Record<string, unknown>;
  const names = [...new Set([...Object.keys(r.defaults), ...Object.keys(params)])].sort();
  const lines = [
    `${r.id} — ${r.title}`,
    `severity: ${r.severity}   tests: ${r.observationType}   enabled: ${r.enabled ? 'yes' : 'no (checks.disabled)'}`,
    '',
    'Rationale',
    `  ${r.rationale.trim().replace(/\n/g, '\n  ')}`,
    '',
    'Remediation',
    `  ${r.remediation.trim().replace(/\n/g, '\n  ')}`,
    '',
    'Parameters',
  ];
  if (names.length === 0) lines.push('  (none)');
  for (const n of names) {
    const now = JSON.stringify(params[n]);
    const def = JSON.stringify(r.defaults[n]);
    lines.push(`  ${n}: ${now}${now === def ? ' (default)' : ` (default ${def})`}`);
  }
  lines.push('', 'Mappings');
  for (const [fw, ids] of Object.entries(r.mappings).sort(([a], [b]) => a.localeCompare(b))) lines.push(`  ${fw}: ${ids.join(', ')}`);
  if (r.awsConfigRules.length) lines.push('', `AWS Config managed rules testing the same: ${r.awsConfigRules.join(', ')}`);
  return lines.join('\n') + '\n';
}
