import { Command, CommanderError, Option } from 'commander';
import { ConfigError } from '../config/errors.js';
import { AGENT_VERSION } from '../util/project-root.js';
import { NoEvidenceError } from '../report/build.js';
import { TamperedRunError } from '../period/index.js';
import { CliError, EXIT, type ExitCode } from './exit-codes.js';
import { registerRun } from './commands/run.js';
import { registerReport } from './commands/report.js';
import { registerRuns } from './commands/runs.js';
import { registerShow } from './commands/show.js';
import { registerVerify } from './commands/verify.js';
import { registerKeys } from './commands/keys.js';
import { registerPrune } from './commands/prune.js';
import { registerChecks } from './commands/checks.js';
import { registerControls } from './commands/controls.js';
import { registerDemo } from './commands/demo.js';
import { registerDaemon } from './commands/daemon.js';
import { registerPermissions } from './commands/permissions.js';
import { registerPeriod } from './commands/period.js';
import { registerLog } from './commands/log.js';
import { registerSample } from './commands/sample.js';
import { registerExport } from './commands/export.js';
import { registerScope } from './commands/scope.js';
import { registerExceptions } from './commands/exceptions.js';
import { registerAttest } from './commands/attest.js';

/** Builds the CLI. Commands report their exit code through `setExit`, so `runCli` can be tested in-process. */
export function buildProgram(setExit: (code: ExitCode) => void): Command {
  const program = new Command()
    .name('controlwatch')
    .description('Continuous control testing for AWS and GitHub, mapped to ISO/IEC 27001:2022, SOC 2 and PCI DSS 4.0, with sealed evidence')
    .version(AGENT_VERSION)
    .option('-c, --config <file>', 'configuration file (default: ./controlwatch.yaml)')
    .option('--db <file>', 'evidence database (overrides store.path in the config)')
    .addOption(new Option('--log-level <level>', 'log level (logs go to stderr as JSON)').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']))
    .showHelpAfterError()
    .exitOverride();
  registerRun(program, setExit);
  registerReport(program, setExit);
  registerRuns(program, setExit);
  registerShow(program, setExit);
  registerVerify(program, setExit);
  registerKeys(program, setExit);
  registerPrune(program, setExit);
  registerChecks(program, setExit);
  registerControls(program, setExit);
  registerDemo(program, setExit);
  registerDaemon(program, setExit);
  registerPermissions(program, setExit);
  registerPeriod(program, setExit);
  registerLog(program, setExit);
  registerSample(program, setExit);
  registerExport(program, setExit);
  registerScope(program, setExit);
  registerExceptions(program, setExit);
  registerAttest(program, setExit);
  return program;
}

/** Runs the CLI and returns the exit code; every error becomes one clear message on stderr. */
export async function runCli(argv: readonly string[]): Promise<ExitCode> {
  let code: ExitCode = EXIT.ok;
  const program = buildProgram((c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (err) {
    return reportError(err);
  }
}

function reportError(err: unknown): ExitCode {
  if (err instanceof CommanderError) {
    // --help and --version end here too, with exit code 0; commander already printed the message.
    return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (err instanceof ConfigError) {
    process.stderr.write(`configuration error:\n${err.problems.map((p) => `  ${p}`).join('\n')}\n`);
    return EXIT.usage;
  }
  if (err instanceof CliError) {
    process.stderr.write(`error: ${err.message}\n`);
    return err.exitCode;
  }
  if (err instanceof TamperedRunError) {
    process.stderr.write(`error: ${err.message}\n`);
    return EXIT.integrity;
  }
  if (err instanceof NoEvidenceError) {
    process.stderr.write(`error: ${err.message}\n`);
    return EXIT.noEvidence;
  }
  const name = err instanceof Error ? err.name : 'Error';
  if (name === 'EvidenceClassError' || name === 'StoreOpenError' || name === 'ClockSkewError') {
    // A store problem, refused before anything was recorded: the wrong database, a path that cannot be opened,
    // or a clock behind the evidence already sealed.
    process.stderr.write(`error: ${(err as Error).message}\n`);
    return EXIT.store;
  }
  if (name === 'RegistryError') {
    process.stderr.write(`${(err as Error).message}\n`);
    return EXIT.usage;
  }
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  return EXIT.failure;
}
