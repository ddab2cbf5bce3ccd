import type { Command } from 'commander';
import { formatOption, printJson } from '../formats.js';
import { resolveConfig, storePath, openStore } from '../../engine/config-resolution.js';
import type { GlobalOptions } from '../global-options.js';
import { EXIT, type ExitCode } from '../exit-codes.js';

export function registerVerify(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command('verify')
    .description('recompute every blob hash, every seal and the chain; name the first run that does not match (exit 3)')
    .addOption(formatOption(['table', 'json']))
    .action((_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions & { format: 'table' | 'json' }>();
      const resolved = resolveConfig(opts, false, { secrets: 'not-needed' });
      const path = storePath(opts, resolved);
      const store = openStore(path, true);
      let report;
      try {
        report = store.verify();
      } finally {
        store.close();
      }
      if (opts.format === 'json') printJson({ database: path, ...report });
      else {
        const lines = [`evidence store ${path}`, `checked ${report.runsChecked} sealed runs and ${report.blobsChecked} blobs`];
        for (const u of report.unsealedRuns) lines.push(`run ${u.id} is ${u.status}: not evidence, outside the chain`);
        if (report.ok) lines.push('chain intact: every sealed run matches its seal and links to the one before');
        else {
          lines.push(`TAMPERING OR CORRUPTION DETECTED: first bad run is ${report.firstBadRun?.id ?? '(none named)'}: ${report.firstBadRun?.reason ?? ''}`);
          for (const p of report.problems) lines.push(`  - ${p}`);
        }
        process.stdout.write(lines.join('\n') + '\n');
      }
      setExit(report.ok ? EXIT.ok : EXIT.integrity);
    });
}
