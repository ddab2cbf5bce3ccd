import type { AppConfig, AwsAccountConfig, AwsConfig } from '../../src/config/schema.js';
import type { DiscoveredUnit, ScopeDiscoveryDefinition } from '../../src/model/discovery.js';
import { errorCode } from '../../src/sdk/aws-call.js';
import { networkCause } from '../../src/sdk/network-cause.js';

/**
 * AWS Organizations discovery: every ACTIVE account of the organisation that is not excluded and not
 * already configured becomes a scope, collected by assuming `organizations.roleName` in it. Accounts
 * listed in the config keep their own settings. A failed listing is the runner's business to record:
 * it keeps the last discovered accounts expected (and `error`), so no account silently disappears.
 */

const OPERATION = 'organizations:ListAccounts';

const unitOf = (accountId: string): DiscoveredUnit => ({ key: `aws:${accountId}`, label: `account ${accountId}` });
const accountIdOf = (unit: DiscoveredUnit) => unit.key.slice('aws:'.length);

function discoveredAccount(aws: AwsConfig, id: string): AwsAccountConfig {
  const org = aws.organizations!;
  return {
    id,
    regions: org.regions,
    assumeRole: {
      roleArn: `arn:aws:iam::${id}:role/${org.roleName}`,
      ...(org.externalId !== undefined ? { externalId: org.externalId } : {}),
      sessionName: 'controlwatch',
      durationSeconds: 3600,
    },
  };
}

export const awsOrganizationsDiscovery: ScopeDiscoveryDefinition<AppConfig> = {
  id: 'aws-organizations',
  provider: 'aws',
  title: 'AWS Organizations: the organisation’s ACTIVE accounts',
  permissions: [OPERATION],
  enabled: (config) => config.aws?.organizations !== undefined,

  async discover(config, ctx) {
    const aws = config.aws!;
    const org = aws.organizations!;
    // Loaded here, not at the top: the Organizations client is module loading no read command needs.
    const { listOrganizationAccounts } = await import('./list-accounts.js');
    const found = await listOrganizationAccounts(aws, ctx.stats);
    const configured = new Set(aws.accounts.map((a) => a.id));
    const skipped: { key: string; why: string }[] = [];
    const collect: DiscoveredUnit[] = [];
    for (const account of found) {
      if (configured.has(account.id)) continue;
      if (org.exclude.includes(account.id)) skipped.push({ key: unitOf(account.id).key, why: 'excluded by aws.organizations.exclude' });
      else if (account.status !== 'ACTIVE') skipped.push({ key: unitOf(account.id).key, why: `status ${account.status}` });
      else collect.push(unitOf(account.id));
    }
    ctx.log.info({ discovered: found.length, added: collect.length, skipped: skipped.length }, 'organization accounts discovered');
    return { found: collect, skipped };
  },

  extend(config, units) {
    const aws = config.aws;
    if (aws === undefined || units.length === 0) return config;
    const configured = new Set(aws.accounts.map((a) => a.id));
    const added = units.map(accountIdOf).filter((id) => !configured.has(id)).map((id) => discoveredAccount(aws, id));
    return { ...config, aws: { ...aws, accounts: [...aws.accounts, ...added] } };
  },

  // The network's cause when AWS was never reached (DNS, refused, timeout: "could not reach AWS: …"), else the service's error code.
  describeFailure: (error) => {
    const net = networkCause(error);
    return net !== null ? `${OPERATION} could not reach AWS: ${net.text}` : `${OPERATION} ${errorCode(error)}`;
  },
};
