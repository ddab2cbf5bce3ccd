import { runCli } from './program.js';

// The AWS SDK prints a nine-line NodeVersionSupportWarning on every command under Node < 22 (it
// checks when a client is built, so setting this before runCli is early enough). The project still
// supports Node 20.19 (package.json engines; the README says the SDK's Node 22 floor is coming),
// and the container image runs Node 22, where the SDK says nothing. The SDK's documented switch;
// a user who sets it to anything else gets the warning back.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Entry point of the `controlwatch` binary (bin/controlwatch.js imports the compiled copy).
process.exitCode = await runCli(process.argv.slice(2));
