import { runCli } from './program.js';

// Entry point of the `controlwatch` binary (bin/controlwatch.js imports the compiled copy).
process.exitCode = await runCli(process.argv.slice(2));
