import type { Command } from 'commander';
import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';
import { formatOption, printJson, type Format } from '../formats.js';
import { resolveConfig, storePath, openStore } from '../../engine/config-resolution.js';
import type { GlobalOptions } from '../global-options.js';
import { loadRegistry } from '../../registry/index.js';
import { NoEvidenceError, openEvidence, producersFrom } from '../../period/index.js';
import { storedRegister, stateOn } from '../../programme/exceptions-register.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { parseRunId } from './report.js';

/** `controlwatch exceptions`: the exceptions register as a sealed run stored it, each entry's state that day and what it covered. */
export function registerExceptions(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command('exceptions')
    .description('the exceptions register as of a sealed run (the latest unless --run): state on that day and the results each entry excepted')
    .addOption(formatOption())
    .option('--run <id>', 'this sealed run instead of the latest')
    .action((_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions & { format: Format; run?: string }>();
      const resolved = resolveConfig(opts, false, { secrets: 'not-needed' });
      const registry = loadRegistry(resolved.config);
      const store = openStore(storePath(opts, resolved), true);
      try {
        const evidence = openEvidence(store, { timezone: resolved.config.audit.timezone, producers: producersFrom(registry.collectors) });
        const run = opts.run === undefined ? evidence.latestSealedRun() : evidence.sealedRun(parseRunId(opts.run));
        if (run === undefined) throw new NoEvidenceError('no sealed run in the evidence store yet: run `controlwatch run` first');
        const covered = new Map<string, { checkId: string; resourceId: string; underlying: string }[]>();
        for (const f of evidence.findings(run.id)) {
          if (f.exceptionId === undefined) continue;
          covered.set(f.exceptionId, [...(covered.get(f.exceptionId) ?? []), { checkId: f.checkId, resourceId: f.resourceId, underlying: f.underlying ?? 'fail' }]);
        }
        const rows = storedRegister(evidence.exceptionsBlob(run.id)).map((e) => ({ ...e, state: stateOn(e, run.day), excepted: covered.get(e.id) ?? [] }));
        if (opts.format === 'json') printJson({ run: { id: run.id, day: run.day }, exceptions: rows });
        else if (opts.format === 'csv') {
          const cols = ['run_id', 'day', 'id', 'check', 'control', 'resource', 'state', 'starts', 'expires', 'risk', 'approver', 'approved', 'reason', 'compensating_control', 'excepted'];
          process.stdout.write(stringify(rows.map((e) => ({ run_id: run.id, day: run.day, id: e.id, check: e.check ?? '', control: e.control ?? '', resource: e.resource, state: e.state, starts: e.starts ?? '', expires: e.expires, risk: e.risk ?? '', approver: e.approver, approved: e.approved ?? '', reason: e.reason, compensating_control: e.compensatingControl ?? '', excepted: e.excepted.length })), { header: true, columns: cols }));
        } else {
          const t = new Table({ head: ['id', 'check / control', 'resource', 'state', 'starts', 'expires', 'risk', 'approver', 'excepted', 'reason'], colWidths: [12, 30, 36, 12, 12, 12, 9, 18, 9, 40], wordWrap: true, style: { head: [], border: [], compact: true } });
          for (const e of rows) t.push([e.id, e.check ?? `control ${e.control}`, e.resource, e.state, e.starts ?? '-', e.expires, e.risk ?? '-', e.approver, e.excepted.length, e.reason]);
          process.stdout.write(`exceptions register as stored by run ${run.id} (${run.day}): ${rows.length} entr${rows.length === 1 ? 'y' : 'ies'}\n${rows.length > 0 ? `${t.toString()}\n` : ''}`);
        }
      } finally {
        store.close();
      }
      setExit(EXIT.ok);
    });
}
