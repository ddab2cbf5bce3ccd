import type { Command } from 'commander';
import { printJson } from '../formats.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { generateKeyFiles } from '../../integrity/keys.js';

export function registerKeys(program: Command, setExit: (code: ExitCode) => void): void {
  const keys = program.command('keys').description('Ed25519 keys that sign seals, checkpoints and tombstones');
  keys
    .command('generate')
    .description('write a new key pair: the private key (mode 0600; keep it outside the database and the image) and the public key')
    .requiredOption('--out <dir>', 'directory for controlwatch-signing.pem and controlwatch-signing.pub.pem')
    .option('--json', 'print the paths and fingerprint as JSON')
    .action((opts: { out: string; json?: boolean }) => {
      const made = generateKeyFiles(opts.out);
      if (opts.json) printJson(made);
      else {
        process.stdout.write(
          [
            `private key ${made.privateKeyPath} (mode 0600): set integrity.signingKey to it`,
            `public key  ${made.publicKeyPath}: give it to auditors`,
            `fingerprint ${made.fingerprint}`,
          ].join('\n') + '\n',
        );
      }
      setExit(EXIT.ok);
    });
}
