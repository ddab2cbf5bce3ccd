import { OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import type { AwsConfig } from '../../src/config/schema.js';
import { baseCredentials } from '../../src/sdk/aws-credentials.js';
import { attachCallStats } from '../../src/sdk/aws.js';
import type { CallStats } from '../../src/sdk/call-stats.js';

export interface OrganizationAccount {
  readonly id: string;
  readonly name: string;
  readonly status: string;
}

/**
 * Every account of the organization, from the management (or delegated-administrator) account with
 * the base credentials. Organizations is a global service served from us-east-1.
 */
export async function listOrganizationAccounts(aws: AwsConfig, stats: CallStats): Promise<OrganizationAccount[]> {
  const credentials = baseCredentials(aws);
  const client = new OrganizationsClient({
    region: 'us-east-1',
    ...(aws.endpoints.organizations !== undefined ? { endpoint: aws.endpoints.organizations } : {}),
    ...(credentials !== undefined ? { credentials } : {}),
    retryMode: aws.retry.mode,
    maxAttempts: aws.retry.maxAttempts,
    requestHandler: { requestTimeout: aws.requestTimeoutMs, connectionTimeout: Math.min(aws.requestTimeoutMs, 10_000), throwOnRequestTimeout: true },
  });
  attachCallStats(client, stats, 'organizations');
  try {
    const accounts: OrganizationAccount[] = [];
    for await (const page of paginateListAccounts({ client }, {})) {
      for (const a of page.Accounts ?? []) {
        if (a.Id !== undefined) accounts.push({ id: a.Id, name: a.Name ?? a.Id, status: a.Status ?? 'UNKNOWN' });
      }
    }
    return accounts;
  } finally {
    client.destroy();
  }
}
