import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { attachCallStats, type AwsClientConfig } from '../../src/sdk/aws.js';
import { call } from '../../src/sdk/aws-call.js';
import type { CallStats } from '../../src/sdk/call-stats.js';

export const OPERATION = 'sts:GetCallerIdentity';

/**
 * The account the credentials belong to. Bucket ARNs carry no account id, so unlike IAM the S3 answers
 * cannot prove whose buckets they are: without this, keys for the wrong account would record another
 * account's buckets (and their passes) as this one's. GetCallerIdentity needs no IAM permission.
 */
export async function callerAccount(config: AwsClientConfig, stats: CallStats): Promise<string> {
  const client = new STSClient(config);
  attachCallStats(client, stats, 'sts');
  try {
    const identity = await call(OPERATION, () => client.send(new GetCallerIdentityCommand({})));
    if (identity.Account === undefined) throw new Error(`${OPERATION} returned no account`);
    return identity.Account;
  } finally {
    client.destroy();
  }
}
