import { readFileSync } from 'node:fs';
import { Argument, type Command } from 'commander';
import { configPath } from '../../util/project-root.js';
import { printJson } from '../formats.js';
import { resolveConfig } from '../../engine/config-resolution.js';
import type { GlobalOptions } from '../global-options.js';
import { loadRegistry } from '../../registry/index.js';
import { controllerPolicy, EXAMPLE_ACCOUNT_ID, isPlaceholder, readOnlyPolicy, roleTrustPolicy, type ControllerRoles } from '../../permissions/aws-policies.js';
import type { AppConfig } from '../../config/schema.js';
import { CliError, EXIT, type ExitCode } from '../exit-codes.js';

const WHAT = ['aws-readonly-policy', 'aws-controller-policy', 'aws-trust-policy', 'github', 'collectors'] as const;

/**
 * `controlwatch permissions <what>`: the exact permissions the configured collectors need, as JSON
 * ready for `aws iam create-policy --policy-document file://…`. Nothing it prints is a placeholder to
 * fill in later: what it cannot know (the controller account, an external id) must be given.
 */
export function registerPermissions(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command('permissions')
    .description('print the least-privilege AWS policies (read-only role, controller, role trust), the GitHub token permissions, or every collector\'s permissions')
    .addArgument(new Argument('<what>', 'which document').choices([...WHAT]))
    .option('--controller-account <id>', 'for aws-trust-policy (required): the 12-digit account controlwatch runs in')
    .option('--external-id <id>', 'for aws-trust-policy: the sts:ExternalId to require (default: the one in the configuration)')
    .action((what: (typeof WHAT)[number], _opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions & { controllerAccount?: string; externalId?: string }>();
      // Prints documents derived from the configuration's shape: its secrets are not needed.
      const resolved = resolveConfig(opts, false, { secrets: 'not-needed' });
      const registry = loadRegistry(resolved.config);
      if (what === 'aws-readonly-policy') printJson(readOnlyPolicy(registry.collectors));
      else if (what === 'aws-controller-policy') {
        const policy = controllerPolicy(controllerRoles(resolved.config));
        if (policy === null) {
          throw new CliError(
            'aws-controller-policy: the configuration assumes no role (no aws.accounts[].assumeRole, no aws.organizations), so the identity controlwatch runs as needs no controller policy: attach the read-only policy (aws-readonly-policy) to it',
            EXIT.usage,
          );
        }
        printJson(policy);
      } else if (what === 'aws-trust-policy') printJson(roleTrustPolicy(controllerAccount(opts.controllerAccount), externalId(opts.externalId, resolved.config)));
      // Kept equal to the GitHub collector's declared permissions by test/permissions; it also says why each is needed.
      else if (what === 'github') printJson(JSON.parse(readFileSync(configPath('github-permissions.json'), 'utf8')));
      else printJson(registry.collectors.map((c) => ({ collector: c.id, title: c.title, permissions: c.permissions })));
      setExit(EXIT.ok);
    });
}

/** The configured roles; with no aws section, the documented default (discovery assuming controlwatch-readonly). */
function controllerRoles(config: AppConfig): ControllerRoles {
  const aws = config.aws;
  if (aws === undefined) return { roleArns: [], organizationRoleName: 'controlwatch-readonly' };
  return {
    roleArns: aws.accounts.flatMap((a) => (a.assumeRole ? [a.assumeRole.roleArn] : [])),
    organizationRoleName: aws.organizations?.roleName ?? null,
  };
}

function controllerAccount(value: string | undefined): string {
  if (value === undefined) throw new CliError('aws-trust-policy needs --controller-account: the 12-digit id of the account controlwatch runs in (the role trusts only it)', EXIT.usage);
  if (!/^\d{12}$/.test(value)) throw new CliError(`--controller-account ${value}: expected a 12-digit AWS account id`, EXIT.usage);
  if (value === EXAMPLE_ACCOUNT_ID) throw new CliError(`--controller-account ${value}: that is the documentation's example account id; give the account controlwatch runs in`, EXIT.usage);
  return value;
}

/** --external-id, else the one external id the configuration uses (organizations, or every assumeRole alike). */
function externalId(value: string | undefined, config: AppConfig): string {
  if (value !== undefined) {
    if (isPlaceholder(value) || value.length < 2) throw new CliError(`--external-id ${value}: a placeholder, not an external id; choose a random value (e.g. openssl rand -hex 16) and put it in the configuration too`, EXIT.usage);
    return value;
  }
  const configured = new Set([config.aws?.organizations?.externalId, ...(config.aws?.accounts ?? []).map((a) => a.assumeRole?.externalId)].filter((x): x is string => x !== undefined));
  if (configured.size === 1) return [...configured][0]!;
  throw new CliError(
    configured.size === 0
      ? 'aws-trust-policy needs --external-id: the configuration sets none (aws.organizations.externalId or aws.accounts[].assumeRole.externalId); choose a random value (e.g. openssl rand -hex 16)'
      : `aws-trust-policy needs --external-id: the configuration uses ${configured.size} different ones; name the one for this role`,
    EXIT.usage,
  );
}
