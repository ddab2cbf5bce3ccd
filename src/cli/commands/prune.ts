import type { Command } from 'commander';
import { printJson } from '../formats.js';
import { resolveConfig, storePath, openStore } from '../../engine/config-resolution.js';
import type { GlobalOptions } from '../global-options.js';
import { CliError, EXIT, type ExitCode } from '../exit-codes.js';
import { loadIntegrity } from '../../integrity/setup.js';

interface PruneOptions extends GlobalOptions {
  before: string;
  yes?: boolean;
  json?: boolean;
}

export function registerPrune(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command('prune')
    .description('delete runs started before a date and the blobs only they used, leaving a signed tombstone in the chain (evidence is kept forever unless you run this)')
    .requiredOption('--before <date>', 'YYYY-MM-DD (UTC midnight) or an ISO-8601 UTC time: runs that started before it go')
    .option('--yes', 'really delete (required)')
    .option('--json', 'print the tombstone as JSON')
    .action((_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<PruneOptions>();
      const before = cutoff(opts.before);
      if (!opts.yes) throw new CliError(`prune deletes evidence for good; add --yes to remove runs started before ${before}`, EXIT.usage);
      const resolved = resolveConfig(opts, false);
      const integrity = loadIntegrity(resolved.config.integrity);
      // The tombstone is what lets verify accept the gap; unsigned, anyone could forge one to hide a deletion.
      if (!integrity.signer) throw new CliError('prune needs integrity.signingKey: the tombstone it leaves must be signed', EXIT.usage);
      const store = openStore(storePath(opts, resolved), false);
      let result;
      try {
        result = store.prune({ before, signer: integrity.signer, now: new Date().toISOString() });
      } finally {
        store.close();
      }
      const t = result.tombstone;
      if (opts.json) printJson({ tombstone: t });
      else if (!t) process.stdout.write(`nothing to prune: no run before ${before} except the chain head\n`);
      else {
        process.stdout.write(
          `pruned runs ${t.firstRunId}-${t.lastRunId} (${t.runsRemoved} runs, ${t.sealedRunsRemoved} sealed) and ${t.blobsRemoved} blobs; tombstone ${t.id} names the last pruned seal ${t.lastPrunedSeal ?? '(none)'}\n`,
        );
      }
      setExit(EXIT.ok);
    });
}

function cutoff(text: string): string {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00.000Z` : text;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime()) || !/Z$/.test(iso)) throw new CliError(`--before: expected YYYY-MM-DD or an ISO-8601 UTC time, got '${text}'`, EXIT.usage);
  return date.toISOString();
}
