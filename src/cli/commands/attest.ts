import type { Command } from 'commander';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import Table from 'cli-table3';
import { formatOption, printJson, type Format } from '../formats.js';
import { resolveConfig, storePath, openStore } from '../../engine/config-resolution.js';
import type { GlobalOptions } from '../global-options.js';
import { loadRegistry } from '../../registry/index.js';
import { NoEvidenceError, openEvidence, producersFrom } from '../../period/index.js';
import { AttestationLedger } from '../../programme/attestation-ledger.js';
import { checkAttestations, type AttestationCheck } from '../../programme/check-attestations.js';
import { accessPopulation } from '../../report/access-population.js';
import { dayIn } from '../../util/calendar.js';
import { CliError, EXIT, type ExitCode } from '../exit-codes.js';

interface AttestOptions extends GlobalOptions {
  control: string;
  by: string;
  note?: string;
  file: string[];
  population?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/**
 * `controlwatch attest`: records that a person performed a manual control, with a note and files, into
 * the evidence store; the next run's seal covers it. `--population` first writes the access population
 * of the latest sealed run (CSV, beside the database) and attaches it.
 */
export function registerAttest(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command('attest')
    .description('record an attestation of a manual control (who, when, note, attached files); the next run seals it')
    .requiredOption('--control <id>', 'the control attested, e.g. A.5.18')
    .requiredOption('--by <name>', 'who performed the control')
    .option('--note <text>', 'what was done and found')
    .option('--file <path>', 'a file to attach (repeatable); stored whole, its SHA-256 sealed', collect, [])
    .option('--population', 'first write the current access population (IAM users and roles, GitHub members and outside collaborators) from the latest sealed run, and attach it')
    .action((_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<AttestOptions>();
      const resolved = resolveConfig(opts, false, { secrets: 'not-needed' });
      const registry = loadRegistry(resolved.config);
      const known = [...registry.frameworks.values()].some((f) => f.controlIds.has(opts.control));
      if (!known) throw new CliError(`--control ${opts.control}: no framework has this control`, EXIT.usage);
      const declared = resolved.config.manualControls.some((m) => m.control === opts.control);
      const path = storePath(opts, resolved);
      const files = opts.file.map((f) => {
        try {
          return { name: basename(f), bytes: readFileSync(f) };
        } catch (err) {
          throw new CliError(`--file ${f}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`, EXIT.usage);
        }
      });
      const now = new Date();
      if (opts.population) {
        const store = openStore(path, true);
        try {
          const evidence = openEvidence(store, { timezone: resolved.config.audit.timezone, producers: producersFrom(registry.collectors) });
          const run = evidence.latestSealedRun();
          if (run === undefined) throw new NoEvidenceError('--population needs a sealed run: run `controlwatch run` first');
          const rows = accessPopulation(evidence, run.id);
          const csv = stringify(rows.map((r) => ({ run_id: run.id, day: run.day, ...r })), { header: true, columns: ['run_id', 'day', 'source', 'principal', 'scope', 'access'] });
          const name = `access-population-run-${run.id}.csv`;
          const out = resolve(join(resolve(path, '..'), name));
          writeFileSync(out, csv);
          process.stdout.write(`wrote the access population of run ${run.id} (${rows.length} principals) to ${out}; attached\n`);
          files.push({ name, bytes: Buffer.from(csv) });
        } finally {
          store.close();
        }
      }
      const ledger = AttestationLedger.open(path);
      try {
        const row = ledger.record({ control: opts.control, by: opts.by, recordedAt: now.toISOString(), day: dayIn(now, resolved.config.audit.timezone), note: opts.note ?? null, files });
        const record = ledger.read(row.recordHash);
        process.stdout.write(`attestation ${row.id}: ${row.control} by ${row.by} on ${row.day}; record ${row.recordHash}\n`);
        for (const f of record.files) process.stdout.write(`  ${f.name}: ${f.size} bytes, sha256 ${f.sha256}\n`);
        process.stdout.write('the next run records it under its seal (controlwatch verify checks every blob)\n');
        if (!declared) process.stdout.write(`note: ${opts.control} is not declared under manualControls, so no cadence judges it\n`);
      } finally {
        ledger.close();
      }
      setExit(EXIT.ok);
    });

  program
    .command('attestations')
    .description('list recorded attestations; --extract writes one attestation\'s files (checked against their SHA-256) to a folder')
    .addOption(formatOption())
    .option('--control <id>', 'only this control')
    .option('--extract <id>', 'the attestation whose files to write')
    .option('--out <dir>', 'with --extract: where to write them', '.')
    .option('--verify', 'check every attestation row against the sealed runs that recorded it and every attached file against its SHA-256 (exit 3 on a mismatch)')
    .action((_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions & { format: Format; control?: string; extract?: string; out: string; verify?: boolean }>();
      const resolved = resolveConfig(opts, false, { secrets: 'not-needed' });
      const path = storePath(opts, resolved);
      const ledger = AttestationLedger.open(path, { readonly: true });
      try {
        const rows = ledger.list().filter((r) => opts.control === undefined || r.control === opts.control);
        if (opts.verify) {
          const store = openStore(path, true);
          let verdict: AttestationCheck;
          try {
            verdict = checkAttestations(store, ledger);
          } finally {
            store.close();
          }
          if (opts.format === 'json') printJson({ problems: verdict.problems, pending: verdict.pending });
          else {
            const lines = [`${ledger.list().length} attestations; ${verdict.pending.length} not sealed yet (the next run seals them)`];
            lines.push(verdict.problems.length === 0 ? 'attestations intact: every row matches the runs that sealed it, every file its SHA-256' : 'ATTESTATIONS DO NOT MATCH THE SEALED EVIDENCE:');
            for (const p of verdict.problems) lines.push(`  - ${p}`);
            process.stdout.write(lines.join('\n') + '\n');
          }
          setExit(verdict.problems.length === 0 ? EXIT.ok : EXIT.integrity);
          return;
        }
        if (opts.extract !== undefined) {
          const row = rows.find((r) => String(r.id) === opts.extract);
          if (!row) throw new CliError(`--extract ${opts.extract}: no such attestation`, EXIT.usage);
          mkdirSync(opts.out, { recursive: true });
          for (const f of ledger.read(row.recordHash).files) {
            writeFileSync(join(opts.out, f.name), ledger.attachment(f));
            process.stdout.write(`${join(opts.out, f.name)}: sha256 ${f.sha256} verified\n`);
          }
        } else if (opts.format === 'json') printJson(rows.map((r) => ({ ...r, record: ledger.read(r.recordHash) })));
        else if (opts.format === 'csv') {
          // One row per attestation; its files as name:sha256 pairs, space-separated.
          const cols = ['id', 'control', 'by', 'day', 'recorded_at', 'record_hash', 'note', 'files'];
          process.stdout.write(
            stringify(
              rows.map((r) => {
                const rec = ledger.read(r.recordHash);
                return { id: r.id, control: r.control, by: r.by, day: r.day, recorded_at: r.recordedAt, record_hash: r.recordHash, note: rec.note ?? '', files: rec.files.map((f) => `${f.name}:${f.sha256}`).join(' ') };
              }),
              { header: true, columns: cols },
            ),
          );
        }
        else {
          const t = new Table({ head: ['id', 'control', 'by', 'day', 'files', 'note'], colWidths: [6, 10, 18, 12, 30, 50], wordWrap: true, style: { head: [], border: [], compact: true } });
          for (const r of rows) {
            const rec = ledger.read(r.recordHash);
            t.push([r.id, r.control, r.by, r.day, rec.files.map((f) => f.name).join(' '), rec.note ?? '']);
          }
          process.stdout.write(`${rows.length} attestation${rows.length === 1 ? '' : 's'}\n${rows.length > 0 ? `${t.toString()}\n` : ''}`);
        }
      } finally {
        ledger.close();
      }
      setExit(EXIT.ok);
    });
}
