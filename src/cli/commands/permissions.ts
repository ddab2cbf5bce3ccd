import { readFileSync } from 'node:fs';
import { Argument, type Command } from 'commander';
import { configPath } from '../../util/project-root.js';
import { printJson } from '../formats.js';
import { resolveConfig } from '../../engine/config-resolution.js';
import type { GlobalOptions } from '../global-options.js';
import { loadRegistry } from '../../registry/index.js';
import { controllerPolicy, readOnlyPolicy, roleTrustPolicy } from '../../permissions/aws-policies.js';
import { EXIT, type ExitCode } from '../exit-codes.js';

const WHAT = ['aws-readonly-policy', 'aws-controller-policy', 'aws-trust-policy', 'github', 'collectors'] as const;

/**
 * `controlwatch permissions <what>`: the exact permissions the configured collectors need, as JSON
 * ready for `aws iam create-policy --policy-document file://…`.
 */
export function registerPermissions(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command('permissions')
    .description('print the least-privilege AWS policies (read-only role, controller, role trust), the GitHub token permissions, or every collector\'s permissions')
    .addArgument(new Argument('<what>', 'which document').choices([...WHAT]))
    .option('--controller-account <id>', 'for aws-trust-policy: the account controlwatch runs in', '123456789012')
    .option('--external-id <id>', 'for aws-trust-policy: the sts:ExternalId to require', '<choose-a-random-external-id>')
    .action((what: (typeof WHAT)[number], _opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions & { controllerAccount: string; externalId: string }>();
      const resolved = resolveConfig(opts, false);
      const registry = loadRegistry(resolved.config);
      const roleName = resolved.config.aws?.organizations?.roleName ?? 'controlwatch-readonly';
      if (what === 'aws-readonly-policy') printJson(readOnlyPolicy(registry.collectors));
      else if (what === 'aws-controller-policy') printJson(controllerPolicy(roleName));
      else if (what === 'aws-trust-policy') printJson(roleTrustPolicy(opts.controllerAccount, opts.externalId));
      // Kept equal to the GitHub collector's declared permissions by test/permissions; it also says why each is needed.
      else if (what === 'github') printJson(JSON.parse(readFileSync(configPath('github-permissions.json'), 'utf8')));
      else printJson(registry.collectors.map((c) => ({ collector: c.id, title: c.title, permissions: c.permissions })));
      setExit(EXIT.ok);
    });
}
